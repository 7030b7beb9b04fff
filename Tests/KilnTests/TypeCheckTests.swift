import Foundation
import KilnCore
import KilnSystem
import Testing

@testable import KilnValidation

/// Mypy on generated code: a line that raises whatever the input is an error, found without
/// running it; mypy's opinions about typing, and what it had to guess, are not reported.
@Suite("Type check of generated code")
struct TypeCheckTests {
    static func diagnostic(_ code: String, _ message: String, line: Int = 4) -> MypyDiagnostic {
        MypyDiagnostic(line: line, column: 9, message: message, hint: nil, code: code, severity: "error")
    }

    @Test func onlyErrorsPythonItselfWouldRaiseAreReported() {
        let found = MypyPolicy.findings(
            [
                Self.diagnostic("attr-defined", #""TokenBucket" has no attribute "clock""#),
                Self.diagnostic("operator", #"Unsupported operand types for > ("int" and "str")"#, line: 7),
                Self.diagnostic("attr-defined", #""TokenBucket" has no attribute "refill_time"; maybe "refill_rate"?"#, line: 9),
                Self.diagnostic("attr-defined", #"Module "typing" has no attribute "ValueError""#, line: 1),
                // Typing opinions: the code runs.
                Self.diagnostic("assignment", #"Incompatible types in assignment (expression has type "float", target has type "int")"#),
                Self.diagnostic("var-annotated", #"Need type annotation for "cache""#),
                Self.diagnostic("override", #"Argument 1 of "__eq__" is incompatible with supertype "builtins.object""#),
                // Types mypy was unsure of.
                Self.diagnostic("operator", #"Unsupported operand types for > ("Literal['n']" and "int")"#),
                Self.diagnostic("operator", #"Unsupported operand types for - ("float" and "None")"#),
                Self.diagnostic("attr-defined", #"datetime? has no attribute "astimezone""#),
                Self.diagnostic("operator", #"Unsupported left operand type for + ("int | str")"#),
            ], code: "class TokenBucket:\n    pass\n", path: "bucket.py")
        #expect(found.map(\.rule) == ["mypy/attr-defined", "mypy/operator", "mypy/attr-defined", "mypy/attr-defined"])
        #expect(found.map(\.line) == [4, 7, 9, 1])
        #expect(found.allSatisfy { $0.severity == .error && $0.category == .correctness && $0.path == "bucket.py" })
        #expect(found[0].message == #""TokenBucket" has no attribute "clock": this line raises AttributeError whenever it runs"#)
        #expect(found[1].message.hasSuffix("raises TypeError whenever it runs"))
        #expect(found[3].message.hasSuffix("raises ImportError whenever it runs"))
        // A team's own code (`kiln validate`): the same finding, as information.
        let existing = MypyPolicy.findings(
            [Self.diagnostic("attr-defined", #""TokenBucket" has no attribute "clock""#)], code: "", path: "bucket.py",
            origin: .existing)
        #expect(existing.map(\.severity) == [.info])
    }

    @Test func aMissingAttributeProvesNothingWhereTheModuleSetsAttributesMypyCannotSee() {
        let missing = Self.diagnostic("attr-defined", #""Money" has no attribute "_amount""#)
        let immutable = "class Money:\n    def __init__(self, amount):\n        object.__setattr__(self, '_amount', amount)\n"
        #expect(MypyPolicy.findings([missing], code: immutable, path: "money.py").isEmpty)
        let plain = "class Money:\n    def __init__(self, amount):\n        self.amount = amount\n"
        #expect(MypyPolicy.findings([missing], code: plain, path: "money.py").count == 1)
    }

    @Test func projectsOlderThanMypysOldestTargetAreCheckedAsThatOne() {
        #expect(MypyPolicy.targetVersion("3.8") == "3.10")
        #expect(MypyPolicy.targetVersion("3.9") == "3.10")
        #expect(MypyPolicy.targetVersion("3.12") == "3.12")
        #expect(MypyPolicy.targetVersion(nil) == "3.10")
    }

    /// The real mypy on the lines a model wrote: a class that reads an attribute it never set, and
    /// `.hex()` on a `str`; the correct version of each, and an immutable class that sets its
    /// attributes through `object.__setattr__`, get nothing.
    @Test(.enabled(if: TestPaths.python != nil))
    func theRealTypeCheckerFindsLinesThatCannotWork() async throws {
        let toolchain = try await KilnEnvironment.toolchain()
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let context = ValidationContext(toolchain: toolchain, sandbox: nil, projectRoot: directory)
        func check(_ code: String) async throws -> [Finding] {
            try await TypeCheckValidator(toolchain: toolchain).validate(SourceFile(path: "bucket.py", code: code), context: context)
                .findings
        }
        let broken = """
            import hashlib
            import time


            class TokenBucket:
                def __init__(self, capacity: int, rate: float) -> None:
                    self.capacity = capacity
                    self.rate = rate
                    self.updated = time.monotonic()

                def available(self) -> float:
                    now = self.clock()
                    return min(self.capacity, (now - self.updated) * self.rate)


            def fingerprint(secret: str) -> str:
                return hashlib.sha256(secret.encode()).digest().hex() + secret.hex()

            """
        let found = try await check(broken)
        #expect(found.map(\.rule) == ["mypy/attr-defined", "mypy/attr-defined"], "\(found)")
        #expect(found.map(\.line) == [12, 17])
        #expect(found.first?.message.contains(#""TokenBucket" has no attribute "clock""#) == true)

        let fixed = broken.replacingOccurrences(of: "self.clock()", with: "time.monotonic()")
            .replacingOccurrences(of: " + secret.hex()", with: "")
        #expect(try await check(fixed).isEmpty)
        let immutable = """
            class Money:
                __slots__ = ("_amount",)

                def __init__(self, amount: int) -> None:
                    object.__setattr__(self, "_amount", amount)

                @property
                def amount(self) -> int:
                    return self._amount

            """
        #expect(try await check(immutable).isEmpty)
    }
}
