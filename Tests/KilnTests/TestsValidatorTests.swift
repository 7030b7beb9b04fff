import Foundation
import KilnCore
import KilnSystem
import KilnValidation
import Testing

/// The tests validator reads pytest's report; a program that ends pytest before the report is
/// written must not pass for want of failures.
@Suite("Running a candidate's tests and examples")
struct TestsValidatorTests {
    func validate(_ code: String, spec: String) async throws -> ValidatorReport {
        let toolchain = try await KilnEnvironment.toolchain()
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let context = ValidationContext(
            toolchain: toolchain, sandbox: Sandbox(isolation: await Sandbox.detect(), readablePaths: toolchain.sandboxReadablePaths),
            projectRoot: root,
            spec: spec)
        return try await TestsValidator(toolchain: toolchain).validate(SourceFile(path: "calc.py", code: code), context: context)
    }

    static let spec = "a function named double that takes an int x and returns 2 * x as an int; double(2) == 4"

    @Test func aCorrectFunctionPassesItsExample() async throws {
        let report = try await validate("def double(x: int) -> int:\n    return 2 * x\n", spec: Self.spec)
        #expect(report.findings.isEmpty, "\(report.findings.map(\.message))")
        #expect(report.tests.map(\.outcome) == [.passed])
    }

    @Test(arguments: [
        // Ends the process while pytest imports it.
        "import os\n\nos._exit(0)\n\n\ndef double(x: int) -> int:\n    return 0\n",
        // Ends it from inside the call the example makes.
        "import os\n\n\ndef double(x: int) -> int:\n    os._exit(0)\n",
    ])
    func codeThatEndsTheRunBeforeAnyResultFails(code: String) async throws {
        let report = try await validate(code, spec: Self.spec)
        #expect(report.tests.isEmpty)
        let finding = try #require(report.findings.first { $0.rule == "tests/collection-error" })
        #expect(finding.severity == .error)
        #expect(finding.message.contains("before writing its report"), "\(finding.message)")
    }

