import Foundation
import KilnCore
import KilnModels
import KilnPrompts
import KilnSystem
import KilnValidation

/// The library-side front end of `gen`: a request goes in, a result comes out, with any file
/// written through the output writer. The command line, the editor server and the agent server
/// all call this; none of them repeats any of it.
///
/// Everything that can be refused is refused before the model is called: a vague spec under
/// `strict`, an output file that exists, a missing input, a source that does not parse.
public struct GenerationService: Sendable {
    public var workbench: Workbench

    public init(workbench: Workbench) { self.workbench = workbench }

    public func generate(
        _ request: GenerationRequest, onEvent: @escaping @Sendable (GenerationEvent) -> Void = { _ in }
    ) async throws -> GenerationOutcome {
        try request.options.checkValues()
        let plan = try await commitPlan(for: request)
        let started = Date()
        let outcome: GenerationOutcome
        switch request.task {
        case .function(let spec), .class(let spec):
            outcome = .code(try await generateFromSpec(spec, request: request, onEvent: onEvent))
        case .tests(let source, _):
            outcome = .code(try await generateTests(for: source, request: request, onEvent: onEvent))
        case .implement(let source, let target):
            outcome = .code(try await implement(target, in: source, request: request, onEvent: onEvent))
        case .refactor(let source, let target, let instruction):
            outcome = .refactor(
                try await refactor(source, target: target, instruction: instruction, request: request, onEvent: onEvent))
        case .docs(let source, let target, let style):
            outcome = .docs(try await document(source, target: target, style: style, request: request, onEvent: onEvent))
        }
        return try await keepProvenance(of: outcome, request: request, plan: plan, started: started)
    }

    /// The template for `pattern` (or the request's), refused when it belongs to another pattern.
    func template(named name: String?, for pattern: String, in catalog: TemplateCatalog) throws -> PromptTemplate {
        let name = name ?? pattern
        let template = try catalog.template(named: name)
        guard template.pattern == pattern else {
            throw InputError("template '\(name)' is for the \(template.pattern) pattern, not \(pattern)")
        }
        return template
    }

    /// The file a result goes to and whether an existing one may be replaced, checked now.
    func destination(_ output: GenerationRequest.Output) throws -> (url: URL, replace: Bool)? {
        guard case .file(let path, let replace) = output else { return nil }
        let url = workbench.url(path)
        try OutputWriter.checkWritable(url, replace: replace)
        return (url, replace)
    }

    /// The source a request names: the editor's text when it gave one, else the file's.
    func source(_ path: String, of request: GenerationRequest) throws -> (url: URL, text: String) {
        if let text = request.sourceText { return (workbench.url(path), text) }
        return try workbench.read(path)
    }

    /// Refuses a source file named by the request that does not parse.
    func requireParses(_ text: String, path: String, toolchain: any LanguageToolchain) async throws {
        if let error = try await toolchain.prepare(text, path: path).syntaxError {
            throw InputError("\(path) does not parse: \(error.message)")
        }
    }

    // MARK: - function and class

