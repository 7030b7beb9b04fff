/// Winnowing fingerprints of source code (Schleimer, Wilkerson and Aiken, 2003): code is reduced
/// to a token stream in which names, numbers and strings are placeholders, so renaming variables
/// or reformatting does not hide a copy; hashes of every k tokens are taken, and from each window
/// of w consecutive hashes the smallest is kept. Any shared run of at least k + w - 1 tokens is
/// guaranteed to share a fingerprint.
public struct Winnowing: Sendable, Equatable {
    public var k: Int
    public var window: Int

    public init(k: Int = 15, window: Int = 8) {
        self.k = k
        self.window = window
    }

    /// One kept hash and the source line it starts on.
    public struct Fingerprint: Hashable, Sendable, Codable {
        public var hash: UInt64
        public var line: Int
    }

    struct Token {
        var text: Substring
        var line: Int
    }

    static let keywords: Set<Substring> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
        "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
        "pass", "raise", "return", "try", "while", "with", "yield", "self",
    ]

    /// Python-ish tokens: comments and whitespace dropped, identifiers `v`, numbers `0`, strings `s`.
    static func tokens(_ source: String) -> [Token] {
        var tokens: [Token] = []
        var line = 1
        var index = source.startIndex
        let end = source.endIndex
        while index < end {
            let character = source[index]
            if character == "\n" {
                line += 1
                index = source.index(after: index)
            } else if character.isWhitespace {
                index = source.index(after: index)
            } else if character == "#" {
                while index < end, source[index] != "\n" { index = source.index(after: index) }
            } else if character == "\"" || character == "'" {
                // Strings, including triple-quoted ones, become one placeholder.
                let triple = source[index...].hasPrefix(String(repeating: character, count: 3))
                let delimiter = triple ? String(repeating: character, count: 3) : String(character)
                var cursor = source.index(index, offsetBy: delimiter.count)
                let startLine = line
                while cursor < end, !source[cursor...].hasPrefix(delimiter) {
                    if source[cursor] == "\\", source.index(after: cursor) < end { cursor = source.index(after: cursor) }
                    if source[cursor] == "\n" {
                        line += 1
                        if !triple { break }
                    }
                    cursor = source.index(after: cursor)
                }
                index =
                    cursor < end
                    ? source.index(cursor, offsetBy: min(delimiter.count, source.distance(from: cursor, to: end))) : end
                tokens.append(Token(text: "s", line: startLine))
            } else if character.isLetter || character == "_" {
                var cursor = index
                while cursor < end, source[cursor].isLetter || source[cursor].isNumber || source[cursor] == "_" {
                    cursor = source.index(after: cursor)
                }
                let word = source[index..<cursor]
                tokens.append(Token(text: keywords.contains(word) ? word : "v", line: line))
                index = cursor
            } else if character.isNumber {
                var cursor = index
                while cursor < end,
                    source[cursor].isNumber || source[cursor].isLetter || source[cursor] == "." || source[cursor] == "_"
                {
                    cursor = source.index(after: cursor)
                }
                tokens.append(Token(text: "0", line: line))
                index = cursor
            } else {
                tokens.append(Token(text: source[index...index], line: line))
                index = source.index(after: index)
            }
        }
        return tokens
    }

    public func fingerprints(_ source: String) -> [Fingerprint] {
        let tokens = Self.tokens(source)
        guard tokens.count >= k else { return [] }
        var hashes: [(hash: UInt64, line: Int)] = []
        hashes.reserveCapacity(tokens.count - k + 1)
        for start in 0...(tokens.count - k) {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for token in tokens[start..<(start + k)] {
                for byte in token.text.utf8 {
                    hash ^= UInt64(byte)
                    hash &*= 0x0000_0100_0000_01b3
                }
                hash ^= 0xff
                hash &*= 0x0000_0100_0000_01b3
            }
            hashes.append((hash, tokens[start].line))
        }
        var kept: [Fingerprint] = []
        var lastPosition = -1
        let width = min(window, hashes.count)
        for windowStart in 0...(hashes.count - width) {
            // The rightmost minimum, so equal hashes in a run are kept once.
            var best = windowStart
            for position in windowStart..<(windowStart + width) where hashes[position].hash <= hashes[best].hash {
                best = position
            }
            if best != lastPosition {
                kept.append(Fingerprint(hash: hashes[best].hash, line: hashes[best].line))
                lastPosition = best
            }
        }
        return kept
    }
}
