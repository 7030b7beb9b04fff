import Foundation
import KilnCore

/// The secret scanner as a validator.
public struct SecretsValidator: Validator {
    public let name = "secrets"
    public let isStatic = true
    public init() {}

    public func validate(_ file: SourceFile, context: ValidationContext) async throws -> ValidatorReport {
        let started = ContinuousClock.now
        return ValidatorReport(
            validator: name, findings: SecretScanner().scan(file.code, path: file.path),
            seconds: (ContinuousClock.now - started).seconds)
    }
}

/// Runs a list of validators over a file, stopping early when it does not parse, and merges
/// what they found.
public struct ValidationSuite: Sendable {
    public var validators: [any Validator]

    public init(validators: [any Validator]) { self.validators = validators }

    public struct Outcome: Codable, Sendable {
        /// The code after the linters' safe fixes and formatting.
        public var code: String
        public var reports: [ValidatorReport]
        public var findings: [Finding]
        public var tests: [TestCaseResult]
        public var syntaxError: Finding?

        public var errorCount: Int { findings.filter { $0.severity == .error }.count }
        public var testsPassed: Bool { tests.allSatisfy { $0.outcome == .passed || $0.outcome == .skipped } }
        public var passed: Bool { syntaxError == nil && errorCount == 0 && testsPassed }
        public var checks: [String] { ["syntax"] + reports.map(\.validator) }
    }

    /// Runs the validators over `file`. `prepared` is the parse check's result when the caller
    /// has already run it (the candidate check does), so the parser runs once per attempt.
    public func run(_ file: SourceFile, context: ValidationContext, prepared: PreparedCode? = nil) async throws -> Outcome {
        let parsed: PreparedCode
        if let prepared { parsed = prepared } else { parsed = try await context.toolchain.prepare(file.code, path: file.path) }
        if let error = parsed.syntaxError {
            return Outcome(code: file.code, reports: [], findings: [error], tests: [], syntaxError: error)
        }
        var current = file
        var reports: [ValidatorReport] = []
        for validator in validators {
            let report = try await validator.validate(current, context: context)
            if let fixed = report.fixedCode { current.code = fixed }
            reports.append(report)
        }
        let findings = context.toolchain.deduplicated(reports.flatMap(\.findings))
        return Outcome(
            code: current.code, reports: reports, findings: findings, tests: reports.flatMap(\.tests), syntaxError: nil)
    }
}
