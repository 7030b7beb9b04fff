import Foundation
import KilnCore

/// One pytest run in the sandbox over files already placed in its scratch directory, with the
/// per-test results of its JUnit report and, when the report says nothing, the reason why.
public struct PytestRun: Sendable {
    /// The test cases pytest reported (empty when it wrote no report).
    public var cases: [TestCaseResult]
    /// How the sandboxed process ended, with its output.
    public var process: SandboxResult
    /// Whether pytest wrote its report. It always does when it ends by itself, even with no tests;
    /// a run without one was cut short: by a limit, or by the code under test ending the process.
    public var reportWritten: Bool

    /// Runs pytest on `targets` (paths relative to `scratch`, which is mounted at `/work`).
    public static func run(
        _ targets: [String], python: URL, sandbox: Sandbox, scratch: URL, pythonPath: String = "/work:/work/src",
        doctests: Bool = false, limits: SandboxLimits = SandboxLimits()
    ) async throws -> PytestRun {
        let report = scratch.appendingPathComponent(".kiln-junit.xml")
        try? FileManager.default.removeItem(at: report)
        let process = try await sandbox.run(
            [python.path, "-m", "pytest", "-q", "-p", "no:cacheprovider"] + (doctests ? ["--doctest-modules"] : [])
                + ["--junitxml=/work/.kiln-junit.xml", "-o", "junit_family=xunit1", "--rootdir=/work"] + targets,
            scratch: scratch, environment: ["PYTHONPATH": pythonPath], limits: limits)
        return PytestRun(
            cases: JUnitReport.parse(report), process: process,
            reportWritten: FileManager.default.fileExists(atPath: report.path))
    }

    public var passed: [TestCaseResult] { cases.filter { $0.outcome == .passed } }
    public var failing: [TestCaseResult] { cases.filter { $0.outcome == .failed || $0.outcome == .error } }

    /// Why pytest reported no test results, or nil when it did or when it ended normally having
    /// found no tests (status 5, pytest's own clear answer): a sandbox limit, pytest failing to
    /// start, or the process ending before pytest could write its report.
    public var reasonForNoResults: String? {
        guard cases.isEmpty else { return nil }
        if let limit = process.limitFinding(subject: "pytest") { return limit.message }
        let output = (process.stdout + "\n" + process.stderr).split(separator: "\n").suffix(6).joined(separator: " | ")
            .prefix(600)
        let shown = output.isEmpty ? "no output" : output
        if !reportWritten {
            return
                "pytest ended with status \(process.status) before writing its report (something ended the process early): \(shown)"
        }
        guard process.status != 0, process.status != 5 else { return nil }
        return "pytest exited with status \(process.status): \(shown)"
    }

    /// One line per failing test, with the first line of its failure, for an error message.
    public func failureSummary(limit: Int = 3) -> String {
        failing.prefix(limit).map { test in
            let first = (test.message ?? "").split(whereSeparator: \.isNewline).first.map(String.init) ?? "no message"
            return "\(test.name) \(test.outcome == .error ? "errored" : "failed"): \(first.prefix(200))"
        }.joined(separator: "; ") + (failing.count > limit ? "; and \(failing.count - limit) more" : "")
    }
}
