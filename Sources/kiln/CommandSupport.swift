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
        if let selection = result.selection, selection.method == "agreement" {
            lines.append(
                "kiln: chose attempt \(selection.chosen) of \(selection.candidates.count) passing candidates by agreement on \(selection.inputs.count) inputs (scores \(selection.scores.map(String.init).joined(separator: ", ")))"
            )
        }
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

extension CommandSupport {
    /// Repository context: outlines of `files` (when `includingTargets`) and of the project modules
    /// they import, within what the model's context window leaves after the template,
    /// `promptCharacters` of other prompt text and the answer. `--context` and the tests, refactor
    /// and docs patterns use it.
    static func importedContext(
        of files: [URL], root: URL, includingTargets: Bool, toolchain: PythonToolchain, configuration: KilnConfiguration,
        maxTokens: Int, promptCharacters: Int, progress: ProgressReporter
    ) async throws -> RepositoryContext? {
        // Imports resolve against the working directory when the files are inside it, else the first file's folder.
        let base = root.standardizedFileURL.path + "/"
        let projectRoot = files.allSatisfy { $0.path.hasPrefix(base) } ? root : files[0].deletingLastPathComponent()
        let contextTokens = configuration.contextSize ?? LocalServer.defaultContextSize
        // About 2.5 characters a token for code, to stay on the safe side; 1,500 tokens for the template.
        let budget = (contextTokens - maxTokens - 1_500) * 5 / 2 - promptCharacters
        guard budget > 200, !files.isEmpty else { return nil }
        var context = try await toolchain.repositoryContext(files: files, root: projectRoot, budgetCharacters: budget)
        if !includingTargets { context.outlines.removeAll { $0.distance == 0 } }
        guard !context.outlines.isEmpty else { return nil }
        progress.line(
            "kiln: context: \(context.outlines.map(\.path).joined(separator: ", "))"
                + (context.omitted.isEmpty
                    ? "" : " (left out to fit the context window: \(context.omitted.joined(separator: ", ")))"))
        return context
    }
}

extension CommandSupport {
    /// The project's Python files (relative to `root`) for running tests as they run in the
    /// repository; empty when the module lies outside `root` or the project is too large to copy
    /// into every sandbox run.
    static func workspace(root: URL, module: URL, progress: ProgressReporter) -> ProjectWorkspace {
        let base = root.standardizedFileURL.path + "/"
        guard module.path.hasPrefix(base), let files = try? ProjectChecker.pythonFiles(in: [root]) else {
            return ProjectWorkspace()
        }
        var sources: [SourceFile] = []
        var bytes = 0
        for file in files {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            bytes += text.utf8.count
            guard bytes <= maximumWorkspaceBytes else {
                progress.line(
                    "kiln: the project's Python files exceed \(maximumWorkspaceBytes / 1_000_000) MB; tests run with the module alone"
                )
                return ProjectWorkspace()
            }
            sources.append(SourceFile(path: String(file.path.dropFirst(base.count)), code: text))
        }
        return ProjectWorkspace(files: sources, modulePath: String(module.path.dropFirst(base.count)))
    }

    static let maximumWorkspaceBytes = 32_000_000
}
