import Foundation
import KilnCore
import KilnSystem

/// Repository context for a prompt: the imports, type definitions, signatures, class outlines and
/// docstrings of the given files and of the repository modules they import, most relevant first,
/// cut to fit a character budget. Read with Python's `ast`, never with regular expressions.
public struct RepositoryContext: Sendable, Equatable {
    /// One file's outline.
    public struct Outline: Codable, Sendable, Equatable {
        public var path: String
        public var text: String
        /// 0 for a file named on the command line, 1 for a module it imports, and so on.
        public var distance: Int
    }

    public var outlines: [Outline]
    /// Files left out to respect the budget.
    public var omitted: [String]

    /// The text for the prompt.
    public var rendered: String {
        outlines.map { "# \($0.path)\n\($0.text)" }.joined(separator: "\n\n")
    }
}

extension PythonToolchain {
    /// Outlines of `files` and of the repository modules they import (up to `depth` levels), most
    /// relevant first, within `budgetCharacters`.
    public func repositoryContext(files: [URL], root: URL, budgetCharacters: Int, depth: Int = 1) async throws
        -> RepositoryContext
    {
        let script = try HelperScript.install(named: "outline", source: Self.outlineScript, in: helpers)
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

    static let outlineScript = #"""
        import ast, json, os, sys

        request = json.load(sys.stdin)
        root = os.path.abspath(request["root"])


        def first_line(doc):
            return doc.strip().splitlines()[0] if doc and doc.strip() else None


        def signature(node, source):
            segment = ast.get_source_segment(source, node)
            header = segment.split(":\n", 1)[0] if segment else "def " + node.name + "(...)"
            lines = [line for line in header.splitlines()]
            # Decorators stay; the body goes.
            return "\n".join(lines) + ":"


        def outline(path):
            source = open(path, encoding="utf-8").read()
            tree = ast.parse(source)
            out, imports = [], []
            for node in tree.body:
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    out.append(ast.get_source_segment(source, node))
                    if isinstance(node, ast.ImportFrom) and node.module:
                        imports.append((node.level, node.module))
                    elif isinstance(node, ast.Import):
                        imports.extend((0, alias.name) for alias in node.names)
                elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    out.append(signature(node, source))
                    doc = first_line(ast.get_docstring(node))
                    out.append(f'    """{doc}"""' if doc else "    ...")
                elif isinstance(node, ast.ClassDef):
                    bases = ", ".join(ast.get_source_segment(source, b) or "" for b in node.bases)
                    out.append(f"class {node.name}({bases}):" if bases else f"class {node.name}:")
                    doc = first_line(ast.get_docstring(node))
                    if doc:
                        out.append(f'    """{doc}"""')
                    for item in node.body:
                        if isinstance(item, (ast.AnnAssign,)) and isinstance(item.target, ast.Name):
                            out.append("    " + (ast.get_source_segment(source, item) or ""))
                        elif isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                            out.append("    " + signature(item, source).replace("\n", "\n    "))
                            doc = first_line(ast.get_docstring(item))
                            out.append(f'        """{doc}"""' if doc else "        ...")
                elif isinstance(node, ast.AnnAssign) or (isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) and t.id.isupper() for t in node.targets)):
                    segment = ast.get_source_segment(source, node) or ""
                    if len(segment) < 200:
                        out.append(segment)
            return "\n".join(line for line in out if line), imports


        def resolve(importer, level, module):
            base = os.path.dirname(importer) if level else root
            for _ in range(max(level - 1, 0)):
                base = os.path.dirname(base)
            parts = module.split(".")
            for candidate in (os.path.join(base, *parts) + ".py", os.path.join(base, *parts, "__init__.py"),
                              os.path.join(root, "src", *parts) + ".py"):
                if os.path.isfile(candidate) and os.path.abspath(candidate).startswith(root):
                    return os.path.abspath(candidate)
            return None


        seen, results = set(), []
        queue = [(os.path.abspath(f), 0) for f in request["files"]]
        while queue:
            path, distance = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            try:
                text, imports = outline(path)
            except (OSError, SyntaxError, UnicodeDecodeError) as error:
                text, imports = f"# (could not read: {type(error).__name__})", []
            results.append({"path": path, "text": text, "distance": distance})
            if distance < request["depth"]:
                for level, module in imports:
                    target = resolve(path, level, module)
                    if target:
                        queue.append((target, distance + 1))
        print(json.dumps(results))
        """#
}
