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

    /// The imports of many files, by path (or name). Files that do not parse are left out. A
    /// large tree is split over one interpreter per core; a small one needs only one.
    public func imports(in sources: [ImportSource]) async throws -> [String: [PythonImport]] {
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, sources.count / 200)
        guard workers > 1 else { return try await importsInOneRun(sources) }
        return try await withThrowingTaskGroup(of: [String: [PythonImport]].self) { group in
            for worker in 0..<workers {
                let share = stride(from: worker, to: sources.count, by: workers).map { sources[$0] }
                group.addTask { try await importsInOneRun(share) }
            }
            return try await group.reduce(into: [:]) { $0.merge($1) { first, _ in first } }
        }
    }

    private func importsInOneRun(_ sources: [ImportSource]) async throws -> [String: [PythonImport]] {
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
    /// Relative imports (`from . import x`) are left out: they name the project's own modules. An
    /// import is guarded when a `try` around it catches ImportError, ModuleNotFoundError or
    /// Exception.
    static let importsScript = #"""
        import ast, json, sys

        GUARDS = {"ImportError", "ModuleNotFoundError", "Exception"}
        TRIES = tuple(t for t in (getattr(ast, "Try", None), getattr(ast, "TryStar", None)) if t)


        def imports(body, guarded, found):
            # Imports are statements, so only statement lists are searched: expressions, the bulk of
            # a tree, are never visited.
            for node in body:
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom):
                    names = [node.module] if node.level == 0 and node.module else []
                elif isinstance(node, TRIES):
                    caught = set()
                    for handler in node.handlers:
                        kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
                        caught |= {k.id for k in kinds if isinstance(k, ast.Name)}
                    imports(node.body, guarded or bool(caught & GUARDS), found)
                    for handler in node.handlers:
                        imports(handler.body, guarded, found)
                    imports(node.orelse, guarded, found)
                    imports(node.finalbody, guarded, found)
                    continue
                else:
                    for field in ("body", "orelse", "finalbody"):
                        child = getattr(node, field, None)
                        if isinstance(child, list):
                            imports(child, guarded, found)
                    for case in getattr(node, "cases", ()):
                        imports(case.body, guarded, found)
                    continue
                for name in names:
                    found.append({"module": name.split(".")[0], "name": name, "line": node.lineno,
                                  "column": node.col_offset + 1, "guarded": guarded})


        result = {}
        for item in json.load(sys.stdin):
            key = item.get("path") or item["name"]
            try:
                text = item["source"] if "source" in item else open(item["path"], "rb").read()
                tree = ast.parse(text)
            except (SyntaxError, ValueError, OSError):
                continue
            found = []
            imports(tree.body, False, found)
            found.sort(key=lambda entry: (entry["line"], entry["column"]))
            result[key] = found
        print(json.dumps(result))
        """#
}
