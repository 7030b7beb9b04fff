import Foundation
import KilnCore

extension GenerationOutcome {
    /// What a terminal shows besides the code: the summary lines (status, model, time, checks,
    /// tests, findings, what was written), the way `kiln gen` prints them on stderr.
    public var summaryLines: [String] {
        var lines: [String]
        switch self {
        case .code(let result): lines = result.summaryLines
        case .refactor(let result):
            lines = [
                "kiln: \(result.status.rawValue) after \(result.attempts) attempt(s); checks: \(result.checks.joined(separator: ", "))"
            ]
        case .docs(let result):
            lines = ["kiln: \(result.status.rawValue); checks: \(result.checks.joined(separator: ", "))"]
        }
        if let provenance {
            lines.append("kiln: record \(provenance.record)")
            if let commit = provenance.commit {
                lines.append("kiln: committed \(commit.sha.prefix(10)) on \(commit.branch) (checked out); kiln review accept or reject it")
            }
        }
        return lines
    }

    /// What a terminal shows on stdout: the code where it was not written, or, for refactor and
    /// docs, what was done and where it went.
    public var reportText: String {
        switch self {
        case .code(let result):
            return result.outputPath == nil || result.status == .failed ? result.code : ""
        case .refactor(let result):
            return Self.lines(findings: result.findings, written: result.outputPath, backup: result.backupPath)
        case .docs(let result):
            var lines = result.documented.map { item in
                "\(item.name): \(item.docstring == nil ? "not documented" : "documented") (\(item.attempts) attempt\(item.attempts == 1 ? "" : "s"))"
            }
            let rest = Self.lines(findings: result.findings, written: nil, backup: nil)
            if !rest.isEmpty { lines.append(String(rest.dropLast())) }
            if result.documented.isEmpty {
                lines.append("nothing to document: every public definition has a docstring; name one with ::NAME to update it")
            }
            if let path = result.outputPath {
                lines.append("wrote \(path)" + (result.backupPath.map { " (previous version kept as \($0))" } ?? ""))
            }
            return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
        }
    }

    static func lines(findings: [Finding], written: String?, backup: String?) -> String {
        var lines = findings.map { "\($0.severity.rawValue) [\($0.rule)] \($0.message)" }
        if let written { lines.append("wrote \(written)" + (backup.map { " (previous version kept as \($0))" } ?? "")) }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }
}

extension GenerationResult {
    /// Status, model, time and tokens; the checks; the vote; removed demo code; tests; findings;
    /// and where the code went (or why it went nowhere).
    public var summaryLines: [String] {
        var parts = ["\(model.name)", String(format: "%.1f s", timings.totalSeconds)]
        if let tokens = usage.completionTokens { parts.append("\(tokens) tokens") }
        if let rate = tokensPerSecond { parts.append(String(format: "%.1f tok/s", rate)) }
        if attempts.count > 1 { parts.append("\(attempts.count) attempts") }
        var lines = ["kiln: \(status.rawValue) (\(parts.joined(separator: ", ")))"]
        if !checks.isEmpty { lines.append("kiln: checks: \(checks.joined(separator: ", "))") }
        if let selection, selection.method == "agreement" {
            lines.append(
                "kiln: chose attempt \(selection.chosen) of \(selection.candidates.count) passing candidates by agreement on \(selection.inputs.count) inputs\((selection.variants ?? 0) > 0 ? " (\(selection.variants ?? 0) of them variants of the others)" : "") (scores \(selection.scores.map(String.init).joined(separator: ", ")))"
                    + ((selection.settled ?? []).isEmpty
                        ? "" : "; where they differed, independent answers from the spec settled: \((selection.settled ?? []).joined(separator: "; "))")
            )
        }
        if let selection, selection.method == "closest" {
            lines.append(
                "kiln: no candidate passed; attempt \(selection.chosen) of \(selection.candidates.count) is the closest to the spec's \(selection.statedResults) stated results and to the others on \(selection.inputs.count) inputs (scores \(selection.scores.map(String.init).joined(separator: ", ")))"
            )
        }
        if soughtSecondOpinion == true, selection?.method != "agreement" {
            lines.append(
                "kiln: the first candidate passed only after a failed attempt; no second candidate passed to compare it with")
        }
        if !removedDemoCode.isEmpty {
            lines.append("kiln: removed top-level demo code: \(removedDemoCode.joined(separator: "; "))")
        }
        if let addedImports, !addedImports.isEmpty {
            lines.append("kiln: added imports the code used without writing them: \(addedImports.joined(separator: "; "))")
        }
        if let explicitImports, !explicitImports.isEmpty {
            lines.append("kiln: star imports written out by name: \(explicitImports.joined(separator: "; "))")
        }
        if let removedChecks, !removedChecks.isEmpty {
            lines.append(
                "kiln: removed checks that rejected input the spec allows: \(removedChecks.joined(separator: "; "))")
        }
        if !tests.isEmpty {
            let passed = tests.filter { $0.outcome == .passed }.count
            lines.append("kiln: tests: \(passed) passed, \(tests.count - passed) failed")
        }
        if let search = requirementCases, search.samples > 0 {
            let reproduced = search.agreed.filter { $0.outcome == .passed }.count
            lines.append(
                "kiln: requirement cases: \(search.proposed) written in \(search.samples) samples"
                    + (search.rounds > 1 ? " (asked again about \(search.askedAgain.joined(separator: ", ")))" : "")
                    + ", \(search.agreed.count) written alike by at least two, \(reproduced) reproduced by the code"
            )
            for aside in search.setAside ?? [] {
                lines.append("kiln: an agreed case was not run: `\(aside.example.text)`: \(aside.message ?? "")")
            }
            for broken in search.broken ?? [] {
                lines.append("kiln: a proposed use made the code fail inside itself: `\(broken.example.text)`: \(broken.message)")
            }
            if let repair = search.repair {
                lines.append(
                    "kiln: attempt \(repair.attempt) was shown the \(repair.shown.count) agreed case(s) or use(s) the code contradicted or broke on: "
                        + (repair.kept
                            ? "it passed every check and reproduces all \(repair.of), so it was kept"
                            : (repair.passedChecks
                                ? "it reproduces \(repair.reproduced) of \(repair.of), so the earlier code was kept"
                                : "it failed its checks, so the earlier code was kept")))
            }
        }
        if let requirements, !requirements.isEmpty {
            let held = requirements.filter { $0.status == .held }.count
            lines.append("kiln: requirements: \(held) of \(requirements.count) checked by executed cases and held")
            for requirement in requirements where requirement.status != .held {
                lines.append(
                    "kiln:   \(requirement.id) \(requirement.status.rawValue): \(requirement.text)"
                        + (requirement.note.map { " — \($0)" } ?? ""))
            }
        }
        for finding in findings where finding.severity != .info {
            lines.append("kiln: \(finding.severity.rawValue): \(finding.line.map { "line \($0): " } ?? "")\(finding.message)")
        }
        if let outputPath {
            lines.append("kiln: wrote \(outputPath)" + (backupPath.map { " (previous version kept as \($0))" } ?? ""))
        } else if status == .failed {
            lines.append("kiln: nothing was written because the code failed its checks")
        }
        if status == .unverified {
            lines.append(
                "kiln: unverified: the code passed every check that ran, but the requirements above were not checked by anything that ran; review them or add examples")
        }
        return lines
    }
}
