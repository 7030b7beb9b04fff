import Foundation
import KilnCore
import KilnSystem

/// Python support: parsing with the real interpreter's `ast` module (the same Python version the
/// code will run on), never with regular expressions; pytest, ruff and bandit from Kiln's own
/// environment.
public struct PythonToolchain: LanguageToolchain {
    /// Kiln's Python (its tools environment): runs pytest, ruff, bandit and the helper programs.
    public let python: URL
    let helpers: URL
    /// What the project's own interpreter has (its standard library and installed packages): the
    /// import firewall decides with it. nil where nothing that needs it runs (parsing only).
    public var facts: PythonEnvironmentFacts?
    /// What the project declares it depends on, and its own modules.
    public var project: ProjectDependencies

    public init(
        python: URL, helperDirectory: URL, facts: PythonEnvironmentFacts? = nil,
        project: ProjectDependencies = ProjectDependencies()
    ) {
        self.python = python
        self.helpers = helperDirectory
        self.facts = facts
        self.project = project
    }

    public var language: String { "python" }
    public var fileExtension: String { "py" }
    public var fenceTags: [String] { ["python", "py", "python3"] }
    public var lineCommentPrefix: String { "#" }
    public var ignoredDirectories: Set<String> {
        [".venv", "venv", "env", "__pycache__", "site-packages", ".tox", ".mypy_cache", ".ruff_cache", ".pytest_cache"]
    }
    public var codeExtractor: CodeExtractor {
        CodeExtractor(fenceTags: Set(fenceTags), codeStarts: ["def ", "async def ", "class ", "import ", "from ", "@"])
    }
    public var languageVersion: String? { facts?.version }
    public var declaredDependencies: [String] { project.declared.sorted() }
    public var builtinTemplates: [String: String] { Self.builtinTemplateTexts }
    /// The templates in Python/Templates, compiled in.
    public static var builtinTemplateTexts: [String: String] { PythonTemplateSource.all }

    public func testFileName(for module: String) -> String { "test_\(module).py" }

    /// The interpreter's version, e.g. "3.11".
    public func languageVersion() async throws -> String {
        let result = try await ProcessRunner.run(
            python.path, ["-c", "import sys; print(f'{sys.version_info[0]}.{sys.version_info[1]}')"], timeout: .seconds(30))
        return result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Checks the syntax of `code` and removes top-level demo code: `if __name__ == "__main__":`
    /// blocks, bare calls and prints, asserts, and assignments that only feed them. Adds what it
    /// reads and binds nowhere when an import provides it: one of `imports` (the spec's, keeping
    /// only the missing names) or a standard module read as `module.attribute`. A star import of a
    /// standard module is written out as the names the code reads from it.
    public func prepare(_ code: String, path: String?, imports: [String]) async throws -> PreparedCode {
        let script = try HelperScript.install(named: "prepare", source: PythonHelperSource.prepare, in: helpers)
        let importsJSON = String(decoding: try JSONEncoder().encode(imports), as: UTF8.self)
        let result = try await ProcessRunner.run(
            python.path, ["-I", script.path, importsJSON], input: Data(code.utf8), timeout: .seconds(60))
        guard result.succeeded, let data = result.stdout.split(separator: UInt8(ascii: "\n")).last,
            let reply = try? JSONDecoder().decode(PrepareReply.self, from: Data(data))
        else {
            throw ValidationError.toolFailed(
                "python ast check", result.stderrText.isEmpty ? "no output" : String(result.stderrText.suffix(600)))
        }
        if reply.ok {
            return PreparedCode(
                code: reply.code ?? code, removed: reply.removed ?? [], syntaxError: nil, addedImports: reply.added ?? [],
                explicitImports: (reply.explicit ?? []).map(\.described))
        }
        let finding = Finding(
            rule: "syntax", category: .correctness, severity: .error, path: path, line: reply.line, column: reply.column,
            message: "invalid Python: \(reply.message ?? "syntax error")" + (reply.text.map { " in `\($0)`" } ?? ""),
            fixHint: "the code must parse with Python \(reply.version ?? "3")")
        return PreparedCode(code: code, removed: [], syntaxError: finding)
    }

    struct PrepareReply: Decodable {
        var ok: Bool
        var code: String?
        var removed: [PreparedCode.RemovedStatement]?
        var added: [String]?
        var explicit: [ExplicitImport]?
        var line: Int?
        var column: Int?
        var message: String?
        var text: String?
        var version: String?

        struct ExplicitImport: Decodable {
            var star: String
            var now: String?
            var described: String { "\(star) → \(now ?? "nothing (the code reads none of its names)")" }
        }
    }
}

/// Failures of the validation tools themselves (not findings about the code).
public enum ValidationError: KilnError {
    case toolFailed(String, String)
    /// A validation tool itself failed: Kiln's environment, never the code.
    public var kind: FailureKind { .environmentFailed }

    public var description: String {
        switch self {
        case .toolFailed(let tool, let detail): return "\(tool) failed: \(detail)"
        }
    }
}
