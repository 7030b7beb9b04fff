import Foundation
import KilnCore
import KilnSystem

extension PythonToolchain {
    /// `source` with the definition `qualifiedName` replaced by the definition of the same name in
    /// `replacementCode`, re-indented to where the original stood. Every other byte is unchanged.
    public func replacingDefinition(_ qualifiedName: String, in source: String, with replacementCode: String) async throws
        -> String
    {
        let definitions = try await definitions(in: source)
        guard let original = definitions.first(where: { $0.qualifiedName == qualifiedName }) else {
            throw ValidationError.toolFailed("refactor", "no definition named \(qualifiedName)")
        }
        let shortName = qualifiedName.split(separator: ".").last.map(String.init) ?? qualifiedName
        let candidates = try await self.definitions(in: replacementCode)
        guard let replacement = candidates.first(where: { $0.qualifiedName == shortName || $0.qualifiedName == qualifiedName })
        else {
            throw RefactorSpliceError.missingDefinition(shortName)
        }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let indent = String(lines[original.line - 1].prefix { $0 == " " || $0 == "\t" })
        let newLines = replacement.source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let baseIndent = newLines.first.map { String($0.prefix { $0 == " " || $0 == "\t" }) } ?? ""
        var body = newLines.map { line -> String in
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return "" }
            return indent + (line.hasPrefix(baseIndent) ? String(line.dropFirst(baseIndent.count)) : line)
        }
        while body.last == "" { body.removeLast() }
        let updated = lines[..<(original.line - 1)] + body + lines[original.endLine...]
        return updated.joined(separator: "\n")
    }
}

public enum RefactorSpliceError: KilnError {
    case missingDefinition(String)
    /// Caught by the refactor pattern and fed back to the model; as an error, the reply lacked the code.
    public var kind: FailureKind { .checksFailed }

    public var description: String {
        switch self {
        case .missingDefinition(let name): return "the reply has no definition named `\(name)`"
        }
    }
}
