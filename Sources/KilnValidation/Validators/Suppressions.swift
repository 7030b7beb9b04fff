import Foundation
import KilnCore

/// Inline suppressions in existing code, the way teams adopt a checker on code they already have:
/// `x = eval(expr)  # kiln: ignore[S307] the shell evaluates what its own user typed`.
///
/// A suppression names the rules it covers (as findings name them, `TOOL/CODE`, or the code
/// alone) and must give a
/// reason: one without a reason suppresses nothing and is reported itself. It covers findings on
/// its own line only. `kiln check` honours them; generated code never does (a model could
/// otherwise write its way past the checks).
public enum Suppressions {
    public struct Entry: Sendable, Equatable {
        public var line: Int
        public var rules: [String]
        public var reason: String
    }

    /// The suppressions in `code`, whose comments start with `commentPrefix`.
    public static func parse(_ code: String, commentPrefix: String) -> [Entry] {
        let marker = "kiln: ignore["
        var entries: [Entry] = []
        for (index, line) in code.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let comment = line.range(of: commentPrefix),
                let start = line.range(of: marker, range: comment.upperBound..<line.endIndex),
                let close = line[start.upperBound...].firstIndex(of: "]")
            else { continue }
            let rules = line[start.upperBound..<close].split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty }
            let reason = line[line.index(after: close)...].trimmingCharacters(in: .whitespaces)
            entries.append(Entry(line: index + 1, rules: rules, reason: reason))
        }
        return entries
    }

    /// Whether `entry` covers `rule`: the same name, or the same code under any tool's prefix.
    static func covers(_ entry: Entry, _ rule: String) -> Bool {
        entry.rules.contains { $0 == rule || rule.hasSuffix("/" + $0) }
    }

    /// `findings` without those a suppression with a reason covers (`entries` by file path), plus
    /// a warning for each suppression that names no rule or gives no reason.
    public static func apply(to findings: [Finding], entries: [String: [Entry]]) -> [Finding] {
        guard !entries.isEmpty else { return findings }
        var kept = findings.filter { finding in
            guard let path = finding.path, let line = finding.line, let here = entries[path] else { return true }
            return !here.contains { $0.line == line && !$0.reason.isEmpty && covers($0, finding.rule) }
        }
        for (path, list) in entries.sorted(by: { $0.key < $1.key }) {
            for entry in list where entry.reason.isEmpty || entry.rules.isEmpty {
                kept.append(
                    Finding(
                        rule: "kiln/suppression-without-reason", category: .style, severity: .warning, path: path,
                        line: entry.line,
                        message: "a `kiln: ignore[…]` comment must name its rules and say why; this one suppresses nothing",
                        fixHint: "write `kiln: ignore[RULE] why the finding does not apply here`"))
            }
        }
        return kept
    }
}
