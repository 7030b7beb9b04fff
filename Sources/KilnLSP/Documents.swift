import Foundation

/// A position as LSP counts it: zero-based line, and UTF-16 code units into that line.
struct Position: Sendable, Equatable, Comparable {
    var line: Int
    var character: Int

    init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    init?(_ json: JSON?) {
        guard let line = json?["line"]?.int, let character = json?["character"]?.int, line >= 0, character >= 0 else {
            return nil
        }
        self.init(line: line, character: character)
    }

    var json: JSON { ["line": .int(line), "character": .int(character)] }

    static func < (a: Position, b: Position) -> Bool { (a.line, a.character) < (b.line, b.character) }
}

struct Range: Sendable, Equatable {
    var start: Position
    var end: Position

    init(start: Position, end: Position) {
        self.start = start
        self.end = end
    }

    init?(_ json: JSON?) {
        guard let start = Position(json?["start"]), let end = Position(json?["end"]) else { return nil }
        self.init(start: start, end: end)
    }

    /// Whole lines `first...last` (zero-based), the last one to its end.
    static func lines(_ first: Int, _ last: Int, in text: String) -> Range {
        Range(start: Position(line: first, character: 0), end: Position(line: last, character: Text.lineLength(last, in: text)))
    }

    var json: JSON { ["start": start.json, "end": end.json] }
}

/// Text as LSP addresses it.
enum Text {
    static func lines(_ text: String) -> [Substring] { text.split(separator: "\n", omittingEmptySubsequences: false) }

    /// UTF-16 length of line `line` (without its line break); 0 past the end.
    static func lineLength(_ line: Int, in text: String) -> Int {
        let all = lines(text)
        guard line < all.count else { return 0 }
        return all[line].utf16.count - (all[line].hasSuffix("\r") ? 1 : 0)
    }

    /// The index of `position` in `text`, clamped to the text (a client a little out of step
    /// with itself does not crash the server).
    static func index(of position: Position, in text: String) -> String.Index {
        var index = text.startIndex
        var line = 0
        while line < position.line {
            guard let newline = text[index...].firstIndex(of: "\n") else { return text.endIndex }
            index = text.index(after: newline)
            line += 1
        }
        let lineEnd = text[index...].firstIndex(of: "\n") ?? text.endIndex
        let utf16 = text.utf16
        let target = utf16.index(index, offsetBy: position.character, limitedBy: lineEnd) ?? lineEnd
        return target > lineEnd ? lineEnd : (String.Index(target, within: text) ?? lineEnd)
    }

    /// The position just past the end of `text`.
    static func end(of text: String) -> Position {
        let all = lines(text)
        return Position(line: all.count - 1, character: all.last.map { $0.utf16.count } ?? 0)
    }

    /// `text` with `range` replaced by `replacement`.
    static func replacing(_ range: Range, in text: String, with replacement: String) -> String {
        let start = index(of: range.start, in: text)
        let end = max(start, index(of: range.end, in: text))
        var result = text
        result.replaceSubrange(start..<end, with: replacement)
        return result
    }

    /// The smallest whole-line edit turning `old` into `new`: the lines they share at the start
    /// and at the end stay untouched (the editor keeps its cursor and folds there).
    static func edit(from old: String, to new: String) -> (range: Range, text: String)? {
        guard old != new else { return nil }
        let a = lines(old)
        let b = lines(new)
        var prefix = 0
        while prefix < min(a.count, b.count) - 1, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < min(a.count, b.count) - prefix - 1, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let oldEnd = a.count - suffix  // exclusive
        let newEnd = b.count - suffix
        let range = Range(
            start: Position(line: prefix, character: 0),
            end: oldEnd < a.count ? Position(line: oldEnd, character: 0) : end(of: old))
        var replacement = b[prefix..<newEnd].joined(separator: "\n")
        if oldEnd < a.count { replacement += "\n" }
        return (range, replacement)
    }
}

/// The documents the editor has open, as it has them (unsaved changes included).
actor Documents {
    struct Document: Sendable {
        var uri: String
        var text: String
        var version: Int
    }

    private var open: [String: Document] = [:]

    func opened(uri: String, text: String, version: Int) { open[uri] = Document(uri: uri, text: text, version: version) }

    func closed(uri: String) { open[uri] = nil }

    /// Applies a `didChange`: whole-text changes and range edits, in order.
    func changed(uri: String, version: Int, changes: [JSON]) {
        guard var document = open[uri] else { return }
        for change in changes {
            guard let text = change["text"]?.string else { continue }
            if let range = Range(change["range"]) {
                document.text = Text.replacing(range, in: document.text, with: text)
            } else {
                document.text = text
            }
        }
        document.version = version
        open[uri] = document
    }

    func document(_ uri: String) -> Document? { open[uri] }
}

/// `file://` URIs and paths.
enum FileURI {
    static func path(_ uri: String) -> String? {
        guard let url = URL(string: uri), url.isFileURL else { return nil }
        return url.path
    }

    static func uri(_ path: String) -> String { URL(fileURLWithPath: path).absoluteString }
}