    /// HumanEval/51's docstring holds `"abcdef\nghijklm"` in a docstring that is not raw: the `\n`
    /// becomes a line break, doctest cannot parse the docstring and pytest fails the module's
    /// doctest collection. Correct code was failed for it, five times over, and "repaired".
    @Test func aDocstringDoctestCannotReadIsReportedAsNotRunNotAsAFailure() async throws {
        let code = #"""
            def double(x: int) -> int:
                """Doubles x.

                >>> double(len("ab\ncd"))
                10
                """
                return 2 * x

            """#
        let report = try await validate(code, spec: Self.spec)
        #expect(!report.findings.contains { $0.severity == .error }, "\(report.findings.map(\.message))")
        let finding = try #require(report.findings.first { $0.rule == "tests/doctest-unreadable" })
        #expect(finding.severity == .warning)
        #expect(finding.message.contains("inconsistent leading whitespace"), "\(finding.message)")
        #expect(report.tests.filter { $0.outcome == .passed }.map(\.name) == ["test_spec_example_1"], "\(report.tests)")
        #expect(report.tests.contains { $0.outcome == .skipped })
    }

    /// HumanEval's own docstrings write `>>> count_nums([]) == 0` with no output line, and `"21"`
    /// under a call that returns '21': doctest compares text, so right code failed on both (the
    /// reference solutions of /65, /108, /113, /128, /145, /156, /162). They are read as meant:
    /// the comparison must print True, `None` holds where nothing was printed (the 1.5B's
    /// e01-median docstrings), and a literal output is compared by value and type. Wrong
    /// code still fails either form, and a real doctest mismatch still fails.
    @Test func docstringExamplesAreReadAsTheirWriterMeantThem() async throws {
        func shift(_ body: String, _ doc: String) -> String {
            """
            def double(x: int) -> int:
                return 2 * x


            def shift(x: int, n: int) -> str:
                \"\"\"Shifts the digits of x right by n.

            \(doc)
                \"\"\"
            \(body)

            """
        }
        let forms = """
                >>> shift(12, 1) == "21"
                >>> shift(12, 1)
                "21"
                >>> [shift(12, 2)]
                ["12"]
            """
        let right = "    s = str(x)\n    n %= len(s)\n    return s[len(s) - n:] + s[:len(s) - n]"
        let report = try await validate(shift(right, forms), spec: Self.spec)
        #expect(!report.findings.contains { $0.severity == .error }, "\(report.findings.map(\.message))")
        #expect(report.tests.contains { $0.name.hasSuffix("shift") && $0.outcome == .passed }, "\(report.tests)")
        // Shifting left: '21' for a two-digit number either way, so one three-digit example.
        let left = "    s = str(x)\n    return s[n:] + s[:n]"
        for doc in ["    >>> shift(123, 1) == '312'", "    >>> shift(123, 1)\n    \"312\""] {
            let wrong = try await validate(shift(left, doc), spec: Self.spec)
            #expect(wrong.findings.contains { $0.rule == "tests/doctest-failed" }, "\(doc): \(wrong.findings.map(\.message))")
        }
        // By value and type: 2.0 (the `/` for `//` mistake) does not hold for 2, nor '21' for 21.
        let half = try await validate(
            "def double(x: int) -> int:\n    return 2 * x\n\n\ndef half(x: int) -> int:\n    \"\"\"Halves x.\n\n    >>> half(4)\n    2\n    \"\"\"\n    return x / 2\n",
            spec: Self.spec)
        #expect(half.findings.contains { $0.rule == "tests/doctest-failed" }, "\(half.findings.map(\.message))")
        let unquoted = try await validate(shift(right, "    >>> shift(12, 1)\n    21"), spec: Self.spec)
        #expect(unquoted.findings.contains { $0.rule == "tests/doctest-failed" }, "\(unquoted.findings.map(\.message))")
        // `None` under a call that returns None holds (the prompt prints nothing for it); under
        // one that returns 0 it does not.
        func firstEven(_ body: String) -> String {
            "def double(x: int) -> int:\n    return 2 * x\n\n\ndef first_even(xs: list[int]) -> int | None:\n"
                + "    \"\"\"The first even number of xs.\n\n    >>> first_even([1, 3])\n    None\n    \"\"\"\n\(body)\n"
        }
        let none = try await validate(firstEven("    return next((x for x in xs if x % 2 == 0), None)"), spec: Self.spec)
        #expect(!none.findings.contains { $0.severity == .error }, "\(none.findings.map(\.message))")
        #expect(none.tests.contains { $0.name.hasSuffix("first_even") && $0.outcome == .passed }, "\(none.tests)")
        let zero = try await validate(firstEven("    return next((x for x in xs if x % 2 == 0), 0)"), spec: Self.spec)
        #expect(zero.findings.contains { $0.rule == "tests/doctest-failed" }, "\(zero.findings.map(\.message))")
        // Not a literal and not the same text: doctest's own verdict stands.
        let printed = try await validate(shift(right, "    >>> print(shift(12, 1))\n    '21'"), spec: Self.spec)
        #expect(printed.findings.contains { $0.rule == "tests/doctest-failed" }, "\(printed.findings.map(\.message))")
    }

    /// pytest's message for a failed doctest starts with the numbered docstring; after a long one,
    /// what the example got was cut off, and the repair never saw it. It is kept from the example.
    @Test func aFailedDocstringExampleAfterALongDocstringShowsWhatItGot() async throws {
        let explanation = (1...12).map { "    Line \($0) of a docstring that explains at length what double does." }.joined(separator: "\n")
        let code = "def double(x: int) -> int:\n    \"\"\"Doubles x.\n\n\(explanation)\n\n    >>> double(21)\n    42\n    \"\"\"\n    return {'a long result': x, 'that is': 'not what the example says'}\n"
        let report = try await validate(code, spec: Self.spec)
        let finding = try #require(report.findings.first { $0.rule == "tests/doctest-failed" }, "\(report.findings.map(\.message))")
        #expect(finding.message.contains(">>> double(21) Expected: 42 Got: {'a long result': 21, 'that is': 'not what the example says'}"), "\(finding.message)")
    }

    /// A use nobody vouched for (`.runs`) fails only where the code breaks inside itself: a wrong
    /// type, a missing attribute or name in one of its own lines that is not a `raise`. Its own
    /// assertion, an error the code raises on purpose, and a call the code's signature refuses
    /// say nothing.
    @Test func aUseNobodyVouchedForFailsOnlyWhereTheCodeBreaksInsideItself() async throws {
        let code = """
            def total(items: list) -> float:
                if items is None:
                    raise TypeError("items must be a list")
                if not items:
                    raise ValueError("no items")
                return sum(price * quantity for price, quantity in items)

            """
        let uses = [
            "total([2.5, 3])",  // breaks: unpacking a float, in the code's own line 6
            "assert total([(2.0, 3)]) == 7",  // the use's own claim (6.0 is right): nothing
            "total([])",  // ValueError raised on purpose: nothing
            "total(None)",  // TypeError raised on purpose: nothing
            "total([(1, 2)], discount=3)",  // refused by the signature, in the use's own line: nothing
        ]
        let toolchain = try await KilnEnvironment.toolchain()
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let context = ValidationContext(
            toolchain: toolchain, sandbox: Sandbox(isolation: await Sandbox.detect(), readablePaths: toolchain.sandboxReadablePaths),
            projectRoot: root, spec: "total of the items",
            specReading: SpecReading(examples: uses.map { SpecExample(call: $0, expectation: .runs, function: "total", text: $0) }))
        let report = try await TestsValidator(toolchain: toolchain).validate(SourceFile(path: "cart.py", code: code), context: context)
        #expect(report.tests.map(\.outcome) == [.failed, .passed, .passed, .passed, .passed], "\(report.tests)")
        let message = try #require(report.tests.first?.message)
        #expect(message.contains("TypeError: cannot unpack non-iterable float object at line 6 of the code (`return sum(price * quantity for price, quantity in items)`)"), "\(message)")
    }

    /// A use the code broke on, run on a repair (`.completes`), is fixed only when it finishes
    /// or ends in an error the code raises on purpose: an error from a library the code called
    /// (`decimal.InvalidOperation`) fails it too, named with the line of the code that called it.
    /// The use's own assertion and its own arguments still say nothing.
    @Test func aBrokenUseRunOnARepairPassesOnlyWhenItFinishesOrIsRefusedOnPurpose() async throws {
        let code = """
            from decimal import Decimal
            from fractions import Fraction


            def split(total, parts: int) -> list:
                if parts < 1:
                    raise ValueError("parts must be positive")
                if isinstance(total, str):
                    return [Fraction(total) / parts] * parts
                share = Decimal(total).quantize(Decimal("0.01")) / parts
                return [share.quantize(Decimal("1e-40"))] * parts

            """
        let uses = [
            "split(Decimal('10'), 2)",  // InvalidOperation from decimal (C code) in line 11: fails
            "split(Decimal('10'), 0)",  // ValueError raised on purpose: passes
            "assert len(split(1, 'x')) == 1",  // TypeError comparing in line 6, not a raise: fails
            "assert split(Decimal('-0'), 1) == 3",  // finishes; its own claim is wrong: passes
            "split(Decimal('1..2'), 1)",  // the use's own argument is refused by the library: passes
            "split('1/x', 2)",  // ValueError inside fractions.py, called from line 9: fails
        ]
        let toolchain = try await KilnEnvironment.toolchain()
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let context = ValidationContext(
            toolchain: toolchain, sandbox: Sandbox(isolation: await Sandbox.detect(), readablePaths: toolchain.sandboxReadablePaths),
            projectRoot: root, spec: "splits a total into parts",
            specReading: SpecReading(examples: uses.map { SpecExample(call: $0, expectation: .completes, function: "split", text: $0) }))
        let report = try await TestsValidator(toolchain: toolchain).validate(SourceFile(path: "money.py", code: code), context: context)
        #expect(report.tests.map(\.outcome) == [.failed, .passed, .failed, .passed, .passed, .failed], "\(report.tests)")
        let message = try #require(report.tests.first?.message)
        #expect(message.hasPrefix("InvalidOperation: "), "\(message)")
        #expect(message.hasSuffix(", from line 11 of the code (`return [share.quantize(Decimal(\"1e-40\"))] * parts`)"), "\(message)")
        #expect(report.tests[2].message?.contains("TypeError: '<' not supported between instances of 'str' and 'int', from line 6 of the code (`if parts < 1:`)") == true, "\(report.tests[2])")
        #expect(report.tests[5].message?.contains("ValueError: Invalid literal for Fraction: '1/x' inside fractions.py, from line 9 of the code (`return [Fraction(total) / parts] * parts`)") == true, "\(report.tests[5])")
    }

    /// Whatever else a collection failure was (here an import error), its reason is read out of
    /// pytest's report and it stays a failure.
    @Test func aModuleThatCannotBeImportedFailsWithItsReason() async throws {
        let report = try await validate("import kiln_no_such_module\n\n\ndef double(x: int) -> int:\n    return 2 * x\n", spec: Self.spec)
        #expect(report.findings.contains { $0.severity == .error && $0.message.contains("No module named 'kiln_no_such_module'") },
            "\(report.findings.map(\.message))")
        #expect(!report.findings.contains { $0.rule == "tests/doctest-unreadable" })
    }
}
