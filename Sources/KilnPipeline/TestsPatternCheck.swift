import Foundation
import KilnCore
import KilnSystem
import KilnValidation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The tests pattern's check: the candidate test file must parse, import only what exists, cover
/// every public function, and pass against the source in the sandbox. A test that fails against
/// the source is reported as a possible bug in the source or a wrong test, never dropped silently.
public struct GeneratedTestsCheck: Sendable {
    /// The language's toolchain; the test file gets its `generatedTests` checks.
    public var toolchain: any LanguageToolchain
    public var sandbox: Sandbox
    public var source: SourceFile
    public var functions: [String]
    public var limits: SandboxLimits
    /// The project around the source, so that its imports of other project modules resolve.
    public var workspace: ProjectWorkspace

    public init(
        toolchain: any LanguageToolchain, sandbox: Sandbox, source: SourceFile, functions: [String],
        limits: SandboxLimits = SandboxLimits(), workspace: ProjectWorkspace = ProjectWorkspace()
    ) {
        self.workspace = workspace
        self.toolchain = toolchain
        self.sandbox = sandbox
        self.source = source
        self.functions = functions
        self.limits = limits
    }

    var testPath: String { toolchain.testFileName(for: source.moduleName) }

    public func check(_ code: String) async throws -> CandidateReport {
        let prepared = try await toolchain.prepare(code, path: testPath)
        if let error = prepared.syntaxError {
            return CandidateReport(code: code, findings: [error], tests: [], checks: ["syntax"], removedDemoCode: [])
        }
        let candidate = SourceFile(path: testPath, code: prepared.code)
        let context = ValidationContext(
            toolchain: toolchain, sandbox: sandbox, projectRoot: FileManager.default.temporaryDirectory, limits: limits,
            localModules: workspace.localModules.union([source.moduleName]))
        var findings: [Finding] = []
        var current = candidate
        for validator in toolchain.validators(for: .generatedTests) {
            let report = try await validator.validate(current, context: context)
            if let fixed = report.fixedCode { current.code = fixed }
            findings += report.findings
        }
        let untested = functions.filter { !current.code.contains($0) }
        for name in untested {
            findings.append(
                Finding(
                    rule: "tests/untested-function", category: .correctness, severity: .error, path: testPath,
                    message: "no test calls `\(name)`", fixHint: "add tests for \(name): normal cases, boundaries and errors"))
        }
        let run = try await run(current.code)
        let tests = run.cases
        if tests.isEmpty {
            findings.append(
                Finding(
                    rule: "tests/none-collected", category: .correctness, severity: .error, path: testPath,
                    message: run.reasonForNoResults.map { "the test file did not run: \($0)" }
                        ?? "\(run.runner) found no test functions",
                    fixHint: "write test_* functions that import from \(source.moduleName)"))
        }
        for failed in run.failing {
            let detail = (failed.message ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .joined(separator: " ")
            findings.append(
                Finding(
                    rule: "tests/fails-against-source", category: .correctness, severity: .error, path: testPath,
                    message:
                        "\(failed.name) fails against \(source.path): \(detail.prefix(300)) — either the test expects the wrong thing or \(source.path) has a bug",
                    fixHint:
                        "correct the expected value if the code's behaviour is intended; keep the test if it shows a real bug"))
        }
        return CandidateReport(
            code: current.code, findings: toolchain.deduplicated(findings), tests: tests,
            checks: ["syntax"] + toolchain.validators(for: .generatedTests).map(\.name) + [
                "covers-public-functions", "passes-against-source",
            ],
            removedDemoCode: prepared.removed.map { "line \($0.line): \($0.text)" })
    }

    /// When the only problems of `report` are tests failing against the source and at least one
    /// test passes: the failing tests marked `xfail` (with the failure as the reason), checked
    /// again, and one warning per marked test saying it is a bug in the source or a wrong test.
    /// Nothing is dropped and nothing failing is presented as passing. Nil when that does not apply.
    public func markingFailures(of report: CandidateReport) async throws -> CandidateReport? {
        let failing = report.tests.filter { $0.outcome == .failed || $0.outcome == .error }
        let errors = report.findings.filter { $0.severity == .error }
        guard !failing.isEmpty, report.tests.contains(where: { $0.outcome == .passed }),
            errors.allSatisfy({ $0.rule == "tests/fails-against-source" })
        else { return nil }
        var reasons: [String: String] = [:]
        var warnings: [Finding] = []
        for test in failing {
            let detail = (test.message ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .joined(separator: " ")
            reasons[test.name] =
                "kiln: fails against \(source.path): \(detail.prefix(160)) (a bug in \(source.path) or a wrong test; review)"
            warnings.append(
                Finding(
                    rule: "tests/expected-failure", category: .correctness, severity: .warning, path: testPath,
                    message:
                        "\(test.name) fails against \(source.path): \(detail.prefix(300)) — kept, marked xfail: either \(source.path) has a bug or the test expects the wrong thing",
                    fixHint: "fix \(source.path) if the test is right, otherwise correct or delete the test and its xfail mark"))
        }
        let marked = try await toolchain.markingExpectedFailures(reasons, in: report.code)
        var checked = try await check(marked)
        guard !checked.findings.contains(where: { $0.severity == .error }) else { return nil }
        checked.findings += warnings
        checked.checks.append("failing-tests-marked-xfail")
        return checked
    }

    private func run(_ testCode: String) async throws -> TestRun {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-gentests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try workspace.materialize(in: scratch, module: source)
        try Data(testCode.utf8).write(to: scratch.appendingPathComponent(testPath))
        return try await toolchain.runTests([testPath], in: scratch, sandbox: sandbox, limits: limits)
    }
}
