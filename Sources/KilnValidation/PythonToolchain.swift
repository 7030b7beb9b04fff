import Foundation
import KilnCore
import KilnSystem

/// Generated code after the parser has looked at it.
public struct PreparedCode: Sendable, Equatable {
    /// The code with top-level demo statements removed (unchanged when it does not parse).
    public var code: String
    /// First lines of the statements that were removed, with their line numbers in the original.
    public var removed: [RemovedStatement]
    /// Set when the code is not valid Python.
    public var syntaxError: Finding?

    public struct RemovedStatement: Codable, Sendable, Equatable {
        public var line: Int
        public var text: String
    }
}

/// Python support: parsing with the real interpreter's `ast` module (the same Python version the
/// code will run on), never with regular expressions.
public struct PythonToolchain: Sendable {
    public let python: URL
    let helpers: URL

    public init(python: URL, helperDirectory: URL) {
        self.python = python
        self.helpers = helperDirectory
    }

    /// The interpreter's version, e.g. "3.11".
    public func languageVersion() async throws -> String {
        let result = try await ProcessRunner.run(
            python.path, ["-c", "import sys; print(f'{sys.version_info[0]}.{sys.version_info[1]}')"], timeout: .seconds(30))
        return result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Checks the syntax of `code` and removes top-level demo code: `if __name__ == "__main__":`
    /// blocks, bare calls and prints, asserts, and assignments that only feed them.
    public func prepare(_ code: String, path: String? = nil) async throws -> PreparedCode {
        let script = try HelperScript.install(named: "prepare", source: Self.prepareScript, in: helpers)
        let result = try await ProcessRunner.run(
            python.path, ["-I", script.path], input: Data(code.utf8), timeout: .seconds(60))
        guard result.succeeded, let data = result.stdout.split(separator: UInt8(ascii: "\n")).last,
            let reply = try? JSONDecoder().decode(PrepareReply.self, from: Data(data))
        else {
            throw ValidationError.toolFailed(
                "python ast check", result.stderrText.isEmpty ? "no output" : String(result.stderrText.suffix(600)))
        }
        if reply.ok {
            return PreparedCode(code: reply.code ?? code, removed: reply.removed ?? [], syntaxError: nil)
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
        var line: Int?
        var column: Int?
        var message: String?
        var text: String?
        var version: String?
    }
}

/// Failures of the validation tools themselves (not findings about the code).
public enum ValidationError: Error, CustomStringConvertible, Sendable {
    case toolFailed(String, String)

    public var description: String {
        switch self {
        case .toolFailed(let tool, let detail): return "\(tool) failed: \(detail)"
        }
    }
}
