import Foundation
import KilnCore
import KilnValidation

/// What Kiln knows about one candidate after checking it.
public struct CandidateReport: Codable, Sendable {
    /// The code as it will be delivered (demo code removed, safe fixes and formatting applied).
    public var code: String
    public var findings: [Finding]
    public var tests: [TestCaseResult]
    public var checks: [String]
    public var removedDemoCode: [String]
    /// Imports Kiln added because the code read names only they bind (see `PreparedCode`).
    public var addedImports: [String] = []
    /// Star imports Kiln wrote out by name (see `PreparedCode`).
    public var explicitImports: [String] = []
    /// Checks Kiln removed because they rejected input the spec allows (see `CandidateValidator`).
    public var removedChecks: [String] = []

    public init(
        code: String, findings: [Finding], tests: [TestCaseResult], checks: [String], removedDemoCode: [String],
        addedImports: [String] = [], explicitImports: [String] = [], removedChecks: [String] = []
    ) {
        self.code = code
        self.findings = findings
        self.tests = tests
        self.checks = checks
        self.removedDemoCode = removedDemoCode
        self.addedImports = addedImports
        self.explicitImports = explicitImports
        self.removedChecks = removedChecks
    }

    public var errorCount: Int { findings.filter { $0.severity == .error }.count }
    public var failedTests: Int { tests.filter { $0.outcome == .failed || $0.outcome == .error }.count }
    public var passed: Bool { errorCount == 0 && failedTests == 0 }

    /// Lower is better: errors first, then failing tests, then warnings.
    var rank: (Int, Int, Int) { (errorCount, failedTests, findings.filter { $0.severity == .warning }.count) }

    var syntaxFree: Bool { !checks.elementsEqual(["syntax"]) }
}

/// Checks a candidate: the toolchain's `prepare` (parse + demo-code removal), then a
/// `ValidationSuite`, which reuses that parse.
public struct CandidateValidator: Sendable {
    public var context: ValidationContext
    public var suite: ValidationSuite
    /// The file name the candidate is checked (and imported by tests) as.
    public var path: String

    public init(context: ValidationContext, suite: ValidationSuite, path: String) {
        self.context = context
        self.suite = suite
        self.path = path
    }

    /// The rule of `probes/rejects-valid-input`: code that rejects input the spec allows.
    static let rejectionRule = "probes/rejects-valid-input"

    /// Checks `code`; then, while the code rejects input the spec allows with a check Kiln can
    /// take out by itself (see `LanguageToolchain.removingChecks`), checks it again without them
    /// and keeps that version when it is no worse. No model call: the 1.5B's repairs of such a
    /// check mostly returned the same code, and the check is exactly what the finding names.
    /// At most three rounds (each finding names one check per function).
    public func check(_ code: String) async throws -> CandidateReport {
        var report = try await checkOnce(code)
        var removed: [String] = []
        for _ in 0..<3 {
            let lines = report.findings.filter { $0.rule == Self.rejectionRule && $0.severity == .error }.compactMap(\.line)
            guard !lines.isEmpty else { break }
            let stripped = try await context.toolchain.removingChecks(from: report.code, at: lines)
            guard !stripped.removed.isEmpty, stripped.code != report.code else { break }
            var again = try await checkOnce(stripped.code)
            guard again.syntaxFree, again.rank <= report.rank else { break }
            again.removedDemoCode = report.removedDemoCode + again.removedDemoCode
            again.addedImports = report.addedImports + again.addedImports
            again.explicitImports = report.explicitImports + again.explicitImports
            removed += stripped.removed
            report = again
        }
        report.removedChecks = removed
        return report
    }

    func checkOnce(_ code: String) async throws -> CandidateReport {
        let prepared = try await context.toolchain.prepare(code, path: path, imports: context.specReading?.imports ?? [])
        let removed = prepared.removed.map { "line \($0.line): \($0.text)" }
        if let error = prepared.syntaxError {
            return CandidateReport(code: code, findings: [error], tests: [], checks: ["syntax"], removedDemoCode: [])
        }
        let outcome = try await suite.run(SourceFile(path: path, code: prepared.code), context: context, prepared: prepared)
        return CandidateReport(
            code: outcome.code, findings: outcome.findings, tests: outcome.tests, checks: outcome.checks + ["demo-code-removed"],
            removedDemoCode: removed, addedImports: prepared.addedImports, explicitImports: prepared.explicitImports)
    }

    /// Only the parse check and demo-code removal (what runs when no validation support exists).
    public static func parseOnly(_ toolchain: any LanguageToolchain, path: String) -> ParseOnlyValidator {
        ParseOnlyValidator(toolchain: toolchain, path: path)
    }
}

/// The minimal check: the code parses; top-level demo code is removed.
public struct ParseOnlyValidator: Sendable {
    public var toolchain: any LanguageToolchain
    public var path: String

    public func check(_ code: String) async throws -> CandidateReport {
        let prepared = try await toolchain.prepare(code, path: path)
        return CandidateReport(
            code: prepared.syntaxError == nil ? prepared.code : code, findings: prepared.syntaxError.map { [$0] } ?? [],
            tests: [],
            checks: ["syntax", "demo-code-removed"], removedDemoCode: prepared.removed.map { "line \($0.line): \($0.text)" },
            addedImports: prepared.addedImports, explicitImports: prepared.explicitImports)
    }
}

/// Either kind of check, as the generator sees it.
public enum CandidateCheck: Sendable {
    case full(CandidateValidator)
    case parseOnly(ParseOnlyValidator)
    /// A pattern's own check (the tests pattern runs the candidate tests against the source).
    case custom(@Sendable (String) async throws -> CandidateReport)

    func check(_ code: String) async throws -> CandidateReport {
        switch self {
        case .full(let validator): return try await validator.check(code)
        case .parseOnly(let validator): return try await validator.check(code)
        case .custom(let check): return try await check(code)
        }
    }
}
