import ArgumentParser
import Foundation
import KilnPipeline
import KilnSystem
import KilnValidation

extension Kiln {
    struct Gen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate code from a specification.",
            discussion: """
                Examples:
                  kiln gen function "takes a list of numbers, returns the median as a float, raises ValueError on an empty list" --out median.py
                  kiln gen class "a User with name, email and age; invalid email or negative age raises ValueError; __str__" --out user.py
                """,
            subcommands: [Function.self, Class.self, Tests.self, Refactor.self, Docs.self, Implement.self]
        )
    }
}

extension Kiln.Gen {
    struct Function: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate one function from a specification, checked before you see it.",
            discussion: """
                The spec should say what goes in, what comes out, and what happens on bad or edge input.

                Examples in the spec (`median([3, 1, 2]) == 2`, doctests) become tests run in the sandbox.

                Status (and exit code):
                  passed (0)      every check ran clean and every requirement of the spec was checked by an
                                  executed case that held: an example, your --tests, a probe, or a model-written
                                  case two independent answers agreed on and the code reproduced
                  unverified (6)  every check that ran passed, but some requirements were checked by nothing
                                  that ran; they are listed. The code is written.
                  failed (1)      an error or failing case remains; printed, not written

                Examples:
                  kiln gen function "takes a list of numbers, returns the median as a float, raises ValueError on an empty list; median([3, 1, 2]) == 2"
                  kiln gen function "parse an ISO 8601 date string into datetime.date; raise ValueError on bad input" --out dates.py
                  kiln gen function "..." --endpoint http://127.0.0.1:11434 --provider ollama --model qwen2.5-coder:7b --json
                """
        )

        @Argument(help: "What the function takes, returns and does on edge cases.")
        var spec: String

        @OptionGroup var options: SpecGenerationOptions

        func validate() throws { try SpecGenerationOptions.validateSpec(spec) }

        func run() async throws {
            try await runGeneration(
                options.request(.function(spec: spec)), modelOptions: options.modelOptions, json: options.json,
                sarif: options.reportOptions.sarif)
        }
    }

    struct Class: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate one class from a specification: fields, validation rules and methods, checked before you see it.",
            discussion: """
                Name the fields with their types, the validation rules (and what invalid input raises) and the
                methods you need.

                Examples:
                  kiln gen class "Create a Python class for User with name, email, age fields; email validation; age must be positive; __str__ method" --out user.py
                  kiln gen class "an LRUCache(capacity: int) with get(key) -> value or None and put(key, value); capacity <= 0 raises ValueError" --json
                """
        )

        @Argument(help: "The class: its fields and types, validation rules, methods.")
        var spec: String

        @OptionGroup var options: SpecGenerationOptions

        func validate() throws { try SpecGenerationOptions.validateSpec(spec) }

        func run() async throws {
            try await runGeneration(
                options.request(.class(spec: spec)), modelOptions: options.modelOptions, json: options.json,
                sarif: options.reportOptions.sarif)
        }
    }
}

/// Options of the patterns that start from a spec (function, class).
struct SpecGenerationOptions: ParsableArguments {
    @Option(
        name: .long, help: ArgumentHelp("Write the code to this file (atomically) instead of printing it.", valueName: "file")
    )
    var out: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Add the code to this existing module instead: its lines stay as they are (a .bak copy is kept).", valueName: "file"))
    var into: String?

    @Flag(name: .long, help: "Replace an existing --out file; the old one is kept as FILE.bak.")
    var force = false

    @Option(name: .long, help: ArgumentHelp("Language of the generated code (python).", valueName: "lang"))
    var lang = "python"

    @Option(
        name: .customLong("max-repairs"),
        help: ArgumentHelp("Repair rounds per sample when the code fails a check.", valueName: "k"))
    var maxRepairs = 2

