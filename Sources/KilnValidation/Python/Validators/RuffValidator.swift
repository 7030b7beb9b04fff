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

    public let toolchain: PythonToolchain

    public init(toolchain: PythonToolchain, applyFixes: Bool = true) {
        self.toolchain = toolchain
        self.applyFixes = applyFixes
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
        let findings = diagnostics.map { $0.finding(path: file.path) }
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

    func finding(path: String) -> Finding {
        let rule = code ?? "syntax"
        let category: Finding.Category
        let severity: Finding.Severity
        var message = message
        if rule.hasPrefix("S") {
            category = .security
            severity = SecurityRules.severity(forRuffCode: rule)
        } else if rule.hasPrefix("A") {
            // A class or name that replaces a built-in exception (`class ValueError(Exception)`)
            // breaks every caller's `except ValueError`: an error. Other shadowing is a warning.
            category = .correctness
            let exception = message.range(of: #"`\w+(Error|Exception|Warning)`"#, options: .regularExpression) != nil
            severity = exception && rule != "A002" ? .error : .warning
            if severity == .error {
                message +=
                    "; callers catching the built-in exception will not catch this one — use the built-in, or give yours another name"
            }
        } else if rule.hasPrefix("F8") || rule.hasPrefix("E9") || rule == "syntax" || rule.hasPrefix("F7") || rule == "B006"
            || rule == "PLE" || rule.hasPrefix("PLE")
        {
            category = .correctness
            severity = .error
        } else if rule.hasPrefix("B") || rule.hasPrefix("F") || rule.hasPrefix("PLW") {
            category = .correctness
            severity = .warning
        } else {
            category = .style
            severity = .info
        }
        return Finding(
            rule: "ruff/\(rule)", category: category, severity: severity, path: path, line: location.row, column: location.column,
            message: message, fixHint: url.map { "see \($0)" },
            cwe: rule.hasPrefix("S") ? SecurityRules.cwe(forBanditNumber: String(rule.dropFirst())) : nil)
    }
}
