import Foundation
import KilnCore
import KilnModels
import KilnSystem
import KilnValidation

extension Workbench {
    /// Repository context: outlines of `files` (when `includingTargets`) and of the project modules
    /// they import, within what the model's context window leaves after the template,
    /// `promptCharacters` of other prompt text and the answer.
    public func repositoryContext(
        of files: [URL], includingTargets: Bool, toolchain: any LanguageToolchain, maxTokens: Int, promptCharacters: Int
    ) async throws -> RepositoryContext? {
        // Imports resolve against the project directory when the files are inside it, else the first file's folder.
        let base = root.path + "/"
        guard let first = files.first else { return nil }
        let projectRoot = files.allSatisfy { $0.path.hasPrefix(base) } ? root : first.deletingLastPathComponent()
        let contextTokens = configuration.contextSize ?? LocalServer.defaultContextSize
        // About 2.5 characters a token for code, to stay on the safe side; 1,500 tokens for the template.
        let budget = (contextTokens - maxTokens - 1_500) * 5 / 2 - promptCharacters
        guard budget > 200 else { return nil }
        var context = try await toolchain.repositoryContext(files: files, root: projectRoot, budgetCharacters: budget)
        if !includingTargets { context.outlines.removeAll { $0.distance == 0 } }
        guard !context.outlines.isEmpty else { return nil }
        progress.line(
            "kiln: context: \(context.outlines.map(\.path).joined(separator: ", "))"
                + (context.omitted.isEmpty
                    ? "" : " (left out to fit the context window: \(context.omitted.joined(separator: ", ")))"))
        return context
    }

    /// The project's source files (relative to the project directory) for running tests as they
    /// run in the repository; empty when the module lies outside the project or the project is
    /// too large to copy into every sandbox run.
    public func workspace(for module: URL, toolchain: any LanguageToolchain) -> ProjectWorkspace {
        let base = root.path + "/"
        guard module.path.hasPrefix(base),
            let files = try? ProjectChecker.sourceFiles(in: [root], of: toolchain)
        else { return ProjectWorkspace() }
        var sources: [SourceFile] = []
        var bytes = 0
        for file in files {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            bytes += text.utf8.count
            guard bytes <= Self.maximumWorkspaceBytes else {
                progress.line(
                    "kiln: the project's source files exceed \(Self.maximumWorkspaceBytes / 1_000_000) MB; tests run with the module alone"
                )
                return ProjectWorkspace()
            }
            sources.append(SourceFile(path: String(file.path.dropFirst(base.count)), code: text))
        }
        return ProjectWorkspace(files: sources, modulePath: String(module.path.dropFirst(base.count)))
    }

    static let maximumWorkspaceBytes = 32_000_000

    /// Test files in the project that import the module (read with the language's parser): by its
    /// dotted name from the project root (`src/` stripped), or by its bare name.
    public func repositoryTests(for module: URL, in workspace: ProjectWorkspace, toolchain: any LanguageToolchain)
        async throws -> [SourceFile]
    {
        let bare = module.deletingPathExtension().lastPathComponent
        let dotted = workspace.importName ?? bare
        let candidates: [SourceFile]
        if workspace.files.isEmpty {
            // The module alone: look for tests beside it.
            candidates = try ProjectChecker.sourceFiles(in: [module.deletingLastPathComponent()], of: toolchain).compactMap {
                url in
                (try? String(contentsOf: url, encoding: .utf8)).map { SourceFile(path: url.lastPathComponent, code: $0) }
            }
        } else {
            candidates = workspace.files
        }
        let testSuffix = "_test.\(toolchain.fileExtension)"
        let tests = candidates.filter { file in
            let name = URL(fileURLWithPath: file.path).lastPathComponent
            return file.path != workspace.modulePath && name != module.lastPathComponent
                && (name.hasPrefix("test_") || name.hasSuffix(testSuffix))
        }
        let imports = try await toolchain.imports(in: tests.map { .source(name: $0.path, code: $0.code) })
        return tests.filter { test in
            (imports[test.path] ?? []).contains { $0.name == dotted || $0.name == bare || $0.name.hasPrefix(dotted + ".") }
        }
    }
}
