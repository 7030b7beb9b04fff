import Foundation
import KilnModels
import KilnPipeline
import KilnSystem
import KilnValidation

enum CommandSupport {
    static func printSummary(_ result: GenerationResult) {
        var parts = ["\(result.model.name)", String(format: "%.1f s", result.timings.totalSeconds)]
        if let tokens = result.usage.completionTokens { parts.append("\(tokens) tokens") }
        if let rate = result.tokensPerSecond { parts.append(String(format: "%.1f tok/s", rate)) }
        if result.attempts.count > 1 { parts.append("\(result.attempts.count) attempts") }
        var lines = ["kiln: \(result.status.rawValue) (\(parts.joined(separator: ", ")))"]
        if !result.checks.isEmpty { lines.append("kiln: checks: \(result.checks.joined(separator: ", "))") }
        if !result.removedDemoCode.isEmpty {
            lines.append("kiln: removed top-level demo code: \(result.removedDemoCode.joined(separator: "; "))")
        }
        if !result.tests.isEmpty {
            let passed = result.tests.filter { $0.outcome == .passed }.count
            lines.append("kiln: tests: \(passed) passed, \(result.tests.count - passed) failed")
        }
        for finding in result.findings where finding.severity != .info {
            lines.append("kiln: \(finding.severity.rawValue): \(finding.line.map { "line \($0): " } ?? "")\(finding.message)")
        }
        if let path = result.outputPath {
            lines.append("kiln: wrote \(path)" + (result.backupPath.map { " (previous version kept as \($0))" } ?? ""))
        } else if result.status == .failed {
            lines.append("kiln: nothing was written because the code failed its checks")
        }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}

extension CommandSupport {
    /// A file named on the command line, resolved against the working directory, and its text.
    static func readSource(_ path: String) throws -> (url: URL, text: String) {
        let url = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw SystemError.fileMissing(url.path) }
        return (url, text)
    }

    /// `--out`, resolved; an existing file without `--force` is refused before any model work.
    static func outputURL(_ out: String?, force: Bool) throws -> URL? {
        guard let out else { return nil }
        let url = URL(fileURLWithPath: out, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
        if !force, FileManager.default.fileExists(atPath: url.path) { throw SystemError.fileExists(url.path) }
        return url
    }
}
