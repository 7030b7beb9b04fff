import Foundation

/// Pulls source code out of a model's reply: fenced blocks are preferred, surrounding prose is
/// dropped, and a reply without fences is trimmed to the lines that look like code.
///
/// Removal of top-level demo calls needs a real parser and happens in the language toolchain;
/// this step only finds the code.
public struct CodeExtractor: Sendable {
    public struct Block: Sendable, Equatable {
        public var language: String
        public var code: String
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case noCode(replyPreview: String)

        public var description: String {
            switch self {
            case .noCode(let preview):
                return "the model replied without any code (reply began: \"\(preview)\")"
            }
        }
    }

    /// Fence tags of the target language (`python`, `py`); untagged blocks count too.
    public var fenceTags: Set<String>
    /// How a top-level line of code starts (`def `, `class `, `import `), to tell code from prose.
    public var codeStarts: [String]

    /// The language toolchain supplies both (`LanguageToolchain.codeExtractor`).
    public init(fenceTags: Set<String>, codeStarts: [String]) {
        self.fenceTags = fenceTags
        self.codeStarts = codeStarts
    }

    /// Every fenced block in `reply`, in order. An unterminated last fence (a reply cut off by the
    /// token limit) still counts as a block.
    public static func fencedBlocks(in reply: String) -> [Block] {
        var blocks: [Block] = []
        var current: [Substring]?
        var currentLanguage = ""
        var fence = ""
        for line in reply.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if current == nil {
                if let marker = Self.fenceMarker(trimmed) {
                    fence = marker
                    currentLanguage = String(trimmed.dropFirst(marker.count))
                        .trimmingCharacters(in: .whitespaces).lowercased()
                    current = []
                }
            } else if trimmed.hasPrefix(fence) && trimmed.allSatisfy({ $0 == fence.first }) {
                blocks.append(Block(language: currentLanguage, code: Self.join(current ?? [])))
                current = nil
            } else {
                current?.append(line)
            }
        }
        if let current, !current.isEmpty {
            blocks.append(Block(language: currentLanguage, code: Self.join(current)))
        }
        return blocks
    }

    /// The code to keep from `reply`.
    ///
    /// With fences: the blocks in the target language (or untagged) that define something are
    /// joined; blocks that only call or print things (usage examples, shell sessions) are left out.
    /// Without fences: prose lines before the first line that starts code, and after the code ends,
    /// are dropped.
    public func extract(from reply: String) throws -> String {
        let blocks = Self.fencedBlocks(in: reply).filter { block in
            block.language.isEmpty || fenceTags.contains(block.language)
        }
        if !blocks.isEmpty {
            let defining = blocks.filter { definesSomething($0.code) }
            let chosen = defining.isEmpty ? [blocks.max { $0.code.count < $1.code.count }].compactMap { $0 } : defining
            let code = chosen.map { $0.code.trimmingTrailingWhitespaceLines() }.joined(separator: "\n\n\n")
            if !code.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                return code + "\n"
            }
        }
        let unfenced = trimProse(reply)
        guard !unfenced.isEmpty else {
            throw Failure.noCode(replyPreview: String(reply.trimmingCharacters(in: .whitespacesAndNewlines).prefix(80)))
        }
        return unfenced + "\n"
    }

    static func fenceMarker(_ trimmed: String) -> String? {
        if trimmed.hasPrefix("```") { return String(trimmed.prefix { $0 == "`" }) }
        if trimmed.hasPrefix("~~~") { return String(trimmed.prefix { $0 == "~" }) }
        return nil
    }

    static func join(_ lines: [Substring]) -> String {
        lines.joined(separator: "\n")
    }

    func definesSomething(_ code: String) -> Bool {
        code.split(separator: "\n").contains { line in
            codeStarts.contains { line.hasPrefix($0) }
        }
    }

    /// Keeps the span from the first line that starts top-level code to the last line that is
    /// indented code or starts top-level code, so prose before and after is dropped.
    func trimProse(_ reply: String) -> String {
        let lines = reply.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.firstIndex(where: { line in codeStarts.contains { line.hasPrefix($0) } }) else {
            return ""
        }
        var last = first
        var index = first + 1
        while index < lines.count {
            let line = lines[index]
            let isIndented = line.hasPrefix(" ") || line.hasPrefix("\t")
            let isBlank = line.trimmingCharacters(in: .whitespaces).isEmpty
            let startsCode =
                codeStarts.contains { line.hasPrefix($0) }
                || line.first.map { $0.isLetter || $0 == "_" } == true && Self.looksLikeStatement(line)
            if isIndented || startsCode {
                last = index
            } else if !isBlank {
                break
            }
            index += 1
        }
        return lines[first...last].joined(separator: "\n")
    }

    /// A top-level line such as `x = 1` or `print(x)`, as opposed to an English sentence.
    static func looksLikeStatement(_ line: String) -> Bool {
        guard
            let firstSpace = line.firstIndex(where: { $0 == " " || $0 == "(" || $0 == "=" || $0 == "." || $0 == "[" || $0 == ":" }
            )
        else {
            return false
        }
        let head = line[..<firstSpace]
        guard head.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return false }
        let rest = line[firstSpace...].trimmingCharacters(in: .whitespaces)
        return rest.hasPrefix("=") || rest.hasPrefix("(") || rest.hasPrefix(".") || rest.hasPrefix("[")
            || rest.hasPrefix(":") || ["if", "for", "while", "try", "with", "return", "raise", "assert"].contains(String(head))
    }
}

extension String {
    func trimmingTrailingWhitespaceLines() -> String {
        var lines = self.split(separator: "\n", omittingEmptySubsequences: false)
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        while let first = lines.first, first.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeFirst() }
        return lines.joined(separator: "\n")
    }

}

extension CodeExtractor {
    /// `code` with the indentation every non-blank line shares removed: a method quoted from inside
    /// its class (`    def total(self): ...`) becomes a definition Python can parse on its own.
    public static func dedent(_ code: String) -> String {
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        let indents = lines.filter { !$0.allSatisfy(\.isWhitespace) }.map { line in line.prefix { $0 == " " || $0 == "\t" }.count
        }
        guard let common = indents.min(), common > 0 else { return code }
        return lines.map { line in line.allSatisfy(\.isWhitespace) ? "" : String(line.dropFirst(common)) }.joined(separator: "\n")
    }
}
