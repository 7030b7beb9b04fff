import Foundation

/// Review pages and figures as a terminal shows them.
public enum ReviewText {
    public static func render(_ record: ProvenanceRecord, change: String) -> String {
        var lines = ["record \(record.id)  \(record.review.state.rawValue)  status \(record.status)"]
        if let reviewer = record.review.reviewer { lines.append("reviewed by \(reviewer)" + (record.review.reason.map { ": \($0)" } ?? "")) }
        lines.append("")
        lines.append("== request (\(record.request.pattern), \(record.request.language))")
        if let spec = record.request.spec { lines.append(spec) }
        for (label, value) in [("source", record.request.source), ("target", record.request.target), ("instruction", record.request.instruction)] {
            if let value { lines.append("\(label): \(value)") }
        }
        for finding in record.specLint { lines.append("spec \(finding.severity.rawValue) [\(finding.rule)] \(finding.message)") }
        lines.append("template \(record.template.name) \(record.template.version) sha256:\(record.template.sha256.prefix(12))")
        lines.append("model \(record.model.name) " + (record.model.sha256.map { "sha256:\($0.prefix(12))" } ?? record.model.endpoint))
        for file in record.context { lines.append("context \(file.path) sha256:\(file.sha256.prefix(12))") }
        for redaction in record.redactions { lines.append("redacted \(redaction.rule) from \(redaction.place)") }
        lines.append("")
        lines.append("== checks: \(record.checks.joined(separator: ", "))")
        for attempt in record.attempts {
            lines.append(
                "attempt \(attempt.number) (\(attempt.kind)): \(attempt.passed ? "passed" : "failed"), tests \(attempt.testsPassed) passed"
                    + (attempt.testsFailed.isEmpty ? "" : ", failed: \(attempt.testsFailed.joined(separator: ", "))")
                    + (attempt.findings.isEmpty ? "" : "; " + attempt.findings.map { "[\($0.rule)] \($0.message)" }.joined(separator: "; ")))
        }
        for requirement in record.requirements ?? [] {
            let mark = requirement.status == "held" ? "held     " : requirement.status == "failed" ? "FAILED   " : "UNCHECKED"
            lines.append("\(mark) \(requirement.id) \(requirement.text)" + (requirement.checkedBy.isEmpty ? "" : "  (\(requirement.checkedBy.joined(separator: ", ")))"))
        }
        lines.append("")
        lines.append("== change")
        lines.append(change)
        return lines.joined(separator: "\n")
    }

    public static func render(_ stats: ReviewStats) -> String {
        var lines = [
            "generations: \(stats.generations) (pending \(stats.pending), accepted \(stats.accepted), rejected \(stats.rejected))",
            "acceptance rate: " + (stats.acceptanceRate.map { String(format: "%.0f%% of reviewed", $0 * 100) } ?? "no reviews yet"),
            String(format: "repair rounds per generation: %.2f", stats.meanRepairRounds),
            "status: " + stats.byStatus.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "),
        ]
        if !stats.rejectionReasons.isEmpty {
            lines.append("rejection reasons:")
            for (reason, count) in stats.rejectionReasons.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
                lines.append("  \(count)  \(reason)")
            }
        }
        for (title, groups) in [("by template", stats.byTemplate), ("by model", stats.byModel)] {
            lines.append("\(title):")
            for group in groups {
                lines.append(
                    "  \(group.name): \(group.generations) generations, \(group.passed) passed, \(group.accepted) accepted, \(group.rejected) rejected")
            }
        }
        return lines.joined(separator: "\n")
    }
}
