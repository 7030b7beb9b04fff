/// Checks a spec before any model sees it, the way a careful reviewer reads a ticket.
public struct PromptLinter: Sendable {
    public static let allRules: [any PromptLintRule] = [
        TooShortRule(), VagueWordingRule(), NoInputsRule(), NoOutputRule(), NoEdgeCasesRule(), NoTypesRule(),
        SecurityRequirementRule(), MissingNamesRule(),
    ]

    public var rules: [any PromptLintRule]

    public init(rules: [any PromptLintRule] = PromptLinter.allRules) { self.rules = rules }

    public struct Report: Codable, Sendable {
        public var findings: [PromptLintFinding]
        /// A more specific prompt to fill in, built from what is missing.
        public var skeleton: String?
        public var hasErrors: Bool { findings.contains { $0.severity == .error } }
    }

    public func lint(_ text: String, language: String = "Python") -> Report {
        let spec = PromptSpec(text)
        let findings = rules.compactMap { $0.check(spec) }
        let missing = findings.compactMap(\.skeletonLine)
        var skeleton: String?
        if findings.contains(where: { $0.severity >= .warning }) {
            skeleton =
                (["Write a \(language) function named <name> that:"] + missing.filter { !$0.hasPrefix("- Name") }
                + [
                    "- Uses type hints and a docstring", "",
                    "Original request: \(text.trimmingCharacters(in: .whitespacesAndNewlines))",
                ])
                .joined(separator: "\n")
        }
        return Report(findings: findings, skeleton: skeleton)
    }
}
