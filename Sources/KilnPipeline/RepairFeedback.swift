import KilnCore
import KilnValidation

/// Turns findings and failing tests into a short, specific message the model can act on.
public enum RepairFeedback {
    /// At most this many problems are listed; the model fixes a few well better than many badly.
    static let limit = 8

    public static func message(for findings: [Finding], tests: [TestCaseResult] = []) -> String {
        var lines = ["Your previous answer has these problems:"]
        let failing = Set(tests.filter { $0.outcome == .failed || $0.outcome == .error }.map(\.name))
        let errors = findings.filter { $0.severity == .error }
        for finding in errors.prefix(limit) {
            var line = "- "
            if let number = finding.line, !finding.rule.hasPrefix("tests/") { line += "line \(number): " }
            line += finding.message
            if let hint = finding.fixHint, !finding.rule.hasPrefix("tests/") { line += " (\(hint))" }
            lines.append(line)
        }
        if errors.count > limit { lines.append("- and \(errors.count - limit) more of the same kinds") }
        if !failing.isEmpty {
            lines.append(
                "Failing checks come from the specification's own examples and tests; change the code, not the expected values.")
        }
        lines.append("Reply with the complete corrected code in a single fenced code block and nothing else.")
        return lines.joined(separator: "\n")
    }
}
