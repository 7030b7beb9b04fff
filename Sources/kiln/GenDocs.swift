import ArgumentParser
import Foundation
import KilnCore
import KilnModels
import KilnPipeline
import KilnPrompts
import KilnSystem
import KilnValidation

extension DocsGenerator.Style: ExpressibleByArgument {}

extension Kiln.Gen {
    struct Docs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add or update docstrings; the code itself is verified unchanged.",
            discussion: """
                Without ::NAME, every public function, class and method that has no docstring is documented.
                The model's docstrings are inserted by Kiln into the original code, checked against the style
                (every parameter, the return value), and the file is verified AST-identical to the original once
                docstrings are set aside. The file is rewritten in place (the old one kept as FILE.bak) unless
                --out names another.

                Examples:
                  kiln gen docs train.py::train_model --style numpy
                  kiln gen docs stats.py --style google --out stats_documented.py
                """)

        @Argument(help: "SRC.py or SRC.py::name (a function, class or Class.method).")
        var target: String

        @Option(name: .long, help: "Docstring convention: numpy or google.")
        var style: DocsGenerator.Style = .numpy

        @Option(name: .long, help: ArgumentHelp("Write the documented file here instead of rewriting SRC.", valueName: "file"))
        var out: String?

        @Flag(name: .long, help: "Replace an existing --out file (the old one is kept as .bak).")
        var force = false

        @Option(name: .customLong("max-repairs"), help: ArgumentHelp("Repair rounds per docstring.", valueName: "k"))
        var maxRepairs = 2

        @Option(name: .customLong("template"), help: ArgumentHelp("Prompt template (default: docs).", valueName: "name"))
        var templateName = "docs"

        @Flag(name: .long, help: "Print the result as one JSON object.")
        var json = false

        @OptionGroup var modelOptions: ModelOptions

        func run() async throws {
            let progress = ProgressReporter.fromEnvironment()
            try await runReportingErrors(progress: progress, json: json) { try await document(progress: progress) }
        }

        private func document(progress: ProgressReporter) async throws {
            let parts = target.components(separatedBy: "::")
            let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            let (source, text) = try CommandSupport.readSource(parts[0])
            let outURL = try CommandSupport.outputURL(out, force: force)
            let template = try TemplateCatalog.load(workingDirectory: root).template(named: templateName)
            guard template.pattern == "docs" else {
                throw ModelError.configuration("template '\(templateName)' is for the \(template.pattern) pattern, not docs")
            }
            let configuration = try modelOptions.resolvedConfiguration()
            let paths = KilnPaths.fromEnvironment()
            let runtime = LocalRuntime(paths: paths, progress: progress)
            let selection = try ModelSelection.resolve(configuration)
            let python = try await runtime.environment.ensure(selection.pythonLayer)
            let toolchain = PythonToolchain(python: python, helperDirectory: paths.helpers)
            let prepared = try await toolchain.prepare(text, path: parts[0])
            if let error = prepared.syntaxError { throw ModelError.configuration("\(parts[0]) does not parse: \(error.message)") }
            let context = try await CommandSupport.importedContext(
                of: [source], root: root, includingTargets: true, toolchain: toolchain, configuration: configuration,
                maxTokens: template.parameters.maxTokens, promptCharacters: 0, progress: progress)
            let backend = try await runtime.backend(for: selection)
            let generator = DocsGenerator(
                backend: backend, toolchain: toolchain, template: template, parameters: template.parameters,
                maxRepairs: maxRepairs,
                style: style)
            let display = GenerationDisplay(progress: progress, modelName: backend.descriptor.name)
            var result = try await backend.using {
                try await generator.generate(
                    source: text, target: parts.count > 1 ? parts[1] : nil, context: context?.rendered
                ) { display.handle($0) }
            }
            result.prompt.contextFiles = context?.outlines.map(\.path)
            progress.clear()
            if result.status == .passed && result.code != text {
                let destination = outURL ?? source
                let backup = try AtomicFile.write(
                    Data(result.code.utf8), to: destination, existing: outURL == nil || force ? .backUpAndReplace : .refuse)
                result.outputPath = destination.path
                result.backupPath = backup?.path
            }
            if json {
                try JSONOutput.print(result)
            } else {
                for item in result.documented {
                    let state = item.docstring == nil ? "not documented" : "documented"
                    print("\(item.name): \(state) (\(item.attempts) attempt\(item.attempts == 1 ? "" : "s"))")
                }
                for finding in result.findings { print("\(finding.severity.rawValue) [\(finding.rule)] \(finding.message)") }
                if result.documented.isEmpty {
                    print("nothing to document: every public definition has a docstring; name one with ::NAME to update it")
                }
                if let path = result.outputPath {
                    print("wrote \(path)" + (result.backupPath.map { " (previous version kept as \($0))" } ?? ""))
                }
                FileHandle.standardError.write(
                    Data("kiln: \(result.status.rawValue); checks: \(result.checks.joined(separator: ", "))\n".utf8))
            }
            if result.status == .failed { throw ExitCode(KilnExit.checksFailed) }
        }
    }
}
