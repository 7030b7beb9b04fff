import Foundation
import KilnCore
import KilnSystem

/// What a Python interpreter knows about itself: its standard library and installed projects.
public struct PythonEnvironmentFacts: Codable, Sendable {
    public var version: String
    public var stdlib: Set<String>
    /// Top-level import name → projects that install it.
    public var modules: [String: [String]]

    public init(version: String, stdlib: Set<String>, modules: [String: [String]]) {
        self.version = version
        self.stdlib = stdlib
        self.modules = modules
    }
}

extension PythonToolchain {
    /// The imports of many files, by path (or name). Files that do not parse are left out. A
    /// large tree is split over one interpreter per core; a small one needs only one.
    public func imports(in sources: [ImportSource]) async throws -> [String: [SourceImport]] {
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, sources.count / 200)
        guard workers > 1 else { return try await importsInOneRun(sources) }
        return try await withThrowingTaskGroup(of: [String: [SourceImport]].self) { group in
            for worker in 0..<workers {
                let share = stride(from: worker, to: sources.count, by: workers).map { sources[$0] }
                group.addTask { try await importsInOneRun(share) }
            }
            return try await group.reduce(into: [:]) { $0.merge($1) { first, _ in first } }
        }
    }

    private func importsInOneRun(_ sources: [ImportSource]) async throws -> [String: [SourceImport]] {
        let script = try HelperScript.install(named: "imports", source: PythonHelperSource.imports, in: helpers)
        let request: [[String: String]] = sources.map { source in
            switch source {
            case .file(let url): return ["path": url.path]
            case .source(let name, let code): return ["name": name, "source": code]
            }
        }
        let result = try await ProcessRunner.run(
            python.path, ["-I", script.path], input: try JSONSerialization.data(withJSONObject: request), timeout: .seconds(1800))
        guard result.succeeded, let reply = try? JSONDecoder().decode([String: [SourceImport]].self, from: result.stdout) else {
            throw ValidationError.toolFailed("python import reader", String(result.stderrText.suffix(600)))
        }
        return reply
    }

    /// The standard library and installed projects of `interpreter` (the project's Python, which
    /// need not be Kiln's).
    public func environmentFacts(of interpreter: URL) async throws -> PythonEnvironmentFacts {
        let result = try await ProcessRunner.run(
            interpreter.path, ["-c", PythonHelperSource.environmentFacts], timeout: .seconds(60))
        guard result.succeeded, let facts = try? JSONDecoder().decode(PythonEnvironmentFacts.self, from: result.stdout) else {
            throw ValidationError.toolFailed(
                "\(interpreter.path) (listing installed packages)", String(result.stderrText.suffix(600)))
        }
        return facts
    }

}
