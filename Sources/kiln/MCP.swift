import ArgumentParser
import Foundation
import KilnMCP
import KilnSystem

extension Kiln {
    struct MCPServer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mcp",
            abstract: "Serve Kiln's checked generation and checks to coding agents (Model Context Protocol over stdio).",
            discussion: """
                Tools: generate_function, generate_class, generate_tests, refactor, generate_docs (the checked
                generation flow), check (paths or a code string), validate (a file and its tests), lint_prompt.
                Prompts: the workspace's templates. The workspace is the client's roots, else the directory
                kiln mcp starts in; each call reads that workspace's .kiln/config.toml under the flags here.
                The server stops when its input closes, stopping running calls and their sandboxed processes.

                Example (Claude Code):
                  claude mcp add kiln -- kiln mcp --model qwen2.5-coder-1.5b
                """)

        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await runReportingErrors(progress: ProgressReporter(mode: .plain)) {
                try await AgentServer(settings: options.settings).runOnStandardStreams()
            }
        }
    }
}
