import ArgumentParser

@main
struct Kiln: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiln",
        abstract: "Turn a request into code that has been generated, checked and repaired before you review it.",
        discussion: """
            Examples:
              kiln gen function "takes a list of numbers, returns the median as a float, raises ValueError on an empty list"
              kiln gen function "..." --out stats.py --json
              kiln model list

            The default model runs on this machine (llama.cpp with Qwen2.5-Coder); Kiln installs it on
            first use. See the README for exit codes and configuration.
            """,
        version: "0.1.0",
        subcommands: [Gen.self, Prompt.self, Validate.self, Check.self, Rules.self, License.self, Model.self, Eval.self, Init.self, Record.self, Review.self, Stats.self, MCPServer.self, LSPServer.self]
    )
}
