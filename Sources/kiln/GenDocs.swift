import ArgumentParser
import Foundation
import KilnPipeline

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

        @OptionGroup var commitOptions: CommitOptions

        @OptionGroup var reportOptions: ReportOptions

        @OptionGroup var modelOptions: ModelOptions

        func run() async throws {
            let parts = target.components(separatedBy: "::")
            try await runGeneration(
                commitOptions.apply(to: GenerationRequest(
                    task: .docs(source: parts[0], target: parts.count > 1 ? parts[1] : nil, style: style),
                    output: out.map { .file($0, replace: force) } ?? .none,
                    options: GenerationOptions(maxRepairs: maxRepairs, templateName: templateName))),
                modelOptions: modelOptions, json: json, sarif: reportOptions.sarif)
        }
    }
}
