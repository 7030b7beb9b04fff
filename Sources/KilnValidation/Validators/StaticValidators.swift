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

/// The hallucinated-import firewall as a validator.
public struct ImportsValidator: Validator {
    public let name = "imports"
    public let isStatic = true
    public var confirmedOnline: Set<String>
    public init(confirmedOnline: Set<String> = []) { self.confirmedOnline = confirmedOnline }

    public func validate(_ file: SourceFile, context: ValidationContext) async throws -> ValidatorReport {
        let started = ContinuousClock.now
        let imports = try await context.toolchain.imports(of: file.code)
        var firewall = ImportFirewall(
            environment: context.environment, project: context.project, confirmedOnline: confirmedOnline)
        if let lookup = context.onlineLookup {
            let unresolved = firewall.unresolvedCandidates(imports)
            if !unresolved.isEmpty { firewall.confirmedOnline.formUnion(try await lookup(unresolved)) }
        }
        return ValidatorReport(
            validator: name, findings: firewall.check(imports, path: file.path),
            seconds: (ContinuousClock.now - started).seconds)
    }
}

/// Runs a list of validators over a file, stopping early when it does not parse, and merges
/// what they found.
public struct ValidationSuite: Sendable {
    public var validators: [any Validator]

    public init(validators: [any Validator]) { self.validators = validators }

    /// Every validator: the static ones, then the tests in the sandbox.
    public static func full(applyFixes: Bool = true) -> ValidationSuite {
        ValidationSuite(validators: [
            ImportsValidator(), SecretsValidator(), LicenseValidator(), RuffValidator(applyFixes: applyFixes), BanditValidator(),
            TestsValidator(), BehaviourProbeValidator(),
        ])
    }

    /// What `kiln check` runs: nothing that executes the code.
    public static var staticOnly: ValidationSuite {
        ValidationSuite(validators: [
            ImportsValidator(), SecretsValidator(), LicenseValidator(), RuffValidator(applyFixes: false), BanditValidator(),
        ])
    }

    public struct Outcome: Codable, Sendable {
        /// The code after ruff's safe fixes and formatting.
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

    public func run(_ file: SourceFile, context: ValidationContext) async throws -> Outcome {
        let prepared = try await context.toolchain.prepare(file.code, path: file.path)
        if let error = prepared.syntaxError {
            return Outcome(code: file.code, reports: [], findings: [error], tests: [], syntaxError: error)
        }
        var current = file
        var reports: [ValidatorReport] = []
        for validator in validators {
            let report = try await validator.validate(current, context: context)
            if let fixed = report.fixedCode { current.code = fixed }
            reports.append(report)
        }
        let findings = Self.deduplicated(reports.flatMap(\.findings))
        return Outcome(
            code: current.code, reports: reports, findings: findings, tests: reports.flatMap(\.tests), syntaxError: nil)
    }

    /// Ruff's `S` rules re-implement bandit's: one issue on one line is reported once, as bandit's.
    public static func deduplicated(_ findings: [Finding]) -> [Finding] {
        let bandit = Set(
            findings.filter { $0.rule.hasPrefix("bandit/B") }.map { "\($0.rule.dropFirst("bandit/B".count)):\($0.line ?? 0)" })
        return findings.filter { finding in
            guard finding.rule.hasPrefix("ruff/S") else { return true }
            return !bandit.contains("\(finding.rule.dropFirst("ruff/S".count)):\(finding.line ?? 0)")
        }.sorted { ($0.line ?? 0, $0.rule) < ($1.line ?? 0, $1.rule) }
    }
}

extension PythonToolchain {
    /// Directories the sandboxed Python must be able to read: its environment and the
    /// installation it was made from.
    public var runtimePaths: [String] {
        let environment = python.deletingLastPathComponent().deletingLastPathComponent().path
        let real = python.resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent().path
        return Array(Set([environment, real])).filter { !$0.hasPrefix("/usr") }.sorted()
    }
}
