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
        var missing = findings.compactMap(\.skeletonLine).filter { !$0.hasPrefix("- Name") }
        // A class is asked for by its constructor and methods, not by one call's inputs and result.
        let isClass = spec.matches([#"\bclass\b"#])
        if isClass {
            missing = missing.map { line in
                if line.hasPrefix("- Takes:") { return "- Constructor: <its arguments, with their names and types>" }
                if line.hasPrefix("- Returns:") {
                    return "- Methods: <each method: its arguments, what it returns and what it changes>"
                }
                return line
            }
        }
        var skeleton: String?
        if findings.contains(where: { $0.severity >= .warning }) {
            skeleton =
                ([isClass ? "Write a \(language) class named <Name> with:" : "Write a \(language) function named <name> that:"]
                + missing
                + [
                    "- Uses type hints and a docstring", "",
                    "Original request: \(text.trimmingCharacters(in: .whitespacesAndNewlines))",
                ])
                .joined(separator: "\n")
        }
        return Report(findings: findings, skeleton: skeleton)
    }
}
