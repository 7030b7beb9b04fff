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
        let script = try HelperScript.install(named: "insert", source: PythonHelperSource.insert, in: helpers)
        let request = ["module": module, "code": code]
        let result = try await ProcessRunner.run(
            python.path, ["-I", script.path], input: try JSONSerialization.data(withJSONObject: request), timeout: .seconds(60))
        guard result.succeeded, let reply = try? JSONDecoder().decode(Reply.self, from: result.stdout) else {
            throw ValidationError.toolFailed("inserting into \(moduleName)", String(result.stderrText.suffix(600)))
        }
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
