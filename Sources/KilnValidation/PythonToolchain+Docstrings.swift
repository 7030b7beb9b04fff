import Foundation
import KilnCore
import KilnSystem

/// A definition in a Python file that can carry a docstring.
public struct PythonDefinition: Codable, Sendable, Equatable {
    /// Dotted within the module: `train_model`, `User.validate`.
    public var qualifiedName: String
    public var kind: String
    public var line: Int
    public var endLine: Int
    public var source: String
    public var docstring: String?
    /// Parameter names without `self` and `cls`.
    public var parameters: [String]
    /// Whether it returns a value somewhere.
    public var returnsValue: Bool
    /// Exceptions it raises itself (`raise ValueError(...)`), not those of what it calls.
    public var raises: [String]

    enum CodingKeys: String, CodingKey {
        case qualifiedName = "qualified_name"
        case kind, line
        case endLine = "end_line"
        case source, docstring, parameters
        case returnsValue = "returns_value"
        case raises
    }
}

extension PythonToolchain {
    /// Functions, classes and methods of `source`, in order.
    public func definitions(in source: String) async throws -> [PythonDefinition] {
        try await docstringTool(["command": "list", "source": source], as: [PythonDefinition].self)
    }

    /// `source` with `docstring` as the docstring of `qualifiedName` (replacing any existing one),
    /// and nothing else changed.
    public func insertingDocstring(_ docstring: String, into qualifiedName: String, of source: String) async throws -> String {
        struct Reply: Decodable { var source: String }
        return try await docstringTool(
            ["command": "insert", "source": source, "name": qualifiedName, "docstring": docstring], as: Reply.self
        ).source
    }

    /// The docstring the model wrote for `qualifiedName` in `code` (or for its only definition).
    public func docstring(of qualifiedName: String, in code: String) async throws -> String? {
        struct Reply: Decodable { var docstring: String? }
        return try await docstringTool(["command": "extract", "source": code, "name": qualifiedName], as: Reply.self).docstring
    }

    /// Whether two sources are the same program once docstrings are removed (compared by `ast.dump`).
    public func sameCodeIgnoringDocstrings(_ a: String, _ b: String) async throws -> Bool {
        struct Reply: Decodable { var same: Bool }
        return try await docstringTool(["command": "compare", "source": a, "other": b], as: Reply.self).same
    }

    private func docstringTool<T: Decodable>(_ request: [String: String], as type: T.Type) async throws -> T {
        let script = try HelperScript.install(named: "docstrings", source: Self.docstringScript, in: helpers)
        let result = try await ProcessRunner.run(
            python.path, ["-I", script.path], input: try JSONSerialization.data(withJSONObject: request), timeout: .seconds(60))
        guard result.succeeded, let reply = try? JSONDecoder().decode(T.self, from: result.stdout) else {
            throw ValidationError.toolFailed(
                "python docstring tool (\(request["command"] ?? ""))", String(result.stderrText.suffix(800)))
        }
        return reply
    }

    static let docstringScript = #"""
        import ast, json, sys

        request = json.load(sys.stdin)
        source = request["source"]


        def walk(tree):
            found = []

            def visit(body, prefix):
                for node in body:
                    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                        name = prefix + node.name
                        found.append((name, node))
                        if isinstance(node, ast.ClassDef):
                            visit(node.body, name + ".")

            visit(tree.body, "")
            return found


        def find(tree, name):
            matches = [node for qualified, node in walk(tree) if qualified == name]
            if not matches:
                raise SystemExit(f"no function or class named {name!r}")
            return matches[0]


        def returns_value(node):
            if isinstance(node, ast.ClassDef):
                return False
            for child in ast.walk(node):
                if isinstance(child, ast.Return) and child.value is not None:
                    return True
                if isinstance(child, (ast.Yield, ast.YieldFrom)):
                    return True
            return False


        def raised(node):
            names = set()
            if isinstance(node, ast.ClassDef):
                return []
            for child in ast.walk(node):
                if isinstance(child, ast.Raise) and child.exc is not None:
                    target = child.exc.func if isinstance(child.exc, ast.Call) else child.exc
                    if isinstance(target, ast.Name):
                        names.add(target.id)
                    elif isinstance(target, ast.Attribute):
                        names.add(target.attr)
            return sorted(names)


        def strip_docstrings(tree):
            for node in ast.walk(tree):
                if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                    body = node.body
                    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                        node.body = body[1:] or [ast.Pass()]
            return ast.dump(tree, include_attributes=False)


        command = request["command"]
        if command == "list":
            tree = ast.parse(source)
            out = []
            for name, node in walk(tree):
                start = min([node.lineno] + [d.lineno for d in node.decorator_list])
                parameters = []
                if not isinstance(node, ast.ClassDef):
                    a = node.args
                    parameters = [p.arg for p in a.posonlyargs + a.args + a.kwonlyargs if p.arg not in ("self", "cls")]
                    if a.vararg:
                        parameters.append(a.vararg.arg)
                    if a.kwarg:
                        parameters.append(a.kwarg.arg)
                out.append({"qualified_name": name, "kind": "class" if isinstance(node, ast.ClassDef) else "function",
                            "line": start, "end_line": node.end_lineno,
                            "source": "".join(source.splitlines(keepends=True)[start - 1:node.end_lineno]),
                            "docstring": ast.get_docstring(node), "parameters": parameters, "returns_value": returns_value(node),
                            "raises": raised(node)})
            print(json.dumps(out))
        elif command == "extract":
            tree = ast.parse(source)
            definitions = walk(tree)
            short = request["name"].split(".")[-1]
            chosen = [n for q, n in definitions if q == request["name"]] or [n for q, n in definitions if q.split(".")[-1] == short]
            if not chosen and len(definitions) == 1:
                chosen = [definitions[0][1]]
            print(json.dumps({"docstring": ast.get_docstring(chosen[0], clean=True) if chosen else None}))
        elif command == "insert":
            tree = ast.parse(source)
            node = find(tree, request["name"])
            lines = source.splitlines(keepends=True)
            first = node.body[0]
            indent = " " * first.col_offset
            text = request["docstring"].strip("\n").replace('"""', '\\"\\"\\"')
            body_lines = text.splitlines()
            if len(body_lines) == 1:
                block = f'{indent}"""{body_lines[0]}"""\n'
            else:
                block = f'{indent}"""' + body_lines[0] + "\n" + "".join(
                    (indent + line if line.strip() else "") + "\n" for line in body_lines[1:]) + f'{indent}"""\n'
            has_doc = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str)
            if has_doc:
                lines[first.lineno - 1:first.end_lineno] = [block]
            elif first.lineno == node.lineno:
                raise SystemExit(f"{request['name']} has its body on the def line; put it on its own line first")
            else:
                lines[first.lineno - 1:first.lineno - 1] = [block]
            updated = "".join(lines)
            ast.parse(updated)
            print(json.dumps({"source": updated}))
        elif command == "compare":
            print(json.dumps({"same": strip_docstrings(ast.parse(source)) == strip_docstrings(ast.parse(request["other"]))}))
        """#
}
