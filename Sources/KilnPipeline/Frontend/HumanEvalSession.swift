import Foundation
import KilnCore
import KilnModels
import KilnPrompts
import KilnSystem
import KilnValidation

#if canImport(Glibc)
    import Glibc
#endif

/// The library-side front end of `kiln eval humaneval`: selects the tasks, resumes from the
/// results file, runs each task in each mode, appends one JSON line per run, and summarises.
public struct HumanEvalSession: Sendable {
    public struct Request: Sendable {
        public var limit: Int?
        /// Comma-separated task ids.
        public var taskIDs: String?
        /// "single", "pipeline", or both in that order; or "reference" alone (the dataset's own
        /// solutions through the pipeline's checks, no model).
        public var modes: [String]
        public var resultsPath: String?
        public var resume: Bool
        public var budgetSeconds: Double
        public var pipeline: HumanEvalRunner.PipelineSettings
        public var artifacts: String?
        /// A function-pattern template file to generate with instead of the built-in one.
        public var templatePath: String?

        public init(
            limit: Int? = nil, taskIDs: String? = nil, modes: [String] = ["single", "pipeline"], resultsPath: String? = nil,
            resume: Bool = false, budgetSeconds: Double = 150,
            pipeline: HumanEvalRunner.PipelineSettings = HumanEvalRunner.PipelineSettings(), artifacts: String? = nil,
            templatePath: String? = nil
        ) {
            self.templatePath = templatePath
            self.limit = limit
            self.taskIDs = taskIDs
            self.modes = modes
            self.resultsPath = resultsPath
            self.resume = resume
            self.budgetSeconds = budgetSeconds
            self.pipeline = pipeline
            self.artifacts = artifacts
        }
    }

    public var workbench: Workbench

    public init(workbench: Workbench) { self.workbench = workbench }

    public func run(_ request: Request) async throws -> EvalReport {
        let progress = workbench.progress
        if let unknown = request.modes.first(where: { !HumanEvalRunner.modes.contains($0) }) {
            throw InputError("unknown mode '\(unknown)': use \(HumanEvalRunner.modes.joined(separator: ", "))")
        }
        guard request.modes == ["reference"] || !request.modes.contains("reference") else {
            throw InputError("reference mode runs alone: it checks the dataset's solutions, not a model's")
        }
        // A malformed or wrong-pattern template is refused before anything is installed or run.
        let template = try request.templatePath.map { try Self.functionTemplate(at: workbench.url($0)) }
        // HumanEval is a Python benchmark: its tasks and grading run on Kiln's own Python.
        let python = try await PythonToolsEnvironment.ensure(paths: workbench.paths, progress: progress)
        var toolchain = PythonToolchain(python: python, helperDirectory: workbench.paths.helpers)
        var selected = try await HumanEvalRunner.loadTasks(python: python, helpers: workbench.paths.helpers)
        toolchain.facts = try await toolchain.environmentFacts(of: python)
        if let taskIDs = request.taskIDs {
            let wanted = Set(taskIDs.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            selected = selected.filter { wanted.contains($0.taskID) }
            guard !selected.isEmpty else {
                throw InputError("none of --tasks \(taskIDs) is a HumanEval task id (HumanEval/0 … HumanEval/163)")
            }
        }
        if let limit = request.limit { selected = Array(selected.prefix(limit)) }
        let sandbox = try await workbench.sandbox(for: toolchain)
        if request.modes == ["reference"] {
            // No model is asked anything: none is started.
            return try await run(request, tasks: selected, toolchain: toolchain, sandbox: sandbox, backend: nil, template: template)
        }
        let backend = try await workbench.backend()
        return try await backend.using {
            try await run(
                request, tasks: selected, toolchain: toolchain, sandbox: sandbox, backend: backend, template: template)
        }
    }

    /// The results' model name for `reference` mode: the dataset's own solutions.
    public static let referenceModel = "reference-solutions"

    /// Reads a template file for the eval: it must parse and be a `function` pattern template.
    static func functionTemplate(at url: URL) throws -> PromptTemplate {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw InputError("cannot read the template \(url.path): \(error.localizedDescription)")
        }
        let template = try PromptTemplate.parse(text, source: url.path)
        guard template.pattern == "function" else {
            throw InputError(
                "\(url.path) is a '\(template.pattern)' template; HumanEval generates functions, so it needs pattern: function")
        }
        return template
    }

    private func run(
        _ request: Request, tasks selected: [HumanEvalTask], toolchain: PythonToolchain, sandbox: Sandbox,
        backend: (any ModelBackend)?, template: PromptTemplate?
    ) async throws -> EvalReport {
        let progress = workbench.progress
        let modelName = backend?.descriptor.name ?? Self.referenceModel
        let runner = HumanEvalRunner(
            backend: backend, toolchain: toolchain, sandbox: sandbox,
            pipelineBudgetSeconds: request.budgetSeconds, pipeline: request.pipeline,
            artifacts: request.artifacts.map { workbench.url($0) }, template: template)
        let templateLabel = try HumanEvalRunner.templateLabel(
            template ?? TemplateCatalog.builtin(named: "function", in: toolchain.builtinTemplates))

        let resultsURL = workbench.url(request.resultsPath ?? "humaneval-\(modelName).jsonl")
        var done: [String: HumanEvalRecord] = [:]
        if request.resume, let text = try? String(contentsOf: resultsURL, encoding: .utf8) {
            for line in text.split(separator: "\n") {
                // Runs that failed for reasons outside the task (an error, not a wrong answer) are done
                // again, and so are runs with another prompt template: a results file never mixes prompts.
                // Reference records measure Kiln's own checks, which change from build to build:
                // they are never reused (the whole run takes minutes).
                if let entry = try? JSONDecoder().decode(ResultLine.self, from: Data(line.utf8)), entry.model == modelName,
                    entry.record.error == nil, entry.record.mode != "reference",
                    (entry.record.template ?? HumanEvalRunner.unnamedRecordTemplate) == templateLabel
                {
                    done["\(entry.record.mode) \(entry.record.taskID)"] = entry.record
                }
            }
        }
        var records: [String: [HumanEvalRecord]] = [:]
        for (index, task) in selected.enumerated() {
            for mode in request.modes {
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
        return EvalReport(
            benchmark: "humaneval", model: modelName, machine: Self.machine(), date: ISO8601DateFormatter().string(from: Date()),
            tasks: selected.count, resultsFile: resultsURL.path,
            pipeline: request.modes.contains("pipeline") ? runner.pipeline.description : nil,
            results: records.mapValues(HumanEvalSummary.init))
    }

    static func rates(_ records: [String: [HumanEvalRecord]]) -> String {
        records.sorted { $0.key > $1.key }.map { mode, list in
            String(format: "%@ %.1f%%", mode, list.isEmpty ? 0 : Double(list.filter(\.passed).count) * 100 / Double(list.count))
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

    /// The machine, as benchmark records name it.
    public static func machine() -> String {
        var name = utsname()
        uname(&name)
        let machine = withUnsafeBytes(of: &name.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let memory = Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824
        return String(format: "%@, %d cores, %.0f GiB", machine, ProcessInfo.processInfo.activeProcessorCount, memory)
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

/// What `kiln eval humaneval --json` prints.
public struct EvalReport: Encodable, Sendable {
    public var benchmark: String
    public var model: String
    public var machine: String
    public var date: String
    public var tasks: Int
    public var resultsFile: String
    public var pipeline: String?
    public var results: [String: HumanEvalSummary]
}
