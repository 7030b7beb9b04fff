import Foundation
import KilnCore
import KilnValidation

/// The library-side front end of `kiln rules`: every rule `kiln check` and the generation checks
/// turn on, with its severity in generated and existing code and the reason.
public struct RuleCatalogService: Sendable {
    public var workbench: Workbench

    public init(workbench: Workbench) { self.workbench = workbench }

    /// The language's rules (asked of its tools), then the common ones.
    public func rules(language: String = "python") async throws -> [RuleDescription] {
        let toolchain = try await workbench.toolchain(language: language)
        return try await toolchain.ruleCatalog() + CommonRules.descriptions
    }

    /// A Markdown table, one row per rule; identical rows' reasons are written once per family.
    public static func markdown(_ rules: [RuleDescription]) -> String {
        var lines = [
            "| rule | what it finds | generated code | existing code | why |",
            "|---|---|---|---|---|",
        ]
        for rule in rules {
            let summary = rule.summary.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
            let reason = rule.reason.replacingOccurrences(of: "|", with: "\\|")
            let name = rule.byDefault ? "`\(rule.rule)`" : "`\(rule.rule)` (opt-in)"
            lines.append("| \(name) | \(summary) | \(rule.generated.rawValue) | \(rule.existing.rawValue) | \(reason) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line per rule: the two severities, the rule, what it finds.
    public static func text(_ rules: [RuleDescription]) -> String {
        let width = rules.map(\.rule.count).max() ?? 0
        let header =
            "generated/existing".padding(toLength: 16, withPad: " ", startingAt: 0)
            + "rule".padding(toLength: width + 2, withPad: " ", startingAt: 0) + "what it finds"
        return
            ([header]
            + rules.map { rule in
                let name = rule.rule.padding(toLength: width, withPad: " ", startingAt: 0)
                let levels = "\(rule.generated.rawValue)/\(rule.existing.rawValue)".padding(
                    toLength: 15, withPad: " ", startingAt: 0)
                return "\(levels) \(name)  \(rule.summary)\(rule.byDefault ? "" : " (opt-in)")"
            }).joined(separator: "\n") + "\n"
    }
}
