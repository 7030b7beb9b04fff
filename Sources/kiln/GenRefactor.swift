import ArgumentParser
import Foundation
import KilnCore
import KilnModels
import KilnPipeline
import KilnPrompts
import KilnSystem
import KilnValidation

extension Kiln.Gen {
    struct Refactor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Rewrite one function or class as instructed; the rest of the file stays byte-identical and behaviour is checked.",
            discussion: """
                Behaviour is checked with the repository's tests that import the module when there are any,
                otherwise with characterization tests Kiln has the model write for the original (kept only once
                they pass against it), run before and after. SRC is rewritten in place (the old file kept as
                SRC.bak) unless --out names another file.

                Examples:
                  kiln gen refactor users.py::get_user_names "use a list comprehension"
                  kiln gen refactor shop.py::Cart.total "remove the duplicated discount logic" --out shop_new.py --json
                """)

        @Argument(help: "SRC.py::name (a function, class or Class.method).")
        var target: String

        @Argument(help: "What to change.")
        var instruction: String

        @Option(name: .long, help: ArgumentHelp("Write the result here instead of rewriting SRC.", valueName: "file"))
        var out: String?

        @Flag(name: .long, help: "Replace an existing --out file (the old one is kept as .bak).")
        var force = false

        @Option(name: .customLong("max-repairs"), help: ArgumentHelp("Repair rounds.", valueName: "k"))
        var maxRepairs = 2

        @Flag(name: .long, help: "Print the result as one JSON object.")
        var json = false

        @OptionGroup var modelOptions: ModelOptions

        func validate() throws {
            guard target.contains("::") else { throw ValidationError("name the definition: SRC.py::name") }
        }

        func run() async throws {
            let progress = ProgressReporter.fromEnvironment()
            try await runReportingErrors(progress: progress, json: json) { try await refactor(progress: progress) }
        }

        private func refactor(progress: ProgressReporter) async throws {
            let parts = target.components(separatedBy: "::")
            let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            let (url, code) = try CommandSupport.readSource(parts[0])
            let outURL = try CommandSupport.outputURL(out, force: force)
            let catalog = try TemplateCatalog.load(workingDirectory: root)
            let support = try await ValidationSupport.make(progress: progress, root: root, needsSandbox: true)
            guard let sandbox = support.sandbox else { throw ModelError.runtime("no sandbox to run the behaviour checks in") }
            let prepared = try await support.toolchain.prepare(code, path: parts[0])
            if let error = prepared.syntaxError { throw ModelError.configuration("\(parts[0]) does not parse: \(error.message)") }
            let module = SourceFile(path: url.lastPathComponent, code: code)
            let workspace = CommandSupport.workspace(root: root, module: url, progress: progress)
            let repositoryTests = try await Self.repositoryTests(
                for: url, in: workspace, root: root, toolchain: support.toolchain)
            progress.line(
                "kiln: behaviour oracle: "
                    + (repositoryTests.isEmpty
                        ? "characterization tests (no repository tests import \(module.moduleName))"
                        : "repository tests \(repositoryTests.map(\.path).joined(separator: ", "))"))
            let configuration = try modelOptions.resolvedConfiguration()
            let refactorTemplate = try catalog.template(named: "refactor")
            let context = try await CommandSupport.importedContext(
                of: [url], root: root, includingTargets: true, toolchain: support.toolchain, configuration: configuration,
                maxTokens: refactorTemplate.parameters.maxTokens, promptCharacters: 0, progress: progress)
            let runtime = LocalRuntime(paths: KilnPaths.fromEnvironment(), progress: progress)
            let backend = try await runtime.backend(for: try ModelSelection.resolve(configuration))
            let generator = RefactorGenerator(
                backend: backend, toolchain: support.toolchain, sandbox: sandbox, environment: support.environment,
                template: refactorTemplate, testsTemplate: try catalog.template(named: "tests"),
                maxRepairs: maxRepairs)
            let display = GenerationDisplay(progress: progress, modelName: backend.descriptor.name)
            var result = try await backend.using {
                try await generator.generate(
                    source: module, target: parts[1], instruction: instruction, repositoryTests: repositoryTests,
                    context: context?.rendered, workspace: workspace
                ) { display.handle($0) }
            }
            result.prompt.contextFiles = context?.outlines.map(\.path)
            progress.clear()
            if result.status == .passed {
                let destination = outURL ?? url
                let backup = try AtomicFile.write(
                    Data(result.code.utf8), to: destination, existing: outURL == nil || force ? .backUpAndReplace : .refuse)
                result.outputPath = destination.path
                result.backupPath = backup?.path
            }
            if json {
                try JSONOutput.print(result)
            } else {
                for finding in result.findings { print("\(finding.severity.rawValue) [\(finding.rule)] \(finding.message)") }
                if let path = result.outputPath {
                    print("wrote \(path)" + (result.backupPath.map { " (previous version kept as \($0))" } ?? ""))
                }
                FileHandle.standardError.write(
                    Data(
                        "kiln: \(result.status.rawValue) after \(result.attempts) attempt(s); checks: \(result.checks.joined(separator: ", "))\n"
                            .utf8))
            }
            if result.status == .failed { throw ExitCode(KilnExit.checksFailed) }
        }

        /// Test files in the project that import the module (read with `ast`): by its dotted name from
        /// the project root (`src/` stripped), or by its bare name.
        static func repositoryTests(
            for module: URL, in workspace: ProjectWorkspace, root: URL, toolchain: PythonToolchain
        ) async throws -> [SourceFile] {
            let bare = module.deletingPathExtension().lastPathComponent
            let dotted = workspace.importName ?? bare
            let candidates: [SourceFile]
            if workspace.files.isEmpty {
                // The module alone: look for tests beside it.
                candidates = try ProjectChecker.pythonFiles(in: [module.deletingLastPathComponent()]).compactMap { url in
                    (try? String(contentsOf: url, encoding: .utf8)).map { SourceFile(path: url.lastPathComponent, code: $0) }
                }
            } else {
                candidates = workspace.files
            }
            let tests = candidates.filter { file in
                let name = URL(fileURLWithPath: file.path).lastPathComponent
                return file.path != workspace.modulePath && name != module.lastPathComponent
                    && (name.hasPrefix("test_") || name.hasSuffix("_test.py"))
            }
            let imports = try await toolchain.imports(in: tests.map { .source(name: $0.path, code: $0.code) })
            return tests.filter { test in
                (imports[test.path] ?? []).contains { $0.name == dotted || $0.name == bare || $0.name.hasPrefix(dotted + ".") }
            }
        }
    }
}
