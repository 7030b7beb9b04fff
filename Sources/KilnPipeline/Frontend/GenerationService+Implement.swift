import Foundation
import KilnCore
import KilnModels
import KilnValidation

/// The implement task: a stub in a module (a signature with its documentation) written as the
/// documentation says, checked in place, inside the module it belongs to.
extension GenerationService {
    func implement(
        _ target: String, in sourcePath: String, request: GenerationRequest,
        onEvent: @escaping @Sendable (GenerationEvent) -> Void
    ) async throws -> GenerationResult {
        let options = request.options
        let (url, code) = try source(sourcePath, of: request)
        let out = try destination(request.output)
        let catalog = try workbench.templateCatalog(language: request.language)
        let template = try template(named: options.templateName, for: "function", in: catalog)
        let toolchain = try await workbench.toolchain(language: request.language)
        try await requireParses(code, path: sourcePath, toolchain: toolchain)
        let definitions = try await toolchain.definitions(in: code)
        guard let definition = definitions.first(where: { $0.qualifiedName == target }) else {
            throw InputError(
                "\(sourcePath) has no definition named \(target); it has \(definitions.map(\.qualifiedName).joined(separator: ", "))")
        }
        guard let stub = toolchain.stub(definition) else {
            throw InputError("`\(target)` already has a body; to change it, refactor it instead")
        }
        let spec = Self.specification(of: stub, name: target)
        for finding in PromptLinter().lint(spec).findings where finding.severity >= .warning {
            workbench.progress.line("kiln: spec \(finding.severity.rawValue) [\(finding.rule)] \(finding.message) — \(finding.fix)")
        }
        let reading = try await toolchain.readSpec(spec)
        let sandbox = try await workbench.sandbox(for: toolchain)
        let context = ValidationContext(
            toolchain: toolchain, sandbox: sandbox, projectRoot: workbench.root, spec: spec,
            licenseIndex: try workbench.licenseIndex(), specReading: reading)
        let validator = CandidateValidator(
            context: context, suite: ValidationSuite(validators: toolchain.validators(for: .generatedCode)),
            path: url.lastPathComponent)
        // What the module already has to say for itself, stub and all: not this generation's doing.
        let baseline = try await validator.check(code)
        let check = StubCheck(
            toolchain: toolchain, module: code, target: target, validator: validator, baseline: baseline,
            stubDocstring: definition.docstring)
        let contextText = try await workbench.repositoryContext(
            of: [url], includingTargets: true, toolchain: toolchain,
            maxTokens: options.maxTokens ?? template.parameters.maxTokens, promptCharacters: spec.count)?.rendered
        let backend = try await workbench.backend()
        onEvent(.modelReady(name: backend.descriptor.name))
        let generator = CodeGenerator(
            backend: backend, check: .custom { try await check.check($0) },
            parameters: GenerationParameters(
                temperature: options.temperature ?? template.parameters.temperature,
                maxTokens: options.maxTokens ?? template.parameters.maxTokens, stop: template.parameters.stop, seed: options.seed),
            maxRepairs: options.maxRepairs, samples: options.samples, budget: options.budget, toolchain: toolchain,
            template: template, context: contextText, libraries: toolchain.declaredDependencies,
            requirements: SpecRequirements(spec: spec, reading: reading))
        var result = try await backend.using { try await generator.generate(spec: spec, onEvent: onEvent) }
        result.findings += reading.findings
        result.redactSecrets()
        if result.status != .failed, request.output != .returned {
            let destination = out?.url ?? url
            result.backupPath = try OutputWriter().write(result.code, to: destination, replace: out?.replace ?? true)
            result.outputPath = destination.path
        }
        return result
    }

    /// The spec a stub states: keep the signature, do what the documentation says.
    static func specification(of stub: Stub, name: String) -> String {
        let documentation = stub.documentation.trimmingCharacters(in: .whitespacesAndNewlines)
        return "Write a function named \(name) with exactly this signature: `\(stub.signature)`"
            + (documentation.isEmpty ? "." : ", that does what its documentation says:\n\n\(documentation)")
    }
}

/// Checks one implementation of a stub where it will live: spliced into the module in place of
/// the stub (its new imports with the module's), then every check run on the module. Findings
/// and failing tests the module had before, outside the new code, are not held against it.
struct StubCheck: Sendable {
    let toolchain: any LanguageToolchain
    let module: String
    let target: String
    let validator: CandidateValidator
    let baseline: CandidateReport
    /// The stub's docstring, kept as the user wrote it.
    let stubDocstring: String?

    func check(_ reply: String) async throws -> CandidateReport {
        let spliced: String
        do {
            spliced = try await splice(reply)
        } catch let error as RefactorSpliceError {
            return rejected(
                reply, rule: "implement/missing-definition", error.description,
                fix: "reply with `\(target)` in one \(toolchain.language) code block")
        } catch let failure as ValidationError {
            return rejected(
                reply, rule: "syntax", "the code is not valid \(toolchain.language): \(failure)", fix: "reply with valid \(toolchain.language)")
        }
        var report = try await validator.check(spliced)
        guard let span = try await toolchain.definitions(in: report.code).first(where: { $0.qualifiedName == target }) else {
            return report
        }
        let before = Set(baseline.findings.map { "\($0.rule)|\($0.message)" })
        report.findings.removeAll { finding in
            let inside = finding.line.map { span.line...span.endLine ~= $0 } ?? false
            return !inside && before.contains("\(finding.rule)|\(finding.message)")
        }
        let failedBefore = Set(baseline.tests.filter { $0.outcome != .passed }.map(\.name))
        report.tests.removeAll { test in
            test.outcome != .passed && failedBefore.contains(test.name) && !Self.isAboutTheSpec(test.name)
        }
        return report
    }

    /// The module with the stub replaced by the reply's definition, the stub's own docstring kept
    /// (the user wrote it; the model may not rewrite it), and the modules the reply imports before
    /// its definition that the module lacks added with the module's imports (never a wildcard).
    func splice(_ reply: String) async throws -> String {
        var spliced = try await toolchain.replacingDefinition(target, in: module, with: reply)
        if let docstring = stubDocstring {
            spliced = try await toolchain.insertingDocstring(docstring, into: target, of: spliced)
        }
        let shortName = target.split(separator: ".").last.map(String.init) ?? target
        guard let own = try await toolchain.definitions(in: reply).first(where: { $0.qualifiedName == shortName || $0.qualifiedName == target })
        else { return spliced }
        let present = Set(try await toolchain.imports(of: module).map(\.module))
        let lines = reply.split(separator: "\n", omittingEmptySubsequences: false)
        let added = try await toolchain.imports(of: reply)
            .filter { $0.line < own.line && !present.contains($0.module) && $0.line <= lines.count }
            .map { String(lines[$0.line - 1]) }
            .filter { !$0.contains("*") }
        if !added.isEmpty {
            spliced = try await toolchain.inserting(
                Array(Set(added)).sorted().joined(separator: "\n"), into: spliced, moduleName: "module")
        }
        return spliced
    }

    /// Cases that check the spec itself (its examples, the probes, agreed cases): never excused.
    static func isAboutTheSpec(_ name: String) -> Bool {
        name.hasPrefix("test_spec_example") || name.hasPrefix("probe_") || name.hasPrefix("test_requirement")
    }

    func rejected(_ reply: String, rule: String, _ message: String, fix: String) -> CandidateReport {
        CandidateReport(
            code: reply,
            findings: [Finding(rule: rule, category: .correctness, severity: .error, message: message, fixHint: fix)],
            tests: [], checks: [], removedDemoCode: [])
    }
}