    func generateFromSpec(
        _ spec: String, request: GenerationRequest, onEvent: @escaping @Sendable (GenerationEvent) -> Void
    ) async throws -> GenerationResult {
        let options = request.options
        let pattern = request.task.pattern
        guard !spec.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw InputError("the spec is empty; describe the inputs, the output and the edge cases")
        }
        let lint = PromptLinter().lint(spec)
        if options.strict && lint.hasErrors {
            throw InputError(
                lint.text + "\nthe spec is too vague to generate from (--strict); fix the errors above or drop --strict")
        }
        for finding in lint.findings where finding.severity >= .warning {
            workbench.progress.line(
                "kiln: spec \(finding.severity.rawValue) [\(finding.rule)] \(finding.message) — \(finding.fix)")
        }
        _ = try ModelSelection.resolve(workbench.configuration)
        let out = try destination(request.output)
        var into: (url: URL, text: String)?
        if case .into(let path) = request.output { into = try workbench.read(path) }
        let catalog = try workbench.templateCatalog(language: request.language)
        let template = try template(named: options.templateName, for: pattern, in: catalog)
        let testFiles = try options.tests.map { path in SourceFile(path: path, code: try workbench.read(path).text) }
        let contextURLs = try options.contextFiles.map { path -> URL in
            let url = workbench.url(path)
            guard FileManager.default.fileExists(atPath: url.path) else { throw SystemError.fileMissing(url.path) }
            return url
        }
        // The checks, the context and --into need the language's tools; an unchecked generation does not.
        let needsTools = options.validate || !contextURLs.isEmpty || into != nil
        let toolchain =
            needsTools || workbench.toolchainOverride != nil
            ? try await workbench.toolchain(language: request.language)
            : try LanguageToolchains.unprovisioned(
                language: request.language, paths: workbench.paths, projectRoot: workbench.root)
        var check: CandidateCheck?
        // The vote compares functions: a class's second opinion would have nothing to compare.
        let secondOpinion = options.validate && options.secondOpinion && pattern == "function" && options.samples > 1
        var agreement: AgreementSelection?
        var reading: SpecReading?
        if options.validate {
            // The spec is read once, by the language's parser: its examples become tests, its
            // statements requirements; an example it cannot read is said now, not ignored.
            reading = try await toolchain.readSpec(spec)
            for finding in reading?.findings ?? [] {
                workbench.progress.line("kiln: spec warning [\(finding.rule)] \(finding.message)")
            }
            let sandbox = try await workbench.sandbox(for: toolchain)
            let context = ValidationContext(
                toolchain: toolchain, sandbox: sandbox, projectRoot: workbench.root, tests: testFiles, spec: spec,
                licenseIndex: try workbench.licenseIndex(),
                onlineLookup: options.onlineImports ? Workbench.registryLookup : nil, specReading: reading)
            let path = (out?.url ?? into?.url)?.lastPathComponent ?? "candidate.\(toolchain.fileExtension)"
            check = .full(
                CandidateValidator(
                    context: context, suite: ValidationSuite(validators: toolchain.validators(for: .generatedCode)), path: path))
            if options.candidatesToCompare > 1 {
                agreement = try AgreementSelection(
                    toolchain: toolchain, sandbox: sandbox,
                    template: catalog.template(named: "inputs"))
            } else if secondOpinion, let inputs = catalog.templates["inputs"],
                let answers = catalog.templates["requirement-answers"]
            {
                // Held only when a late pass asks for it; a language without the vote's two
                // templates has no second opinions.
                agreement = try AgreementSelection(toolchain: toolchain, sandbox: sandbox, template: inputs, answerTemplate: answers)
            }
        }
        let contextText = try await workbench.repositoryContext(
            of: contextURLs, includingTargets: true, toolchain: toolchain,
            maxTokens: options.maxTokens ?? template.parameters.maxTokens, promptCharacters: spec.count)?.rendered
        // The model comes last: every refusal above costs nothing, and a backend once made is always shut down.
        let backend = try await workbench.backend()
        onEvent(.modelReady(name: backend.descriptor.name))
        let generator = CodeGenerator(
            backend: backend, check: check,
            parameters: GenerationParameters(
                temperature: options.temperature ?? template.parameters.temperature,
                maxTokens: options.maxTokens ?? template.parameters.maxTokens, stop: template.parameters.stop, seed: options.seed),
            maxRepairs: options.maxRepairs, samples: options.samples, budget: options.budget, toolchain: toolchain,
            template: template, context: contextText, libraries: toolchain.declaredDependencies,
            agreement: agreement, candidatesToCompare: options.candidatesToCompare,
            requirements: reading.map { SpecRequirements(spec: spec, reading: $0) },
            requirementCases: try requirementCases(pattern: pattern, options: options, toolchain: toolchain, catalog: catalog),
            secondOpinion: secondOpinion)
        var result = try await backend.using { try await generator.generate(spec: spec, onEvent: onEvent) }
        result.findings += reading?.findings ?? []
        result.redactSecrets()
        let writer = OutputWriter(toolchain: toolchain)
        if let into, result.status != .failed {
            result.backupPath = try await writer.insert(result.code, into: into.url, original: into.text)
            result.outputPath = into.url.path
        }
        if let out, result.status != .failed {
            result.backupPath = try writer.write(result.code, to: out.url, replace: out.replace)
            result.outputPath = out.url.path
        }
        return result
    }
}

extension GenerationService {
    /// Model-written cases for unchecked requirements: calls for the function pattern, usage
    /// scenarios for the class pattern, with checks on, in a language whose templates include the
    /// form's two templates (a language without them does not offer the search).
    func requirementCases(
        pattern: String, options: GenerationOptions, toolchain: any LanguageToolchain, catalog: TemplateCatalog
    ) throws -> RequirementCases? {
        let forms: [String: RequirementCases.Form] = ["function": .calls, "class": .scenarios]
        guard let form = forms[pattern], options.validate, options.requirementCaseSamples > 0,
            let cases = catalog.templates[form.templateNames.cases],
            let answers = catalog.templates[form.templateNames.answers]
        else { return nil }
        return try RequirementCases(
            toolchain: toolchain, form: form, template: cases, answerTemplate: answers, samples: options.requirementCaseSamples)
    }
}

extension GenerationResult {
    /// Secrets never reach a report: failed code and every attempt's code are shown redacted
    /// (code that passed has no secret findings).
    mutating func redactSecrets() {
        let scanner = SecretScanner()
        if status == .failed { code = scanner.redact(code) }
        attempts = attempts.map { attempt in
            var attempt = attempt
            attempt.code = attempt.code.map(scanner.redact)
            return attempt
        }
    }
}
