import ArgumentParser
import Foundation
import KilnPipeline
import KilnSystem

extension Kiln {
    struct Rules: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every rule Kiln checks, with its severity in generated and in existing code.",
            discussion: """
                Generated code is held to the strict level (a finding costs one repair round); existing
                code (kiln check, kiln validate) gets an error only where the finding is a defect or a
                risk in any code base. The text form prints generated/existing, the rule and what it finds.

                Examples:
                  kiln rules
                  kiln rules --format markdown > docs/rules.md
                  kiln rules --format json | jq '.[] | select(.existing == "error") | .rule'
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, markdown, json
        }

        @Option(name: .long, help: "text, markdown or json.")
        var format: Format = .text

        func run() async throws {
            let progress = ProgressReporter.fromEnvironment()
            try await runReportingErrors(progress: progress, json: format == .json) {
                let rules = try await RuleCatalogService(workbench: try Workbench.current(progress: progress)).rules()
                switch format {
                case .json: try JSONOutput.print(rules)
                case .markdown: print(RuleCatalogService.markdown(rules), terminator: "")
                case .text: print(RuleCatalogService.text(rules), terminator: "")
                }
            }
        }
    }
}