    @Option(name: .long, help: ArgumentHelp("Independent samples to draw when repairs do not succeed.", valueName: "n"))
    var samples = 2

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Draw samples until K candidates pass, then keep the one whose behaviour agrees most with the others on the spec's examples and model-proposed inputs (run in the sandbox). Useful when the spec has no examples.",
            valueName: "k"))
    var agree = 1

    @Flag(
        name: .customLong("no-second-opinion"),
        help:
            "Keep a candidate that passed only after a failed attempt as it is, instead of drawing samples until a second one passes and voting between them (function pattern).")
    var noSecondOpinion = false

    @Option(
        name: .long,
        help: ArgumentHelp("A test file the code must pass (run in the sandbox). Repeatable.", valueName: "test.py"))
    var tests: [String] = []

    @Option(
        name: .customLong("budget-seconds"),
        help: ArgumentHelp("Stop starting new attempts after this many seconds.", valueName: "s"))
    var budgetSeconds: Double?

    @Option(
        name: .customLong("budget-tokens"),
        help: ArgumentHelp("Stop starting new attempts after this many generated tokens.", valueName: "n"))
    var budgetTokens: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A repository file whose outline the code must fit with (and the modules it imports). Repeatable.", valueName: "file")
    )
    var context: [String] = []

    @Option(
        name: .customLong("template"),
        help: ArgumentHelp("Prompt template (default: the pattern's built-in, or .kiln/prompts/NAME.md).", valueName: "name"))
    var templateName: String?

    @Flag(name: .long, help: "Refuse to generate when the prompt linter finds an error in the spec.")
    var strict = false

    @Flag(name: .customLong("online-imports"), help: "Look unknown imports up on PyPI (sends their names to the registry).")
    var onlineImports = false

    @Flag(name: .customLong("no-validate"), help: "Skip the checks; the result is marked unvalidated.")
    var noValidate = false

    @Option(
        name: .customLong("requirement-cases"),
        help: ArgumentHelp(
            "When requirements are left unchecked, draw this many samples of model-written cases for them; a case counts only when two samples write it alike and the code reproduces it (function pattern; 0 turns it off).",
            valueName: "n"))
    var requirementCases = 3

    @Option(name: .long, help: ArgumentHelp("Sampling temperature (default: the template's).", valueName: "t"))
    var temperature: Double?

    @Option(
        name: .customLong("max-tokens"), help: ArgumentHelp("Most tokens the model may write per attempt.", valueName: "n"))
    var maxTokens: Int?

    @Option(
        name: .long, help: ArgumentHelp("Sampling seed, for repeatable output where the server supports it.", valueName: "n"))
    var seed: Int?

    @Flag(name: .long, help: "Print the result as one JSON object.")
    var json = false

    @OptionGroup var commitOptions: CommitOptions

    @OptionGroup var reportOptions: ReportOptions

    @OptionGroup var modelOptions: ModelOptions

    func validate() throws {
        if out != nil && into != nil { throw ValidationError("--out and --into exclude each other") }
        guard LanguageToolchains.supported.contains(lang) else {
            throw ValidationError(
                "--lang \(lang) is not supported yet; Kiln generates \(LanguageToolchains.supported.joined(separator: ", "))")
        }
        do {
            try request(.function(spec: "")).options.checkValues()
        } catch let invalid as GenerationOptions.Invalid {
            throw ValidationError(invalid.message(naming: Self.flag))
        }
    }

    /// The flag that sets each option the library validates.
    static func flag(_ option: GenerationOptions.Name) -> String {
        switch option {
        case .maxRepairs: return "--max-repairs"
        case .samples: return "--samples"
        case .candidatesToCompare: return "--agree"
        case .requirementCaseSamples: return "--requirement-cases"
        case .maxTokens: return "--max-tokens"
        case .temperature: return "--temperature"
        case .budgetSeconds: return "--budget-seconds"
        case .budgetTokens: return "--budget-tokens"
        }
    }

    static func validateSpec(_ spec: String) throws {
        if spec.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("the spec is empty; describe the inputs, the output and the edge cases")
        }
    }

    func request(_ task: GenerationRequest.Task) -> GenerationRequest {
        commitOptions.apply(to: GenerationRequest(
            task: task, language: lang,
            output: into.map { .into($0) } ?? out.map { .file($0, replace: force) } ?? .none,
            options: GenerationOptions(
                maxRepairs: maxRepairs, samples: samples, candidatesToCompare: agree,
                budget: GenerationBudget(seconds: budgetSeconds, tokens: budgetTokens), tests: tests, contextFiles: context,
                templateName: templateName, strict: strict, onlineImports: onlineImports, validate: !noValidate,
                temperature: temperature, maxTokens: maxTokens, seed: seed, requirementCaseSamples: requirementCases,
                secondOpinion: !noSecondOpinion)))
    }
}

/// Runs a generation through the library's flow and prints its outcome: the code (or what was
/// done) on stdout, the summary on stderr, or one JSON object with `--json`.
func runGeneration(_ request: GenerationRequest, modelOptions: ModelOptions, json: Bool, sarif: String?) async throws {
    let progress = ProgressReporter.fromEnvironment()
    try await runReportingErrors(progress: progress, json: json) {
        let workbench = try Workbench.current(flags: modelOptions.asConfiguration, progress: progress)
        let display = GenerationDisplay(progress: progress)
        let outcome = try await GenerationService(workbench: workbench).generate(request) { display.handle($0) }
        progress.clear()
        if json {
            try JSONOutput.print(outcome)
        } else {
            FileHandle.standardOutput.write(Data(outcome.reportText.utf8))
            FileHandle.standardError.write(Data((outcome.summaryLines.joined(separator: "\n") + "\n").utf8))
        }
        if let sarif {
            let log = try outcome.sarif(toolVersion: Kiln.configuration.version, root: workbench.root)
            try log.write(to: workbench.url(sarif), options: .atomic)
        }
        if outcome.status == .failed { throw ExitCode(KilnExit.checksFailed) }
        if outcome.status == .unverified { throw ExitCode(KilnExit.unverified) }
    }
}

/// Shows attempts and the streaming rate on a terminal, in the library's words.
struct GenerationDisplay: Sendable {
    let progress: ProgressReporter
    let narrator = GenerationNarrator()

    func handle(_ event: GenerationEvent) {
        guard let (text, kind) = narrator.narrate(event) else { return }
        switch kind {
        case .status: progress.status(text)
        case .line: progress.line(text)
        }
    }
}
