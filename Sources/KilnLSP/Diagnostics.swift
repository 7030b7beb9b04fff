import Foundation
import KilnCore
import KilnPipeline

/// Findings as LSP diagnostics: the rule as the code, a link to the rule's documentation (or its
/// CWE entry) as the code description.
enum Diagnostics {
    static func severity(_ severity: Finding.Severity) -> Int {
        switch severity {
        case .error: return 1
        case .warning: return 2
        case .info: return 3
        }
    }

    /// Where a rule is explained: the tool's own page when the finding names one, else its CWE.
    static func link(_ finding: Finding) -> String? {
        if let hint = finding.fixHint, let start = hint.range(of: "https://") {
            return String(hint[start.lowerBound...].prefix { !$0.isWhitespace && $0 != ")" })
        }
        if let cwe = finding.cwe { return "https://cwe.mitre.org/data/definitions/\(cwe).html" }
        return nil
    }

    static func diagnostic(_ finding: Finding, in text: String, line fallback: Int = 0) -> JSON {
        let line = max(0, (finding.line ?? (fallback + 1)) - 1)
        let range: Range
        if let column = finding.column, column >= 1 {
            let start = Position(line: line, character: column - 1)
            range = Range(start: start, end: Position(line: line, character: max(column - 1, Text.lineLength(line, in: text))))
        } else {
            range = Range.lines(line, line, in: text)
        }
        var object: [String: JSON] = [
            "range": range.json, "severity": .int(severity(finding.severity)), "code": .string(finding.rule),
            "source": "kiln",
            "message": .string(finding.message + (finding.fixHint.map { " (\($0))" } ?? "")),
        ]
        if let link = link(finding) { object["codeDescription"] = ["href": .string(link)] }
        return .object(object)
    }
}

/// Diagnostics about code Kiln just wrote (its findings, the requirements nothing checked),
/// kept while that code is in the file as written: found again by its text, wherever edits above
/// it moved it, and dropped once it is edited.
struct GeneratedNote: Sendable {
    var block: String
    /// Offsets from the block's first line.
    var items: [(offset: Int, severity: Int, code: String, message: String)]

    func diagnostics(in text: String) -> [JSON]? {
        guard !block.isEmpty, let range = text.range(of: block) else { return nil }
        let first = text[..<range.lowerBound].filter { $0 == "\n" }.count
        return items.map { item in
            let line = first + item.offset
            return [
                "range": Range.lines(line, line, in: text).json, "severity": .int(item.severity), "code": .string(item.code),
                "source": "kiln gen", "message": .string(item.message),
            ]
        }
    }
}
