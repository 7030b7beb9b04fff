import Foundation
import KilnCore
import KilnSystem

/// Ruff, the real tool, from Kiln's environment: lint (with its bandit-derived `S` security
/// rules), safe fixes applied, formatting applied, the rest reported.
public struct RuffValidator: Validator {
    public let name = "ruff"
    public let isStatic = true
    /// When set, the report carries the fixed and formatted code.
    public var applyFixes: Bool
    public static let selection = "E9,E7,F,B,S,UP,PL,W6,A001,A002,A004"
    /// Rules that are noise for a single generated file.
    public static let ignored = "PLR0913,PLR2004,PLR0911,PLR0912,PLR0915,S101"

    /// Whose code it checks: the severities differ (`PythonRulePolicy`).
    public var origin: CodeOrigin
    public let toolchain: PythonToolchain

    public init(toolchain: PythonToolchain, applyFixes: Bool = true, origin: CodeOrigin = .generated) {
        self.toolchain = toolchain
        self.applyFixes = applyFixes
        self.origin = origin
    }

    public func validate(_ file: SourceFile, context: ValidationContext) async throws -> ValidatorReport {
        let started = ContinuousClock.now
        let python = toolchain.python.path
        let common = [
            "--no-cache", "--isolated", "--target-version",
            "py\((toolchain.languageVersion ?? "3.9").replacingOccurrences(of: ".", with: ""))",
        ]
        var code = file.code
        var fixedCode: String?
        if applyFixes {
            let fixed = try await ProcessRunner.run(
                python,
                ["-m", "ruff", "check", "--fix-only", "--exit-zero", "--select", Self.selection, "--ignore", Self.ignored]
                    + common + ["--stdin-filename", file.path, "-"],
                input: Data(code.utf8), timeout: .seconds(60))
            if fixed.succeeded, !fixed.stdout.isEmpty { code = fixed.stdoutText }
            let formatted = try await ProcessRunner.run(
                python, ["-m", "ruff", "format"] + common + ["--stdin-filename", file.path, "-"], input: Data(code.utf8),
                timeout: .seconds(60))
            if formatted.succeeded, !formatted.stdout.isEmpty { code = formatted.stdoutText }
            if code != file.code { fixedCode = code }
        }
        let checked = try await ProcessRunner.run(
            python,
            [
                "-m", "ruff", "check", "--exit-zero", "--output-format", "json", "--select", Self.selection, "--ignore",
                Self.ignored,
            ]
                + common + ["--stdin-filename", file.path, "-"],
            input: Data(code.utf8), timeout: .seconds(60))
        guard checked.succeeded, let diagnostics = try? JSONDecoder().decode([RuffDiagnostic].self, from: checked.stdout) else {
            throw ValidationError.toolFailed("ruff", String(checked.stderrText.suffix(600)))
        }
        var findings = diagnostics.map { $0.finding(path: file.path, origin: origin) }
        if origin == .existing { findings = PythonRulePolicy.honouringTypeCheckerMarks(findings, code: code) }
        return ValidatorReport(
            validator: name, findings: findings, fixedCode: fixedCode, seconds: (ContinuousClock.now - started).seconds)
    }
}

struct RuffDiagnostic: Decodable {
    struct Location: Decodable {
        var row: Int
        var column: Int
    }

    var code: String?
    var message: String
    var location: Location
    var url: String?
}
