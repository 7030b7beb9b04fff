import Foundation
import KilnCore
import KilnSystem

extension PythonToolchain {
    /// `module` with `code` added: its imports after the module's own imports (those already
    /// present are not repeated), everything else at the end. Every existing line stays as it was,
    /// in order. A name `code` defines that the module already has is an error.
    public func inserting(_ code: String, into module: String, moduleName: String) async throws -> String {
        struct Reply: Decodable {
            var source: String?
            var error: String?
        }
        let reply = try await runHelper(
            "insert", source: PythonHelperSource.insert, request: ["module": module, "code": code], as: Reply.self,
            purpose: "inserting into \(moduleName)")
        if let error = reply.error { throw InsertError.conflict("\(moduleName): \(error)") }
        return reply.source ?? module
    }

}

public enum InsertError: KilnError {
    case conflict(String)
    /// The module already defines what would be inserted: the request must change (use refactor).
    public var kind: FailureKind { .badInput }
    public var description: String {
        switch self {
        case .conflict(let message): return message
        }
    }
}
