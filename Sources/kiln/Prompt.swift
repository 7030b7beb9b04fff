import ArgumentParser
import Foundation
import KilnCore
import KilnSystem

extension Kiln {
    struct Prompt: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Work on prompts: lint a spec before a model sees it.",
            discussion: """
                Examples:
                  kiln prompt lint "write code"
                  kiln prompt lint --file ticket.md --json
                """,
            subcommands: [Lint.self])
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
                    guard let contents = try? String(contentsOfFile: file, encoding: .utf8) else { throw SystemError.fileMissing(file) }
                    text = contents
                }
                let report = PromptLinter().lint(text)
                if json {
                    try JSONOutput.print(report)
                } else {
                    print(PromptLintText.render(report))
                }
                if report.hasErrors { throw ExitCode(KilnExit.checksFailed) }
            }
        }
    }
}

enum PromptLintText {
    static func render(_ report: PromptLinter.Report) -> String {
        if report.findings.isEmpty { return "The spec states inputs, output, edge cases, types and names." }
        var lines: [String] = []
        for finding in report.findings {
            lines.append("\(finding.severity.rawValue) [\(finding.rule)] \(finding.message)")
            lines.append("    fix: \(finding.fix)")
        }
        if let skeleton = report.skeleton {
            lines.append("")
            lines.append("A more specific prompt to fill in:")
            lines.append(skeleton.split(separator: "\n", omittingEmptySubsequences: false).map { "  \($0)" }.joined(separator: "\n"))
        }
        return lines.joined(separator: "\n")
    }
}
