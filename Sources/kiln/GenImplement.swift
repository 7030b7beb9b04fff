import ArgumentParser
import Foundation
import KilnPipeline

extension Kiln.Gen {
    struct Implement: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the body of a stub (a signature with its docstring or comments) as its documentation says, checked in place.",
            discussion: """
                The stub's signature is kept; its docstring is the spec (its doctests become tests). The code is
                checked inside its module, and only on what it changed. SRC is rewritten in place (the old file kept
                as SRC.bak) unless --out names another file. Status and exit codes as for gen function.

                Examples:
                  kiln gen implement stats.py::median
                  kiln gen implement shop.py::Cart.total --out shop_new.py --json
                """)

        @Argument(help: "SRC.py::name (a function or Class.method whose body is only pass, ... or raise NotImplementedError).")
        var target: String

        @Option(name: .long, help: ArgumentHelp("Write the result here instead of rewriting SRC.", valueName: "file"))
        var out: String?

        @Flag(name: .long, help: "Replace an existing --out file (the old one is kept as .bak).")
        var force = false

        @Option(name: .customLong("max-repairs"), help: ArgumentHelp("Repair rounds per sample.", valueName: "k"))
        var maxRepairs = 2

        @Option(name: .long, help: ArgumentHelp("Independent samples when repairs do not succeed.", valueName: "n"))
        var samples = 2

        @Flag(name: .long, help: "Print the result as one JSON object.")
        var json = false

        @OptionGroup var commitOptions: CommitOptions

        @OptionGroup var reportOptions: ReportOptions

        @OptionGroup var modelOptions: ModelOptions

        func validate() throws {
            guard target.contains("::") else { throw ValidationError("name the stub: SRC.py::name") }
        }

        func run() async throws {
            let parts = target.components(separatedBy: "::")
            try await runGeneration(
                commitOptions.apply(to: GenerationRequest(
                    task: .implement(source: parts[0], target: parts[1]),
                    output: out.map { .file($0, replace: force) } ?? .none,
                    options: GenerationOptions(maxRepairs: maxRepairs, samples: samples))),
                modelOptions: modelOptions, json: json, sarif: reportOptions.sarif)
        }
    }
}
