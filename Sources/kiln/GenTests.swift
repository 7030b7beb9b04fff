import ArgumentParser
import Foundation
import KilnCore
import KilnModels
import KilnPipeline
import KilnPrompts
import KilnSystem
import KilnValidation

extension Kiln.Gen {
    struct Tests: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a pytest file for a module's public functions; it is kept only if it passes against the module.",
            discussion: """
                The tests must cover every public function (normal cases, boundaries, errors) and pass against
                SRC in the sandbox. A test that still fails after the repair rounds is reported as a possible bug
                in SRC or a wrong test; when the other tests pass it is kept in the file marked
                `@pytest.mark.xfail` with the failure as the reason (--no-xfail writes nothing instead).

                Examples:
                  kiln gen tests mathutils.py --out test_mathutils.py
                  kiln gen tests stats.py --json
                """)

        @Argument(help: "The module to test.")
        var source: String

        @Option(
            name: .long, help: ArgumentHelp("Write the test file here (atomically) instead of printing it.", valueName: "file"))
        var out: String?

        @Flag(name: .long, help: "Replace an existing --out file (the old one is kept as .bak).")
        var force = false

        @Option(name: .customLong("max-repairs"), help: ArgumentHelp("Repair rounds per sample.", valueName: "k"))
        var maxRepairs = 2

        @Option(name: .long, help: ArgumentHelp("Independent samples when repairs do not succeed.", valueName: "n"))
        var samples = 1

        @Option(name: .customLong("template"), help: ArgumentHelp("Prompt template (default: tests).", valueName: "name"))
        var templateName = "tests"

        @Flag(
            name: .customLong("no-xfail"),
            help:
                "Write nothing unless every test passes (by default tests still failing after the repairs are kept, marked xfail with the failure, when the others pass)."
        )
        var noXfail = false

        @Flag(name: .long, help: "Print the result as one JSON object.")
        var json = false

        @OptionGroup var modelOptions: ModelOptions

        func run() async throws {
            let progress = ProgressReporter.fromEnvironment()
            try await runReportingErrors(progress: progress, json: json) { try await generate(progress: progress) }
        }

        private func generate(progress: ProgressReporter) async throws {
            let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            let (url, code) = try CommandSupport.readSource(source)
            let outURL = try CommandSupport.outputURL(out, force: force)
            let template = try TemplateCatalog.load(workingDirectory: root).template(named: templateName)
            guard template.pattern == "tests" else {
                throw ModelError.configuration("template '\(templateName)' is for the \(template.pattern) pattern, not tests")
            }
            let support = try await ValidationSupport.make(progress: progress, root: root, needsSandbox: true)
            guard let sandbox = support.sandbox else { throw ModelError.runtime("no sandbox to run the tests in") }
            let prepared = try await support.toolchain.prepare(code, path: source)
            if let error = prepared.syntaxError { throw ModelError.configuration("\(source) does not parse: \(error.message)") }
            let functions = try await support.toolchain.definitions(in: code)
                .filter { $0.kind == "function" && !$0.qualifiedName.contains(".") && !$0.qualifiedName.hasPrefix("_") }.map(
                    \.qualifiedName)
            guard !functions.isEmpty else {
                throw ModelError.configuration("\(source) has no public top-level functions to test")
            }
            let sourceFile = SourceFile(path: url.lastPathComponent, code: code)
            let workspace = CommandSupport.workspace(root: root, module: url, progress: progress)
            let testsCheck = GeneratedTestsCheck(
                toolchain: support.toolchain, sandbox: sandbox, source: sourceFile, functions: functions,
                environment: support.environment, workspace: workspace)
            let configuration = try modelOptions.resolvedConfiguration()
            let context = try await CommandSupport.importedContext(
                of: [url], root: root, includingTargets: false, toolchain: support.toolchain, configuration: configuration,
                maxTokens: template.parameters.maxTokens, promptCharacters: code.count, progress: progress)
            let runtime = LocalRuntime(paths: KilnPaths.fromEnvironment(), progress: progress)
            let backend = try await runtime.backend(for: try ModelSelection.resolve(configuration))
            let generator = CodeGenerator(
                backend: backend, check: .custom { try await testsCheck.check($0) }, parameters: template.parameters,
                maxRepairs: maxRepairs, samples: samples, languageVersion: support.environment.version, template: template)
            let display = GenerationDisplay(progress: progress, modelName: backend.descriptor.name)
            // Tests import the module the way the project does (`shop.cart`), so they work where they are written.
            var fields = [
                "source": code, "module": workspace.importName ?? sourceFile.moduleName,
                "functions": functions.joined(separator: ", "),
            ]
            if let context { fields["context"] = context.rendered }
            var result = try await backend.using {
                try await generator.generate(fields: fields) { display.handle($0) }
            }
            result.prompt.contextFiles = context?.outlines.map(\.path)
            // Tests that still fail after the repairs: a bug in SRC or a wrong test. Kept, marked xfail
            // with the failure and reported, when the rest of the file is sound.
            if result.status == .failed, !noXfail,
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
            progress.clear()
            if let outURL, result.status == .passed {
                let backup = try AtomicFile.write(
                    Data(result.code.utf8), to: outURL, existing: force ? .backUpAndReplace : .refuse)
                result.outputPath = outURL.path
                result.backupPath = backup?.path
            }
            if json {
                try JSONOutput.print(result)
            } else {
                if outURL == nil || result.status == .failed { print(result.code, terminator: "") }
                CommandSupport.printSummary(result)
            }
            if result.status == .failed { throw ExitCode(KilnExit.checksFailed) }
        }
    }
}
