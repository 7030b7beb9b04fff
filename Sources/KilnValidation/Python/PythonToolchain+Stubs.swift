import Foundation

extension PythonToolchain {
    /// A function whose body, docstring and comments aside, is only `pass`, `...` or
    /// `raise NotImplementedError(...)`.
    public func stub(_ definition: CodeDefinition) -> Stub? {
        guard definition.kind == "function" || definition.kind == "method" else { return nil }
        let lines = definition.source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The signature runs to the first line that ends with `:` outside brackets.
        var depth = 0
        var headerEnd: Int?
        for (index, line) in lines.enumerated() {
            let code = Self.withoutComment(line)
            for character in code {
                if "([{".contains(character) { depth += 1 } else if ")]}".contains(character) { depth -= 1 }
            }
            if depth == 0, code.trimmingCharacters(in: .whitespaces).hasSuffix(":") {
                headerEnd = index
                break
            }
        }
        guard let headerEnd else { return nil }
        let signature = lines[...headerEnd].map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        var comments: [String] = []
        var body: [String] = []
        var inDocstring: String?
        var sawDocstring = false
        for line in lines[(headerEnd + 1)...] {
            let text = line.trimmingCharacters(in: .whitespaces)
            if let quote = inDocstring {
                if text.contains(quote) { inDocstring = nil }
                continue
            }
            if text.isEmpty { continue }
            if text.hasPrefix("#") {
                comments.append(String(text.dropFirst()).trimmingCharacters(in: .whitespaces))
                continue
            }
            if !sawDocstring && body.isEmpty, let quote = ["\"\"\"", "'''", "\"", "'"].first(where: { text.drop { "rRuUbB".contains($0) }.hasPrefix($0) }) {
                sawDocstring = true
                let rest = text.drop { "rRuUbB".contains($0) }.dropFirst(quote.count)
                if quote.count == 3 && !rest.contains(quote) { inDocstring = quote }
                continue
            }
            body.append(Self.withoutComment(text).trimmingCharacters(in: .whitespaces))
        }
        let placeholders: Set<String> = ["pass", "...", "raise NotImplementedError", "raise NotImplementedError()"]
        guard body.allSatisfy({ placeholders.contains($0) || $0.hasPrefix("raise NotImplementedError(") }) else { return nil }
        let documentation = ([definition.docstring].compactMap { $0 } + comments).joined(separator: "\n")
        return Stub(signature: signature, documentation: documentation)
    }

    /// `line` up to a `#` comment (outside string literals).
    static func withoutComment(_ line: String) -> String {
        var quote: Character?
        for (offset, character) in line.enumerated() {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#" {
                return String(line.prefix(offset))
            }
        }
        return line
    }
}
