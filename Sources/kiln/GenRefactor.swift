import ArgumentParser
import Foundation
import KilnPipeline

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

        @OptionGroup var commitOptions: CommitOptions

        @OptionGroup var reportOptions: ReportOptions

        @OptionGroup var modelOptions: ModelOptions

        func validate() throws {
            guard target.contains("::") else { throw ValidationError("name the definition: SRC.py::name") }
        }

        func run() async throws {
            let parts = target.components(separatedBy: "::")
            try await runGeneration(
                commitOptions.apply(to: GenerationRequest(
                    task: .refactor(source: parts[0], target: parts[1], instruction: instruction),
                    output: out.map { .file($0, replace: force) } ?? .none, options: GenerationOptions(maxRepairs: maxRepairs))),
                modelOptions: modelOptions, json: json, sarif: reportOptions.sarif)
        }
    }
}
