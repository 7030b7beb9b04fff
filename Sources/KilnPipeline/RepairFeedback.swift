import KilnCore

/// Turns findings into a short, specific message the model can act on.
public enum RepairFeedback {
    public static func message(for findings: [Finding]) -> String {
        var lines = ["Your previous answer has these problems:"]
        for finding in findings {
            var line = "- "
            if let number = finding.line { line += "line \(number): " }
            line += finding.message
            if let hint = finding.fixHint { line += " (\(hint))" }
            lines.append(line)
        }
        lines.append("Reply with the complete corrected code in a single fenced code block and nothing else.")
        return lines.joined(separator: "\n")
    }
}
