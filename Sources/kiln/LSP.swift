import ArgumentParser
import Foundation
import KilnLSP
import KilnSystem

extension Kiln {
    struct LSPServer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lsp",
            abstract: "Serve Kiln to editors (Language Server Protocol over stdio).",
            discussion: """
                Code actions on the definition under the cursor: implement a stub (signature and docstring) as checked
                code, generate its tests, add or rewrite its docstring; the command kiln.refactor takes
                {"uri", "name", "instruction"}. Diagnostics from kiln check on open and save. Inline completion
                (fill-in-the-middle on the local model), each suggestion parsed and screened for secrets and unknown
                imports first. initializationOptions: model, endpoint, docstringStyle (numpy|google),
                diagnostics (onSave|onType|off), inlineCompletion (true|false), completionMaxTokens.

                Example (Neovim):
                  vim.lsp.start({ name = "kiln", cmd = { "kiln", "lsp" }, root_dir = vim.fn.getcwd() })
                """)

        @Option(
            name: .long,
            help: ArgumentHelp("The workspace when the editor names none (default: the current directory).", valueName: "dir"))
        var root: String?

        @OptionGroup var modelOptions: ModelOptions

        func run() async throws {
            let progress = ProgressReporter(mode: .plain)
            var status: Int32 = 1
            try await runReportingErrors(progress: progress) {
                let start = URL(fileURLWithPath: root ?? FileManager.default.currentDirectoryPath)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: start.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw ValidationError("--root \(start.path) is not a directory")
                }
                let output = try StandardStreams.reserveStandardOutput()
                let log: ProgressReporter.Mode = ProcessInfo.processInfo.environment["KILN_PROGRESS"] == "none" ? .silent : .plain
                status = await EditorServer(
                    settings: .init(
                        flags: modelOptions.asConfiguration, startDirectory: start, paths: KilnPaths.fromEnvironment(),
                        version: Kiln.configuration.version, log: log)
                ).run(input: STDIN_FILENO, output: output)
            }
            throw ExitCode(status)
        }
    }
}
