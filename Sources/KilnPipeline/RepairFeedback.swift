import KilnCore
import KilnValidation

/// Turns findings and failing tests into a short, specific message the model can act on.
public enum RepairFeedback {
    /// At most this many problems are listed; the model fixes a few well better than many badly.
    static let limit = 8

    /// `requirements` are the spec's requirements as this attempt's cases left them: the failed
    /// ones are named, so the model reads which statement of the spec its code breaks, and code
    /// that rejects input the spec allows is told which requirement allows it.
    ///
    /// `restated`: the message goes with the opening request asked again, not after the failed
    /// answer (which the model does not see then), so it speaks of an earlier implementation.
    public static func message(
        for findings: [Finding], tests: [TestCaseResult] = [], requirements: [Requirement] = [], restated: Bool = false
    ) -> String {
        var lines = [restated ? "An earlier implementation of this failed these checks:" : "Your previous answer has these problems:"]
        let failing = Set(tests.filter { $0.outcome == .failed || $0.outcome == .error }.map(\.name))
        let errors = findings.filter { $0.severity == .error }
        for finding in errors.prefix(limit) {
            var line = "- "
            if let number = finding.line, !finding.rule.hasPrefix("tests/") { line += "line \(number): " }
            line += finding.message
            // A failed test's hint says no more than its message; a docstring example's says
            // which of the two may be wrong.
            if let hint = finding.fixHint, !finding.rule.hasPrefix("tests/") || finding.rule == docstringExampleFailed {
                line += " (\(hint))"
            }
            lines.append(line)
        }
        if errors.count > limit { lines.append("- and \(errors.count - limit) more of the same kinds") }
        let broken = requirements.filter { $0.status == .failed && $0.kind != .input && $0.kind != .result }
        if !broken.isEmpty {
            lines.append(
                "The code breaks these requirements of the specification: "
                    + broken.prefix(limit).map { "\($0.id) \"\($0.text)\"" }.joined(separator: "; ") + ".")
        }
        if errors.contains(where: { $0.rule == rejectsValidInput }) {
            let allowing = requirements.filter { $0.kind == .input }.prefix(2).map { "\($0.id) \"\($0.text)\"" }
            lines.append(
                "The specification gives no error for the input your code rejected"
                    + (allowing.isEmpty ? "" : " (\(allowing.joined(separator: "; ")))")
                    + ": raising there is a bug even where other instructions ask for exceptions. Delete that check; do not move or reword it.")
        }
        // The spec's examples and the tests hold the code to the spec; a docstring's own example
        // (the model's claim, not the spec's) may be what is wrong, and repeating "change the
        // code" made the 1.5B return the same code three times (`median([1, 3, 2])` documented
        // as 2.0, returning 2). A spec example kept in a docstring also runs as a test of its own.
        if !failing.isEmpty, errors.contains(where: { $0.rule.hasPrefix("tests/") && $0.rule != docstringExampleFailed }) {
            lines.append(
                "Failing checks come from the specification's own examples and tests; change the code, not the expected values.")
        }
        lines.append(
            restated
                ? "Write an implementation that passes them, as the complete code in a single fenced code block and nothing else."
                : "Reply with the complete corrected code in a single fenced code block and nothing else.")
        return lines.joined(separator: "\n")
    }

    /// `opening` (a sample's first request) asked again with `feedback` added to its last user
    /// message: a repair that cannot copy the code it is meant to fix.
    public static func restating(_ opening: [ChatMessage], with feedback: String) -> [ChatMessage] {
        guard let last = opening.lastIndex(where: { $0.role == .user }) else { return opening + [.user(feedback)] }
        var messages = opening
        messages[last] = .user(opening[last].content + "\n\n" + feedback)
        return messages
    }

    /// The behaviour probes' finding for code that raises on input the spec allows.
    static let rejectsValidInput = "probes/rejects-valid-input"
    /// A docstring example that does not hold (the language's doctest runner).
    static let docstringExampleFailed = "tests/doctest-failed"
}
