import ArgumentParser
import Foundation
import KilnCore
import KilnModels
import KilnPipeline
import KilnPrompts
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
            subcommands: [Function.self, Class.self, Tests.self, Refactor.self, Docs.self]
        )
    }
}

extension Kiln.Gen {
    struct Function: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate one function from a specification, checked before you see it.",
            discussion: """
                The spec should say what goes in, what comes out, and what happens on bad or edge input.

                Examples:
                  kiln gen function "takes a list of numbers, returns the median as a float, raises ValueError on an empty list"
                  kiln gen function "parse an ISO 8601 date string into datetime.date; raise ValueError on bad input" --out dates.py
                  kiln gen function "..." --endpoint http://127.0.0.1:11434 --provider ollama --model qwen2.5-coder:7b --json
                """
        )

        @Argument(help: "What the function takes, returns and does on edge cases.")
        var spec: String

        @OptionGroup var options: SpecGenerationOptions

        func validate() throws { try SpecGenerationOptions.validateSpec(spec) }

        func run() async throws {
            let progress = ProgressReporter.fromEnvironment()
            try await runReportingErrors(progress: progress, json: options.json) {
                try await options.generate(pattern: "function", spec: spec, progress: progress)
            }
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
            let progress = ProgressReporter.fromEnvironment()
            try await runReportingErrors(progress: progress, json: options.json) {
                try await options.generate(pattern: "class", spec: spec, progress: progress)
            }
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

    @Option(
        name: .long,
        help: ArgumentHelp("A pytest file the code must pass (run in the sandbox). Repeatable.", valueName: "test.py"))
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

    @OptionGroup var modelOptions: ModelOptions

    func validate() throws {
        if out != nil && into != nil { throw ValidationError("--out and --into exclude each other") }
        guard lang == "python" else {
            throw ValidationError("--lang \(lang) is not supported yet; Kiln generates python")
        }
        if maxRepairs < 0 { throw ValidationError("--max-repairs cannot be negative") }
        if samples < 1 { throw ValidationError("--samples must be at least 1") }
        if agree < 1 || agree > samples {
            throw ValidationError("--agree must be between 1 and --samples (\(samples)): each compared candidate is a sample")
        }
        if agree > 1 && noValidate {
            throw ValidationError("--agree compares candidates that passed the checks; drop --no-validate")
        }
        if let maxTokens, maxTokens < 16 { throw ValidationError("--max-tokens must be at least 16") }
    }

    static func validateSpec(_ spec: String) throws {
        if spec.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("the spec is empty; describe the inputs, the output and the edge cases")
        }
    }

    func generate(pattern: String, spec: String, progress: ProgressReporter) async throws {
        let lint = PromptLinter().lint(spec)
        if strict && lint.hasErrors {
            FileHandle.standardError.write(Data((PromptLintText.render(lint) + "\n").utf8))
            throw ModelError.configuration(
                "the spec is too vague to generate from (--strict); fix the errors above or drop --strict")
        }
        for finding in lint.findings where finding.severity >= .warning {
            progress.line("kiln: spec \(finding.severity.rawValue) [\(finding.rule)] \(finding.message) — \(finding.fix)")
        }
        let configuration = try modelOptions.resolvedConfiguration()
        let selection = try ModelSelection.resolve(configuration)
        let outURL = out.map { URL(fileURLWithPath: $0) }
        let intoURL = into.map { URL(fileURLWithPath: $0).standardizedFileURL }
        var intoText: String?
        if let intoURL {
            guard let text = try? String(contentsOf: intoURL, encoding: .utf8) else {
                throw SystemError.fileMissing(intoURL.path)
            }
            intoText = text
        }
        if let outURL, !force, FileManager.default.fileExists(atPath: outURL.path) {
            // Refuse before spending minutes on the model.
            throw SystemError.fileExists(outURL.path)
        }
        let paths = KilnPaths.fromEnvironment()
        let runtime = LocalRuntime(paths: paths, progress: progress)
        let backend = try await runtime.backend(
            for: selection, readTimeout: .milliseconds(Int((configuration.timeout ?? 300) * 1000)))
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let name = templateName ?? pattern
        let template = try TemplateCatalog.load(workingDirectory: root).template(named: name)
        guard template.pattern == pattern else {
            throw ModelError.configuration("template '\(name)' is for the \(template.pattern) pattern, not \(pattern)")
        }
        let testFiles = try tests.map { path -> SourceFile in
            let url = URL(fileURLWithPath: path, relativeTo: root).standardizedFileURL
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw SystemError.fileMissing(url.path) }
            return SourceFile(path: path, code: text)
        }
        var check: CandidateCheck?
        var languageVersion: String?
        var agreement: AgreementSelection?
        if !noValidate {
            let support = try await ValidationSupport.make(progress: progress, root: root, needsSandbox: true)
            let context = ValidationContext(
                toolchain: support.toolchain, sandbox: support.sandbox, projectRoot: root, environment: support.environment,
                project: support.project, tests: testFiles, spec: spec, licenseIndex: support.licenseIndex,
                onlineLookup: onlineImports ? ValidationSupport.pypiLookup : nil)
            let path = outURL?.lastPathComponent ?? intoURL?.lastPathComponent ?? "candidate.py"
            check = .full(CandidateValidator(context: context, suite: .full(), path: path))
            languageVersion = support.environment.version
            if agree > 1, let sandbox = support.sandbox {
                agreement = try AgreementSelection(
                    toolchain: support.toolchain, sandbox: sandbox,
                    template: TemplateCatalog.load(workingDirectory: root).template(named: "inputs"))
            }
        }
        var contextText: String?
        if !context.isEmpty {
            let urls = try context.map { path -> URL in
                let url = URL(fileURLWithPath: path, relativeTo: root).standardizedFileURL
                guard FileManager.default.fileExists(atPath: url.path) else { throw SystemError.fileMissing(url.path) }
                return url
            }
            let paths = KilnPaths.fromEnvironment()
            let python = try await PythonEnvironment(paths: paths, progress: progress).ensure()
            let toolchain = PythonToolchain(python: python, helperDirectory: paths.helpers)
            contextText = try await CommandSupport.importedContext(
                of: urls, root: root, includingTargets: true, toolchain: toolchain, configuration: configuration,
                maxTokens: maxTokens ?? template.parameters.maxTokens, promptCharacters: spec.count, progress: progress)?.rendered
        }
        let declared = ProjectDependencies.load(root: root).declared.sorted()
        let generator = CodeGenerator(
            backend: backend, check: check,
            parameters: GenerationParameters(
                temperature: temperature ?? template.parameters.temperature,
                maxTokens: maxTokens ?? template.parameters.maxTokens,
                stop: template.parameters.stop, seed: seed),
            maxRepairs: maxRepairs, samples: samples, budget: GenerationBudget(seconds: budgetSeconds, tokens: budgetTokens),
            languageVersion: languageVersion, template: template, context: contextText, libraries: declared,
            agreement: agreement, candidatesToCompare: agree)
        let display = GenerationDisplay(progress: progress, modelName: backend.descriptor.name)
        var result = try await backend.using {
            try await generator.generate(spec: spec) { display.handle($0) }
        }
        progress.clear()

        // Secrets never reach a report: failed code and every attempt's code are shown redacted
        // (code that passed has no secret findings).
        let scanner = SecretScanner()
        if result.status == .failed { result.code = scanner.redact(result.code) }
        result.attempts = result.attempts.map { attempt in
            var attempt = attempt
            attempt.code = attempt.code.map(scanner.redact)
            return attempt
        }
        if let intoURL, let intoText, result.status != .failed {
            let paths = KilnPaths.fromEnvironment()
            let python = try await PythonEnvironment(paths: paths, progress: progress).ensure()
            let toolchain = PythonToolchain(python: python, helperDirectory: paths.helpers)
            let combined = try await toolchain.inserting(result.code, into: intoText, moduleName: intoURL.lastPathComponent)
            // Every existing line must still be there, in order.
            var remaining = combined.split(separator: "\n", omittingEmptySubsequences: false)[...]
            for line in intoText.split(separator: "\n", omittingEmptySubsequences: false) {
                guard let index = remaining.firstIndex(of: line) else {
                    throw ModelError.runtime(
                        "inserting into \(intoURL.path) would have changed its existing lines; nothing was written")
                }
                remaining = remaining[(index + 1)...]
            }
            let backup = try AtomicFile.write(Data(combined.utf8), to: intoURL, existing: .backUpAndReplace)
            result.outputPath = intoURL.path
            result.backupPath = backup?.path
        }
        if let outURL, result.status != .failed {
            let backup = try AtomicFile.write(
                Data(result.code.utf8), to: outURL, existing: force ? .backUpAndReplace : .refuse)
            result.outputPath = outURL.path
            result.backupPath = backup?.path
        }
        if json {
            try JSONOutput.print(result)
        } else {
            if (outURL == nil && intoURL == nil) || result.status == .failed { print(result.code, terminator: "") }
            CommandSupport.printSummary(result)
        }
        if result.status == .failed { throw ExitCode(KilnExit.checksFailed) }
    }
}

