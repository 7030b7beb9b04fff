import Foundation
import KilnModels
import KilnPipeline
import KilnSystem
import KilnValidation

enum CommandSupport {
    /// Python for the checks: Kiln's environment when it exists (or when the local model needed
    /// it anyway), else the system's python3, whose `ast` module is all the syntax check needs.
    static func pythonToolchain(runtime: LocalRuntime, progress: ProgressReporter) async throws -> PythonToolchain? {
        let environment = runtime.environment
        if environment.isReady {
            return PythonToolchain(python: environment.paths.python, helperDirectory: environment.paths.helpers)
        }
        if let system = ProcessRunner.which("python3") {
            return PythonToolchain(python: URL(fileURLWithPath: system), helperDirectory: environment.paths.helpers)
        }
        progress.line("kiln: warning: no Python found, so the code was not checked")
        return nil
    }

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
        for finding in result.findings {
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
