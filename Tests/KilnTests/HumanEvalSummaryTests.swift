import Foundation
import KilnPipeline
import Testing

/// How `kiln eval humaneval` sums up Kiln's own claims against the hidden tests.
@Suite("HumanEval summaries")
struct HumanEvalSummaryTests {
    static func record(_ task: Int, right: Bool, status: String) -> HumanEvalRecord {
        HumanEvalRecord(
            taskID: "HumanEval/\(task)", mode: "pipeline", passed: right, kilnStatus: status, attempts: 1, completionTokens: 10,
            modelSeconds: 1, seconds: 2, error: nil)
    }

    /// Each status Kiln gave, with how many of its tasks the hidden tests found right: the
    /// precision of `passed` and what `unverified` hid, in one line.
    @Test func eachStatusIsCountedWithHowManyOfItsTasksWereRight() {
        let summary = HumanEvalSummary([
            Self.record(0, right: true, status: "passed"), Self.record(1, right: false, status: "passed"),
            Self.record(2, right: true, status: "passed"), Self.record(3, right: true, status: "unverified"),
            Self.record(4, right: false, status: "failed"),
        ])
        #expect(summary.statuses["passed"] == HumanEvalSummary.StatusCount(tasks: 3, right: 2))
        #expect(summary.statuses["unverified"] == HumanEvalSummary.StatusCount(tasks: 1, right: 1))
        #expect(summary.statusLine == "Kiln said passed on 3 (2 right), unverified on 1 (1 right), failed on 1 (0 right)")
        // `passed` of the summary is the hidden tests' verdict, whatever Kiln said.
        #expect(summary.passed == 3)
    }

    /// Kiln's own overhead is measured only where model calls and checks ran one after another:
    /// with parallel slots their summed seconds exceed the task's time (the figure went to -54%).
    @Test func overheadLeavesOutTasksWhoseModelCallsOverlapped() {
        var sequential = Self.record(0, right: true, status: "passed")
        (sequential.modelSeconds, sequential.checkSeconds, sequential.seconds) = (4, 1, 6)
        var parallel = Self.record(1, right: true, status: "passed")
        (parallel.modelSeconds, parallel.checkSeconds, parallel.seconds) = (30, 2, 12)
        let summary = HumanEvalSummary([sequential, parallel])
        #expect(summary.overheadFraction == 0.25)
        #expect(summary.checkSeconds == 3)
        #expect(HumanEvalSummary([parallel]).overheadFraction == nil)
    }
}