/// Shows attempts and the streaming rate on a terminal.
struct GenerationDisplay: Sendable {
    let progress: ProgressReporter
    let modelName: String

    func handle(_ event: GenerationEvent) {
        switch event {
        case .attemptStarted(let number, let sample, let kind):
            progress.status(
                number == 1
                    ? "kiln: generating with \(modelName)…"
                    : "kiln: attempt \(number) (sample \(sample), \(kind)) with \(modelName)…")
        case .checking(let number):
            progress.status("kiln: checking attempt \(number) (lint, security, imports, tests in the sandbox)…")
        case .streaming(let tokens, let rate):
            let speed = rate.map { String(format: " · %.1f tok/s", $0) } ?? ""
            progress.status("kiln: generating with \(modelName) · \(tokens) tokens\(speed)")
        case .attemptFinished(let attempt):
            let problems = attempt.findings.filter { $0.severity == .error }
            if let earlier = attempt.repeatOf {
                progress.line(
                    "kiln: attempt \(attempt.number) repeats attempt \(earlier) exactly; its checks are reused"
                        + (attempt.kind == "repair" && !attempt.passed ? " and a fresh sample follows" : ""))
            } else if !problems.isEmpty {
                let shown = problems.prefix(3).map(\.message).joined(separator: "; ")
                progress.line("kiln: attempt \(attempt.number) has \(problems.count) problem(s): \(shown)")
            }
        }
    }
}
