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

        @Option(
            name: .long,
            help: ArgumentHelp("The workspace when the client announces no roots (default: the current directory).", valueName: "dir"))
        var root: String?

        @OptionGroup var modelOptions: ModelOptions

        func run() async throws {
            let progress = ProgressReporter(mode: .plain)
            try await runReportingErrors(progress: progress) {
                let start = URL(fileURLWithPath: root ?? FileManager.default.currentDirectoryPath)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: start.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw ValidationError("--root \(start.path) is not a directory")
                }
                let log: ProgressReporter.Mode = ProcessInfo.processInfo.environment["KILN_PROGRESS"] == "none" ? .silent : .plain
                try await AgentServer(
                    settings: .init(
                        flags: modelOptions.asConfiguration, startDirectory: start, paths: KilnPaths.fromEnvironment(),
                        version: Kiln.configuration.version, log: log)
                ).runOnStandardStreams()
            }
        }
    }
}
