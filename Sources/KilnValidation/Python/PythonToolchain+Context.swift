import Foundation
import KilnCore
import KilnSystem

extension PythonToolchain {
    /// Outlines of `files` and of the repository modules they import, most relevant first,
    /// within `budgetCharacters`.
    public func repositoryContext(files: [URL], root: URL, budgetCharacters: Int) async throws -> RepositoryContext {
        try await repositoryContext(files: files, root: root, budgetCharacters: budgetCharacters, depth: 1)
    }

    /// The same, following imports `depth` levels deep.
    public func repositoryContext(files: [URL], root: URL, budgetCharacters: Int, depth: Int) async throws
        -> RepositoryContext
    {
        let script = try HelperScript.install(named: "outline", source: PythonHelperSource.outline, in: helpers)
        let request: [String: Any] = ["files": files.map(\.path), "root": root.path, "depth": depth]
        let result = try await ProcessRunner.run(
            python.path, ["-I", script.path], input: try JSONSerialization.data(withJSONObject: request), timeout: .seconds(60))
        guard result.succeeded, let outlines = try? JSONDecoder().decode([RepositoryContext.Outline].self, from: result.stdout)
        else {
            throw ValidationError.toolFailed("reading repository context", String(result.stderrText.suffix(600)))
        }
        var kept: [RepositoryContext.Outline] = []
        var omitted: [String] = []
        var used = 0
        for outline in outlines.sorted(by: { $0.distance < $1.distance }) {
            let root = root.standardizedFileURL.path + "/"
            var item = outline
            if item.path.hasPrefix(root) { item.path = String(item.path.dropFirst(root.count)) }
            if used + item.text.count <= budgetCharacters {
                kept.append(item)
                used += item.text.count
            } else {
                omitted.append(item.path)
            }
        }
        return RepositoryContext(outlines: kept, omitted: omitted)
    }
}
