import Foundation
import KilnCore
import KilnModels
import KilnPrompts
import KilnValidation

/// The patterns that start from an existing source file: tests, refactor, docs.
extension GenerationService {
    // MARK: - tests

    func generateTests(
        for sourcePath: String, request: GenerationRequest, onEvent: @escaping @Sendable (GenerationEvent) -> Void
    ) async throws -> GenerationResult {
        let options = request.options
        let (url, code) = try source(sourcePath, of: request)
        let out = try destination(request.output)
        let template = try template(
            named: options.templateName, for: "tests", in: workbench.templateCatalog(language: request.language))
        let toolchain = try await workbench.toolchain(language: request.language)
        let sandbox = try await workbench.sandbox(for: toolchain)
        try await requireParses(code, path: sourcePath, toolchain: toolchain)
        var functions = try await toolchain.definitions(in: code)
            .filter { $0.kind == "function" && !$0.qualifiedName.contains(".") && !$0.qualifiedName.hasPrefix("_") }
            .map(\.qualifiedName)
        guard !functions.isEmpty else { throw InputError("\(sourcePath) has no public top-level functions to test") }
        if case .tests(_, let only?) = request.task {
            let unknown = only.filter { !functions.contains($0) }
            guard unknown.isEmpty else {
                throw InputError(
                    "\(sourcePath) has no public top-level function \(unknown.joined(separator: ", ")) to test; it has \(functions.joined(separator: ", "))")
            }
            functions = only
        }
        let sourceFile = SourceFile(path: url.lastPathComponent, code: code)
        let workspace = workbench.workspace(for: url, toolchain: toolchain)
        let testsCheck = GeneratedTestsCheck(
            toolchain: toolchain, sandbox: sandbox, source: sourceFile, functions: functions, workspace: workspace)
        let context = try await workbench.repositoryContext(
            of: [url], includingTargets: false, toolchain: toolchain, maxTokens: template.parameters.maxTokens,
            promptCharacters: code.count)
        let backend = try await workbench.backend()
        onEvent(.modelReady(name: backend.descriptor.name))
        let generator = CodeGenerator(
            backend: backend, check: .custom { try await testsCheck.check($0) }, parameters: template.parameters,
            maxRepairs: options.maxRepairs, samples: options.samples, toolchain: toolchain, template: template)
        // Tests import the module the way the project does (`shop.cart`), so they work where they are written.
        var fields = [
            "source": code, "module": workspace.importName ?? sourceFile.moduleName,
            "functions": functions.joined(separator: ", "),
        ]
        if let context { fields["context"] = context.rendered }
        var result = try await backend.using { try await generator.generate(fields: fields, onEvent: onEvent) }
        result.prompt.contextFiles = context?.outlines.map(\.path)
        // Tests that still fail after the repairs: a bug in the source or a wrong test. Kept, marked
        // as expected failures with the failure and reported, when the rest of the file is sound.
        if result.status == .failed, options.keepsExpectedFailures,
            let marked = try await testsCheck.markingFailures(
                of: CandidateReport(
                    code: result.code, findings: result.findings, tests: result.tests, checks: result.checks,
                    removedDemoCode: result.removedDemoCode))
        {
            result.code = marked.code
            result.findings = marked.findings
            result.tests = marked.tests
            result.checks = marked.checks
            result.status = .passed
        }
        if let out, result.status == .passed {
            result.backupPath = try OutputWriter().write(result.code, to: out.url, replace: out.replace)
            result.outputPath = out.url.path
        }
        return result
    }

    // MARK: - refactor

    func refactor(
        _ sourcePath: String, target: String, instruction: String, request: GenerationRequest,
        onEvent: @escaping @Sendable (GenerationEvent) -> Void
    ) async throws -> RefactorGenerator.Result {
        let (url, code) = try source(sourcePath, of: request)
        let out = try destination(request.output)
        let catalog = try workbench.templateCatalog(language: request.language)
        let toolchain = try await workbench.toolchain(language: request.language)
        let sandbox = try await workbench.sandbox(for: toolchain)
        try await requireParses(code, path: sourcePath, toolchain: toolchain)
        let module = SourceFile(path: url.lastPathComponent, code: code)
        let workspace = workbench.workspace(for: url, toolchain: toolchain)
        let repositoryTests = try await workbench.repositoryTests(for: url, in: workspace, toolchain: toolchain)
        workbench.progress.line(
            "kiln: behaviour oracle: "
                + (repositoryTests.isEmpty
                    ? "characterization tests (no repository tests import \(module.moduleName))"
                    : "repository tests \(repositoryTests.map(\.path).joined(separator: ", "))"))
        let refactorTemplate = try catalog.template(named: "refactor")
        let context = try await workbench.repositoryContext(
            of: [url], includingTargets: true, toolchain: toolchain, maxTokens: refactorTemplate.parameters.maxTokens,
            promptCharacters: 0)
        let testsTemplate = try catalog.template(named: "tests")
        let backend = try await workbench.backend()
        onEvent(.modelReady(name: backend.descriptor.name))
        let generator = RefactorGenerator(
            backend: backend, toolchain: toolchain, sandbox: sandbox, template: refactorTemplate,
            testsTemplate: testsTemplate, maxRepairs: request.options.maxRepairs)
        var result = try await backend.using {
            try await generator.generate(
                source: module, target: target, instruction: instruction, repositoryTests: repositoryTests,
                context: context?.rendered, workspace: workspace, onEvent: onEvent)
        }
        result.prompt.contextFiles = context?.outlines.map(\.path)
        if result.status == .passed, request.output != .returned {
            // Without --out the source is rewritten in place; its old version is kept as a backup.
            let destination = out?.url ?? url
            result.backupPath = try OutputWriter().write(result.code, to: destination, replace: out?.replace ?? true)
            result.outputPath = destination.path
        }
        return result
    }

    // MARK: - docs

    func document(
        _ sourcePath: String, target: String?, style: DocsGenerator.Style, request: GenerationRequest,
        onEvent: @escaping @Sendable (GenerationEvent) -> Void
    ) async throws -> DocsGenerator.Result {
        let (url, text) = try source(sourcePath, of: request)
        let out = try destination(request.output)
        let template = try template(
            named: request.options.templateName, for: "docs", in: workbench.templateCatalog(language: request.language))
        let toolchain = try await workbench.toolchain(language: request.language)
        try await requireParses(text, path: sourcePath, toolchain: toolchain)
        let context = try await workbench.repositoryContext(
            of: [url], includingTargets: true, toolchain: toolchain, maxTokens: template.parameters.maxTokens,
            promptCharacters: 0)
        let backend = try await workbench.backend()
        onEvent(.modelReady(name: backend.descriptor.name))
        let generator = DocsGenerator(
            backend: backend, toolchain: toolchain, template: template, parameters: template.parameters,
            maxRepairs: request.options.maxRepairs, style: style)
        var result = try await backend.using {
            try await generator.generate(source: text, target: target, context: context?.rendered, onEvent: onEvent)
        }
        result.prompt.contextFiles = context?.outlines.map(\.path)
        if result.status == .passed && result.code != text && request.output != .returned {
            let destination = out?.url ?? url
            result.backupPath = try OutputWriter().write(result.code, to: destination, replace: out?.replace ?? true)
            result.outputPath = destination.path
        }
        return result
    }
}
