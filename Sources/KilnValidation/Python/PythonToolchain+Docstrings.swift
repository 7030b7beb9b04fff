import Foundation
import KilnCore
import KilnSystem

extension PythonToolchain {
    /// Functions, classes and methods of `source`, in order.
    public func definitions(in source: String) async throws -> [CodeDefinition] {
        try await docstringTool(["command": "list", "source": source], as: [CodeDefinition].self)
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

    public func removingChecks(from code: String, at lines: [Int]) async throws -> RemovedChecks {
        struct Removed: Decodable {
            var line: Int
            var text: String
        }
        struct Reply: Decodable {
            var source: String
            var removed: [Removed]
        }
        guard !lines.isEmpty else { return RemovedChecks(code: code, removed: []) }
        let reply = try await docstringTool(
            ["command": "strip_checks", "source": code, "lines": lines.map(String.init).joined(separator: ",")], as: Reply.self)
        return RemovedChecks(code: reply.source, removed: reply.removed.map { "line \($0.line): \($0.text)" })
    }

    private func docstringTool<T: Decodable>(_ request: [String: String], as type: T.Type) async throws -> T {
        try await runHelper(
            "docstrings", source: PythonHelperSource.docstrings, request: request, as: T.self,
            purpose: "python docstring tool (\(request["command"] ?? ""))")
    }

}
