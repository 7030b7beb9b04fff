import ArgumentParser
import Foundation
import KilnCore
import KilnPipeline
import KilnSystem

extension Kiln {
    struct Prompt: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Work on prompts: lint a spec before a model sees it.",
            discussion: """
                Examples:
                  kiln prompt lint "write code"
                  kiln prompt lint --file ticket.md --json
                  kiln prompt list
                  kiln prompt new function     # copy the built-in template to .kiln/prompts/function.md to edit
                """,
            subcommands: [Lint.self, List.self, Show.self, New.self])
    }
}

extension Kiln.Prompt {
    struct Lint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that a spec states inputs, output, edge cases, types, names and security needs.",
            discussion: """
                Prints each finding with why it matters and how to fix it, then a more specific prompt to fill
                in. Exits 1 when a finding is an error. `kiln gen` runs the same linter and warns; `--strict`
                makes it refuse.

                Examples:
                  kiln prompt lint "write code"
                  kiln prompt lint "takes a list of numbers, returns the median, handles empty lists"
                  kiln prompt lint --file spec.txt --json
                """)

        @Argument(help: "The spec to lint.")
        var spec: String?

        @Option(name: .long, help: ArgumentHelp("Read the spec from a file.", valueName: "file"))
        var file: String?

        @Flag(name: .long, help: "Print the report as JSON.")
        var json = false

        func validate() throws {
            if (spec == nil) == (file == nil) { throw ValidationError("give the spec as an argument or with --file, not both") }
        }

        func run() async throws {
            let progress = ProgressReporter.fromEnvironment()
            try await runReportingErrors(progress: progress, json: json) {
                var text = spec ?? ""
                if let file {
                    guard let contents = try? String(contentsOfFile: file, encoding: .utf8) else {
                        throw SystemError.fileMissing(file)
                    }
                    text = contents
                }
                let report = PromptLinter().lint(text)
                if json {
                    try JSONOutput.print(report)
                } else {
                    print(report.text)
                }
                if report.hasErrors { throw ExitCode(KilnExit.checksFailed) }
            }
        }
    }
}

extension Kiln.Prompt {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the templates: built-in ones and the repository's .kiln/prompts/*.md.",
            discussion: "Example:\n  kiln prompt list --json")

        @Flag(name: .long, help: "Print the list as JSON.")
        var json = false

        func run() async throws {
            let progress = ProgressReporter.fromEnvironment()
            try await runReportingErrors(progress: progress, json: json) {
                let entries = try PromptService(workbench: try Workbench.current(progress: progress)).list()
                if json {
                    try JSONOutput.print(["templates": entries])
                } else {
                    for entry in entries {
                        print(
                            "\(entry.name.padding(toLength: 18, withPad: " ", startingAt: 0)) \(entry.version.padding(toLength: 9, withPad: " ", startingAt: 0)) \(entry.pattern.padding(toLength: 9, withPad: " ", startingAt: 0)) \(entry.sha256.prefix(12))  \(entry.source)"
                        )
                    }
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a template as Kiln will use it.", discussion: "Example:\n  kiln prompt show function")

        @Argument(help: "Template name.")
        var name: String

        func run() async throws {
            let progress = ProgressReporter.fromEnvironment()
            try await runReportingErrors(progress: progress) {
                let (text, template) = try PromptService(workbench: try Workbench.current(progress: progress)).show(name)
                print(text, terminator: "")
                FileHandle.standardError.write(
                    Data("kiln: \(template.name) \(template.version) from \(template.source), sha256 \(template.sha256)\n".utf8))
            }
        }
    }

    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a repository template: a copy of a built-in one in .kiln/prompts/NAME.md.",
            discussion: """
                The copy keeps the built-in's pattern; edit its text, bump its version and commit it. It then
                replaces the built-in of the same name for everyone using the repository.

                Examples:
                  kiln prompt new function
                  kiln prompt new payments-function --from function
                """)

        @Argument(help: "Name of the new template.")
        var name: String

        @Option(name: .long, help: ArgumentHelp("Built-in template to start from (default: NAME).", valueName: "name"))
        var from: String?

        @Flag(name: .long, help: "Replace an existing file (the old one is kept as .bak).")
        var force = false

        func run() async throws {
            let progress = ProgressReporter.fromEnvironment()
            try await runReportingErrors(progress: progress) {
                let url = try PromptService(workbench: try Workbench.current(progress: progress))
                    .new(name, from: from ?? name, replace: force)
                print(url.path)
            }
        }
    }
}
