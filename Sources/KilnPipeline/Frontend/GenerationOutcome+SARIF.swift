import Foundation
import KilnCore
import KilnModels

extension GenerationOutcome {
    /// The outcome as a SARIF 2.1.0 log, for code scanning and review tools: the chosen code's
    /// findings, and for a function or class one result per requirement of the spec: `pass` when
    /// executed cases checked it and held, `review` when nothing that ran checked it (what makes
    /// the status `unverified`), `fail` at level error when a case checking it failed. The run's
    /// properties carry the status, pattern, model and prompt. Results point at the file the
    /// code was written to (relative to `root`, the repository, when it is inside it), or at the
    /// file name the checks used when nothing was written.
    public func sarif(toolVersion: String, root: URL? = nil) throws -> Data {
        let findings: [Finding]
        var requirements: [Requirement] = []
        let pattern: String
        let model: ModelDescriptor
        let prompt: GenerationResult.Prompt
        switch self {
        case .code(let result):
            findings = result.findings
            requirements = result.requirements ?? []
            (pattern, model, prompt) = (result.pattern, result.model, result.prompt)
        case .refactor(let result):
            findings = result.findings
            (pattern, model, prompt) = (result.pattern, result.model, result.prompt)
        case .docs(let result):
            findings = result.findings
            (pattern, model, prompt) = (result.pattern, result.model, result.prompt)
        }
        let written = outputPath.map { path in
            let prefix = root.map { $0.standardizedFileURL.path + "/" }
            return prefix.map { path.hasPrefix($0) ? String(path.dropFirst($0.count)) : path } ?? path
        }
        var results = findings.map { finding in
            var result = SARIFLog.Result(finding)
            result.path = written ?? finding.path
            return result
        }
        // Where the checks' findings point when nothing was written: the file name they used.
        let codePath = written ?? findings.lazy.compactMap(\.path).first
        results += requirements.map { requirement in
            let statement = "\(requirement.id) \"\(requirement.text)\""
            switch requirement.status {
            case .held:
                return SARIFLog.Result(
                    rule: "requirements/held", kind: .pass, severity: .info, category: .correctness,
                    message: "\(statement) was checked by \(requirement.checkedBy.joined(separator: ", ")) and held",
                    path: codePath)
            case .unchecked:
                return SARIFLog.Result(
                    rule: "requirements/unchecked", kind: .review, severity: .warning, category: .correctness,
                    message: "\(statement) was checked by nothing that ran" + (requirement.note.map { ": \($0)" } ?? ""),
                    path: codePath)
            case .failed:
                return SARIFLog.Result(
                    rule: "requirements/failed", kind: .fail, severity: .error, category: .correctness,
                    message: "\(statement) failed in \(requirement.checkedBy.joined(separator: ", "))", path: codePath)
            }
        }
        return try SARIFLog(
            toolVersion: toolVersion, results: results,
            properties: [
                "status": status.rawValue, "pattern": pattern, "model": model.name,
                "prompt": "\(prompt.template) \(prompt.version)",
            ]
        ).data()
    }
}
