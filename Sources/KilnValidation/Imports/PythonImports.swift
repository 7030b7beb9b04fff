import Foundation
import KilnCore
import KilnSystem

/// One `import` of a Python file.
public struct PythonImport: Codable, Sendable, Equatable {
    /// The top-level module: `requests` for `from requests.adapters import HTTPAdapter`.
    public var module: String
    /// The full dotted name as written.
    public var name: String
    public var line: Int
    public var column: Int
    /// Inside `try: ... except ImportError` (an optional dependency with a fallback).
    public var guarded: Bool

    public init(module: String, name: String, line: Int, column: Int, guarded: Bool) {
        self.module = module
        self.name = name
        self.line = line
        self.column = column
        self.guarded = guarded
    }
}

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
    /// The imports of `code`, read with `ast`. Relative imports (`from . import x`) are left out:
    /// they name the project's own modules.
    public func imports(of code: String) async throws -> [PythonImport] {
        try await imports(in: [.source(name: "-", code: code)])["-"] ?? []
    }

    /// What to read imports from: a file, or source text under a name.
    public enum ImportSource: Sendable {
        case file(URL)
        case source(name: String, code: String)
    }

    /// The imports of many files in one interpreter run, by path (or name). Files that do not
    /// parse are left out.
    public func imports(in sources: [ImportSource]) async throws -> [String: [PythonImport]] {
        let script = try HelperScript.install(named: "imports", source: Self.importsScript, in: helpers)
        let request: [[String: String]] = sources.map { source in
            switch source {
            case .file(let url): return ["path": url.path]
            case .source(let name, let code): return ["name": name, "source": code]
            }
        }
        let result = try await ProcessRunner.run(
            python.path, ["-I", script.path], input: try JSONSerialization.data(withJSONObject: request), timeout: .seconds(1800))
        guard result.succeeded, let reply = try? JSONDecoder().decode([String: [PythonImport]].self, from: result.stdout) else {
            throw ValidationError.toolFailed("python import reader", String(result.stderrText.suffix(600)))
        }
        return reply
    }

    /// The standard library and installed projects of `interpreter` (the project's Python, which
    /// need not be Kiln's).
    public func environmentFacts(of interpreter: URL) async throws -> PythonEnvironmentFacts {
        let script = """
            import importlib.metadata as md, json, sys
            print(json.dumps({"version": "%d.%d" % sys.version_info[:2], "stdlib": sorted(sys.stdlib_module_names),
                              "modules": {k: sorted(set(v)) for k, v in md.packages_distributions().items()}}))
            """
        let result = try await ProcessRunner.run(interpreter.path, ["-c", script], timeout: .seconds(60))
        guard result.succeeded, let facts = try? JSONDecoder().decode(PythonEnvironmentFacts.self, from: result.stdout) else {
            throw ValidationError.toolFailed(
                "\(interpreter.path) (listing installed packages)", String(result.stderrText.suffix(600)))
        }
        return facts
    }

    /// Reads a JSON list of {"path"} or {"name", "source"} on stdin; prints {name or path: imports}.
    /// Relative imports (`from . import x`) are left out: they name the project's own modules.
    static let importsScript = #"""
        import ast, json, sys

        result = {}
        for item in json.load(sys.stdin):
            key = item.get("path") or item["name"]
            try:
                text = item["source"] if "source" in item else open(item["path"], "rb").read()
                tree = ast.parse(text)
            except (SyntaxError, ValueError, OSError):
                continue
            guarded = set()
            for node in ast.walk(tree):
                if isinstance(node, ast.Try):
                    names = set()
                    for handler in node.handlers:
                        kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
                        names |= {k.id for k in kinds if isinstance(k, ast.Name)}
                    if names & {"ImportError", "ModuleNotFoundError", "Exception"}:
                        guarded |= {n.lineno for child in node.body for n in ast.walk(child) if isinstance(n, (ast.Import, ast.ImportFrom))}
            found = []
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    found.append({"module": name.split(".")[0], "name": name, "line": node.lineno,
                                  "column": node.col_offset + 1, "guarded": node.lineno in guarded})
            found.sort(key=lambda entry: (entry["line"], entry["column"]))
            result[key] = found
        print(json.dumps(result))
        """#
}
