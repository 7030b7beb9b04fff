import Foundation
import KilnCore
import KilnSystem

/// Mypy, the real type checker, from Kiln's environment, on generated code: it finds the lines
/// that cannot work whatever the input (`self.clock` on a class that never sets it, `.hex()` on a
/// `str`, `int > str`), including the lines no test reached. Only the errors that are a certain
/// exception at run time are reported (`MypyPolicy`); mypy's typing opinions are not, and nor is
/// anything it had to guess a type for. In existing code (`kiln validate`) the same findings are
/// information: a team's own code answers to its own type-checking settings.
public struct TypeCheckValidator: Validator {
    public let name = "types"
    public let isStatic = true

    public let toolchain: PythonToolchain
    public var origin: CodeOrigin

    public init(toolchain: PythonToolchain, origin: CodeOrigin = .generated) {
        self.toolchain = toolchain
        self.origin = origin
    }

    public func validate(_ file: SourceFile, context: ValidationContext) async throws -> ValidatorReport {
        let started = ContinuousClock.now
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-types-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        // The module's own name, so that its messages read as the user's file does.
        let base = URL(fileURLWithPath: file.path).deletingPathExtension().lastPathComponent
        let module = scratch.appendingPathComponent((base.isEmpty || base.contains(".") ? "module" : base) + ".py")
        try Data(file.code.utf8).write(to: module)
        let result = try await ProcessRunner.run(
            toolchain.python.path,
            [
                "-m", "mypy", "--output", "json", "--no-error-summary", "--config-file=", "--python-version",
                MypyPolicy.targetVersion(toolchain.languageVersion), "--ignore-missing-imports", "--follow-imports=skip",
                "--cache-dir", toolchain.helpers.appendingPathComponent("mypy-cache").path, module.lastPathComponent,
            ], currentDirectory: scratch, timeout: .seconds(120))
        // 0: nothing found, 1: errors found, 2: mypy could not check (a usage error or a crash).
        let lines = result.stdout.split(separator: UInt8(ascii: "\n"))
        let diagnostics = lines.compactMap { try? JSONDecoder().decode(MypyDiagnostic.self, from: Data($0)) }
        let syntaxOnly = !diagnostics.isEmpty && diagnostics.allSatisfy { $0.code == "syntax" }
        guard result.status == 0 || result.status == 1 || syntaxOnly, !result.timedOut, diagnostics.count == lines.count else {
            throw ValidationError.toolFailed("mypy", String((result.stderrText + result.stdoutText).suffix(600)))
        }
        let findings = MypyPolicy.findings(diagnostics, code: file.code, path: file.path, origin: origin)
        return ValidatorReport(validator: name, findings: findings, seconds: (ContinuousClock.now - started).seconds)
    }
}

/// One line of `mypy --output json`.
struct MypyDiagnostic: Decodable, Equatable {
    var line: Int
    var column: Int
    var message: String
    var hint: String?
    var code: String?
    var severity: String
}

/// Which of mypy's errors Kiln reports, and as what.
enum MypyPolicy {
    /// The error codes that name an operation Python itself refuses, with the exception it raises.
    static let certainFailures: [String: String] = [
        "attr-defined": "AttributeError", "operator": "TypeError", "index": "TypeError", "call-arg": "TypeError",
        "call-overload": "TypeError",
    ]

    /// Types mypy inferred loosely or had to guess: an `Optional` the code may have ruled out in a
    /// way mypy cannot follow, a `Literal` from a stub's special values (`Decimal.as_tuple().exponent`
    /// is `'n'` only for NaN), `datetime?` for a name it could not resolve, `object` and `Any`.
    static let uncertainTypes = ["None", "Literal[", " | ", "Optional[", "Union[", "\"object\"", "Any"]

    /// Ways of setting attributes mypy cannot see (`object.__setattr__` in an immutable class,
    /// `setattr` in a loop, `__getattr__`): with one in the module, "has no attribute" proves nothing.
    static let dynamicAttributes = ["setattr(", "__setattr__", "__getattr__", "__getattribute__", "__dict__"]

    /// Mypy checks Python 3.10 and later; older projects are checked as 3.10, which can only miss
    /// an error (a name 3.10 added), never invent one.
    static func targetVersion(_ version: String?) -> String {
        let parts = (version ?? "").split(separator: ".").compactMap { Int($0) }
        guard parts.count >= 2, parts[0] == 3, parts[1] >= 10 else { return "3.10" }
        return "\(parts[0]).\(parts[1])"
    }

    /// Whether the message names a type mypy was unsure of; its closing suggestion
    /// (`; maybe "refill_rate"?`) is not a type.
    static func isUncertain(_ message: String) -> Bool {
        let types = message.range(of: #"; maybe "[^"]*"\?$"#, options: .regularExpression).map { message[..<$0.lowerBound] } ?? message[...]
        return uncertainTypes.contains(where: types.contains) || types.range(of: #"[\w\]]\?"#, options: .regularExpression) != nil
    }

    /// The rules as `kiln rules` lists them.
    static var descriptions: [RuleDescription] {
        let summaries = [
            "attr-defined": "an attribute or module member that does not exist (`self.clock` never set, `str.hex`)",
            "call-arg": "a call with arguments the function does not take",
            "call-overload": "a call that matches none of a function's signatures (`range(Decimal(3))`)",
            "index": "indexing a value that cannot be indexed that way",
            "operator": "an operator on types that do not support it (`1 > \"a\"`)",
        ]
        return certainFailures.keys.sorted().map { code in
            RuleDescription(
                rule: "mypy/\(code)", summary: summaries[code] ?? code, generated: .error, existing: .info,
                reason:
                    "information in existing code, where the team's own type-checking settings decide (`kiln validate` runs it, `kiln check` does not): Python raises \(certainFailures[code] ?? "an error") whenever the line runs; not reported where a type involved is optional, a union, a literal or one mypy could not resolve")
        }
    }

    static func findings(_ diagnostics: [MypyDiagnostic], code: String, path: String, origin: CodeOrigin = .generated)
        -> [Finding]
    {
        let dynamic = dynamicAttributes.contains { code.contains($0) }
        return diagnostics.compactMap { diagnostic in
            guard diagnostic.severity == "error", let rule = diagnostic.code, let exception = certainFailures[rule],
                !isUncertain(diagnostic.message), !(rule == "attr-defined" && dynamic)
            else { return nil }
            let raised = rule == "attr-defined" && diagnostic.message.hasPrefix("Module ") ? "ImportError" : exception
            return Finding(
                rule: "mypy/\(rule)", category: .correctness, severity: origin == .generated ? .error : .info, path: path, line: diagnostic.line,
                column: diagnostic.column, message: "\(diagnostic.message): this line raises \(raised) whenever it runs",
                fixHint: diagnostic.hint ?? "see https://mypy.readthedocs.io/en/stable/error_code_list.html#code-\(rule)")
        }
    }
}
