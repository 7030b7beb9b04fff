import Foundation
import KilnCore

/// One run of a test runner in the sandbox over files already placed in its scratch directory,
/// with the per-test results of its report and, when the report says nothing, the reason why.
public struct TestRun: Sendable {
    /// The test runner's name, as messages show it.
    public var runner: String
    /// The test cases the runner reported (empty when it wrote no report).
    public var cases: [TestCaseResult]
    /// How the sandboxed process ended, with its output.
    public var process: SandboxResult
    /// Whether the runner wrote its report. It always does when it ends by itself, even with no
    /// tests; a run without one was cut short: by a limit, or by the code under test ending the process.
    public var reportWritten: Bool
    /// Exit statuses with which the runner says, clearly, that it found no tests.
    public var noTestsStatuses: Set<Int32>

    public init(
        runner: String, cases: [TestCaseResult], process: SandboxResult, reportWritten: Bool, noTestsStatuses: Set<Int32> = []
    ) {
        self.runner = runner
        self.cases = cases
        self.process = process
        self.reportWritten = reportWritten
        self.noTestsStatuses = noTestsStatuses
    }

    public var passed: [TestCaseResult] { cases.filter { $0.outcome == .passed } }
    public var failing: [TestCaseResult] { cases.filter { $0.outcome == .failed || $0.outcome == .error } }

    /// Why the runner reported no test results, or nil when it did or when it ended normally
    /// having found no tests: a sandbox limit, the runner failing to start, or the process ending
    /// before the runner could write its report.
    public var reasonForNoResults: String? {
        guard cases.isEmpty else { return nil }
        if let limit = process.limitFinding(subject: runner) { return limit.message }
        let output = (process.stdout + "\n" + process.stderr).split(separator: "\n").suffix(6).joined(separator: " | ")
            .prefix(600)
        let shown = output.isEmpty ? "no output" : output
        if !reportWritten {
            return
                "\(runner) ended with status \(process.status) before writing its report (something ended the process early): \(shown)"
        }
        guard process.status != 0, !noTestsStatuses.contains(process.status) else { return nil }
        return "\(runner) exited with status \(process.status): \(shown)"
    }

    /// One line per failing test, with the first line of its failure, for an error message.
    public func failureSummary(limit: Int = 3) -> String {
        failing.prefix(limit).map { test in
            let first = (test.message ?? "").split(whereSeparator: \.isNewline).first.map(String.init) ?? "no message"
            return "\(test.name) \(test.outcome == .error ? "errored" : "failed"): \(first.prefix(200))"
        }.joined(separator: "; ") + (failing.count > limit ? "; and \(failing.count - limit) more" : "")
    }
}
