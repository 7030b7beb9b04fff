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

        @OptionGroup var options: ServerOptions

        func run() async throws {
            var status: Int32 = 1
            try await runReportingErrors(progress: ProgressReporter(mode: .plain)) {
                let output = try StandardStreams.reserveStandardOutput()
                status = await EditorServer(settings: .init(options.settings)).run(input: STDIN_FILENO, output: output)
            }
            throw ExitCode(status)
        }
    }
}
