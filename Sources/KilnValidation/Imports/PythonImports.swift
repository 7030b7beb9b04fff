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
        let script = try HelperScript.install(named: "imports", source: Self.importsScript, in: helpers)
        let result = try await ProcessRunner.run(python.path, ["-I", script.path], input: Data(code.utf8), timeout: .seconds(60))
        guard result.succeeded, let reply = try? JSONDecoder().decode([PythonImport].self, from: result.stdout) else {
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

    static let importsScript = #"""
        import ast, json, sys

        tree = ast.parse(sys.stdin.read())
        guarded_lines = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Try):
                names = set()
                for handler in node.handlers:
                    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
                    names |= {k.id for k in kinds if isinstance(k, ast.Name)}
                if names & {"ImportError", "ModuleNotFoundError", "Exception"}:
                    for child in node.body:
                        for inner in ast.walk(child):
                            if isinstance(inner, (ast.Import, ast.ImportFrom)):
                                guarded_lines.add(inner.lineno)
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
                              "column": node.col_offset + 1, "guarded": node.lineno in guarded_lines})
        found.sort(key=lambda item: (item["line"], item["column"]))
        print(json.dumps(found))
        """#
}
