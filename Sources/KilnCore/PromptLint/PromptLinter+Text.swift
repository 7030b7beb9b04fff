extension PromptLinter.Report {
    /// The findings as a reader sees them, each with its fix, and a skeleton of a more specific prompt.
    public var text: String {
        if findings.isEmpty { return "The spec states inputs, output, edge cases, types and names." }
        var lines: [String] = []
        for finding in findings {
            lines.append("\(finding.severity.rawValue) [\(finding.rule)] \(finding.message)")
            lines.append("    fix: \(finding.fix)")
        }
        if let skeleton = skeleton {
            lines.append("")
            lines.append("A more specific prompt to fill in:")
            lines.append(
                skeleton.split(separator: "\n", omittingEmptySubsequences: false).map { "  \($0)" }.joined(separator: "\n"))
        }
        return lines.joined(separator: "\n")
    }
}
