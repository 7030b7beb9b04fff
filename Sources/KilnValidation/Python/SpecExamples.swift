import Foundation

/// Input/output examples written in a spec, turned into checks the code must pass. Only what the
/// user wrote is used: these are visible requirements, not hidden grading data.
///
/// Recognised forms, one per line (a leading `-`, `*`, `>>>`, `assert` or `for` is allowed):
/// `median([1, 3, 2]) == 2`, `median([1, 3, 2]) -> 2`, `median([1, 3, 2]) returns 2`,
/// `median([]) raises ValueError`, and doctest pairs (`>>> median([1, 2])` then `1.5`).
/// Looser forms found in real docstrings — `median([1, 3, 2]) ➞ 2`, `==> 2`, `= 2`, and a
/// trailing comment `# returns 2` or `# => 2` — count only when both the arguments and the
/// expected value are plain literals, so a formula such as `f(n) = 1 + n / 2` is not mistaken
/// for an example. When the spec declares functions (`def name(`), examples that call none of
/// them are dropped: they name some other function and could never pass.
public struct SpecExample: Codable, Sendable, Equatable {
    public enum Expectation: Codable, Sendable, Equatable {
        case equals(String)
        case raises(String)
    }

    /// A Python call expression.
    public var call: String
    public var expectation: Expectation
    /// The called function's name.
    public var function: String

    public init(call: String, expectation: Expectation, function: String) {
        self.call = call
        self.expectation = expectation
        self.function = function
    }

    public static func parse(_ spec: String) -> [SpecExample] {
        var examples: [SpecExample] = []
        // One example per line or per `;`-separated clause, labels such as "Examples:" dropped.
        let lines = spec.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line -> [String] in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix(">>>") { return [trimmed] }
            return trimmed.components(separatedBy: "; ").map { clause in
                // "Examples: f(1) == 2" keeps only what follows a label.
                let text = clause.trimmingCharacters(in: .whitespaces)
                if inline(text) == nil, let colon = text.range(of: ": ", options: .backwards) {
                    let rest = String(text[colon.upperBound...])
                    if inline(rest) != nil { return rest.trimmingCharacters(in: CharacterSet(charactersIn: " .")) }
                }
                return text.trimmingCharacters(in: CharacterSet(charactersIn: " ."))
            }
        }
        // `f(n) = 1 + n / 2` defines f by a formula; then `f(1) = 3` is part of that definition
        // (often of a sequence the function returns a slice of), not an example of a call.
        let formulas = Set(
            lines.compactMap { line -> String? in
                guard let range = line.range(of: " = ") else { return nil }
                let left = String(line[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
                guard let function = calledFunction(left), !isLiteral(arguments(of: left)) else { return nil }
                return function
            })
        var index = 0
        while index < lines.count {
            var line = lines[index]
            for prefix in ["- ", "* ", "• ", "assert ", "for "] where line.hasPrefix(prefix) {
                line = String(line.dropFirst(prefix.count))
            }
            if line.hasPrefix(">>>") {
                // A doctest call may carry a comment: `>>> round(f([1, 2]), 2) # f(x) = 1 + 2x`.
                let call = codeAndComment(String(line.dropFirst(3))).code
                if let parsed = Self.inline(call) {
                    examples.append(parsed)
                } else if index + 1 < lines.count, !lines[index + 1].isEmpty, !lines[index + 1].hasPrefix(">>>"),
                    let function = Self.calledFunction(call)
                {
                    var output = lines[index + 1]
                    // An output that opens a bracket goes on until it closes: a list over two lines.
                    while !balanced(output), index + 2 < lines.count, !lines[index + 2].isEmpty,
                        !lines[index + 2].hasPrefix(">>>")
                    {
                        output += " " + lines[index + 2]
                        index += 1
                    }
                    if output.hasPrefix("Traceback") || output.contains("Error:") || output.hasSuffix("Error") {
                        let exception = output.split(separator: ":").first.map(String.init) ?? output
                        examples.append(
                            SpecExample(
                                call: call, expectation: .raises(exception.components(separatedBy: " ").last ?? exception),
                                function: function))
                    } else {
                        examples.append(SpecExample(call: call, expectation: .equals(output), function: function))
                    }
                    index += 1
                }
            } else if let (parsed, singleEquals) = Self.inlineForm(line),
                !(singleEquals && formulas.contains(parsed.function))
            {
                examples.append(parsed)
            }
            index += 1
        }
        return onlyDeclared(examples, in: spec)
    }

    /// Drops examples that call none of the functions the spec declares, when it declares any.
    static func onlyDeclared(_ examples: [SpecExample], in spec: String) -> [SpecExample] {
        var declared: Set<String> = []
        for line in spec.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            for keyword in ["def ", "async def ", "class "] where trimmed.hasPrefix(keyword) {
                let name = trimmed.dropFirst(keyword.count).prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                if !name.isEmpty { declared.insert(String(name)) }
            }
        }
        guard !declared.isEmpty else { return examples }
        return examples.filter { example in
            declared.contains(example.function) || declared.contains { example.call.contains("\($0)(") }
        }
    }

    /// `call == value`, `call -> value`, `call returns value`, `call raises Error`, and the
    /// literal-only looser forms.
    static func inline(_ line: String) -> SpecExample? {
        inlineForm(line)?.example
    }

    /// `inline`, also saying whether the example was written with a single `=`, the notation
    /// a spec may also use for a formula (`f(n) = f(n - 1) + 1`).
    static func inlineForm(_ line: String) -> (example: SpecExample, singleEquals: Bool)? {
        let (code, comment) = codeAndComment(line)
        if let comment {
            // `f(1)   # returns 2`, `f(1) # => 2`: the comment holds the expected value.
            for marker in ["returns ", "=> ", "==> ", "-> ", "➞ "] where comment.hasPrefix(marker) {
                return literalExample(call: code, value: String(comment.dropFirst(marker.count))).map { ($0, false) }
            }
            return inlineForm(code)
        }
        for separator in ["==>", "➞", " = "] {
            if let range = line.range(of: separator),
                let example = literalExample(call: String(line[..<range.lowerBound]), value: String(line[range.upperBound...]))
            {
                return (example, separator == " = ")
            }
        }
        for separator in [" raises ", " should raise "] {
            if let range = line.range(of: separator) {
                let call = String(line[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
                let exception = line[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: " .`"))
                guard let function = calledFunction(call), isIdentifier(exception) else { return nil }
                return (SpecExample(call: call, expectation: .raises(exception), function: function), false)
            }
        }
        for separator in [" == ", " -> ", "->", " → ", " returns ", " should return ", " => "] {
            if let range = line.range(of: separator) {
                let call = String(line[..<range.lowerBound]).trimmingCharacters(in: CharacterSet(charactersIn: " `"))
                var value = line[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: " .`"))
                // A worked example, `f(19) -> 19 - 5 - 6 = 8`: the value is what follows the last `=`.
                if let worked = value.range(of: " = ", options: .backwards), hasAssignment(value) {
                    value = value[worked.upperBound...].trimmingCharacters(in: .whitespaces)
                }
                guard let function = calledFunction(call), !value.isEmpty, balanced(call), balanced(value),
                    freeNames(in: arguments(of: call)).isEmpty, freeNames(in: value).isEmpty, !hasAssignment(value)
                else { return nil }
                return (SpecExample(call: call, expectation: .equals(value), function: function), false)
            }
        }
        return nil
    }

    /// An example from a loose form: both the call's arguments and the value must be literals.
    static func literalExample(call rawCall: String, value rawValue: String) -> SpecExample? {
        let call = rawCall.trimmingCharacters(in: CharacterSet(charactersIn: " `"))
        let value = rawValue.trimmingCharacters(in: CharacterSet(charactersIn: " .`"))
        guard let function = calledFunction(call), !value.isEmpty, isLiteral(arguments(of: call)), isLiteral(value)
        else { return nil }
        return SpecExample(call: call, expectation: .equals(value), function: function)
    }

    /// Python literals and containers of them: numbers, strings, `True`, `False`, `None`,
    /// brackets, commas and colons. No names, operators or assignments.
    static func isLiteral(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\"" || scalar == "'" {
                guard let end = closingQuote(scalars, from: index) else { return false }
                index = end + 1
                continue
            }
            if CharacterSet.letters.contains(scalar) || scalar == "_" {
                var end = index
                while end < scalars.count, CharacterSet.alphanumerics.contains(scalars[end]) || scalars[end] == "_" { end += 1 }
                let word = String(String.UnicodeScalarView(scalars[index..<end]))
                guard ["True", "False", "None"].contains(word) else { return false }
                index = end
                continue
            }
            if CharacterSet.decimalDigits.contains(scalar) {
                // A number, with any exponent, hex digits or `j` it carries.
                while index < scalars.count, CharacterSet.alphanumerics.contains(scalars[index]) || scalars[index] == "_" {
                    index += 1
                }
                continue
            }
            guard " \t[](){},.:-+".unicodeScalars.contains(scalar) else { return false }
            index += 1
        }
        return balanced(text)
    }

    /// The text between a call's outer parentheses.
    static func arguments(of call: String) -> String {
        guard let open = call.firstIndex(of: "("), call.hasSuffix(")") else { return "" }
        return String(call[call.index(after: open)..<call.index(before: call.endIndex)])
    }

    /// Names in `text` that nothing defines: a bare identifier outside strings that is not a
    /// constant, not called (`f(`), not an attribute or module (`a.b`), and not a keyword
    /// argument (`key=`). `fib(n)` or `is_happy(abc)` in prose is notation, not an example.
    static func freeNames(in text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var names: [String] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\"" || scalar == "'" {
                guard let end = closingQuote(scalars, from: index) else { return ["<unterminated string>"] }
                index = end + 1
                continue
            }
            if CharacterSet.decimalDigits.contains(scalar) {
                while index < scalars.count, CharacterSet.alphanumerics.contains(scalars[index]) || scalars[index] == "_" {
                    index += 1
                }
                continue
            }
            guard CharacterSet.letters.contains(scalar) || scalar == "_" else {
                index += 1
                continue
            }
            var end = index
            while end < scalars.count, CharacterSet.alphanumerics.contains(scalars[end]) || scalars[end] == "_" { end += 1 }
            let word = String(String.UnicodeScalarView(scalars[index..<end]))
            let attribute = index > 0 && scalars[index - 1] == "."
            var next = end
            while next < scalars.count, scalars[next] == " " { next += 1 }
            let follower = next < scalars.count ? scalars[next] : " "
            let keyword = follower == "=" && (next + 1 >= scalars.count || scalars[next + 1] != "=")
            // A prefixed string literal: b"...", f"...", r"...".
            let prefix = end < scalars.count && (scalars[end] == "\"" || scalars[end] == "'") && word.count <= 2
            if !attribute && !keyword && !prefix && follower != "(" && follower != "."
                && !pythonConstants.contains(word)
            {
                names.append(word)
            }
            index = end
        }
        return names
    }

    static let pythonConstants: Set<String> = [
        "True", "False", "None", "and", "or", "not", "in", "is", "if", "else", "for", "lambda",
    ]

    /// True when `text` has an `=` outside strings that is not part of `==`, `!=`, `<=` or `>=`.
    static func hasAssignment(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            if scalars[index] == "\"" || scalars[index] == "'" {
                guard let end = closingQuote(scalars, from: index) else { return false }
                index = end + 1
                continue
            }
            if scalars[index] == "=" {
                if index + 1 < scalars.count, scalars[index + 1] == "=" {
                    index += 2
                    continue
                }
                if index == 0 || !"!<>=".unicodeScalars.contains(scalars[index - 1]) { return true }
            }
            index += 1
        }
        return false
    }

    /// The index of the quote that closes the string literal opening at `start`.
    static func closingQuote(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start + 1
        while index < scalars.count {
            if scalars[index] == "\\" {
                index += 2
                continue
            }
            if scalars[index] == scalars[start] { return index }
            index += 1
        }
        return nil
    }

    /// `line` split at a `#` that is outside any string literal: the code (trimmed) and the
    /// comment's text (trimmed), or nil when there is no comment.
    static func codeAndComment(_ line: String) -> (code: String, comment: String?) {
        let scalars = Array(line.unicodeScalars)
        var index = 0
        while index < scalars.count {
            if scalars[index] == "\"" || scalars[index] == "'" {
                guard let end = closingQuote(scalars, from: index) else { break }
                index = end + 1
                continue
            }
            if scalars[index] == "#" {
                let code = String(String.UnicodeScalarView(scalars[..<index])).trimmingCharacters(in: .whitespaces)
                let comment = String(String.UnicodeScalarView(scalars[(index + 1)...])).trimmingCharacters(in: .whitespaces)
                return (code, comment)
            }
            index += 1
        }
        return (line.trimmingCharacters(in: .whitespaces), nil)
    }

    /// `name(...)` with balanced brackets: the function's name, else nil.
    static func calledFunction(_ call: String) -> String? {
        guard call.hasSuffix(")"), let open = call.firstIndex(of: "("), balanced(call) else { return nil }
        let name = String(call[..<open])
        let last = name.split(separator: ".").last.map(String.init) ?? name
        return isIdentifier(last) && !name.contains(" ") ? last : nil
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter || first == "_" else { return false }
        return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    static func balanced(_ text: String) -> Bool {
        var depth = 0
        for character in text {
            if "([{".contains(character) { depth += 1 }
            if ")]}".contains(character) { depth -= 1 }
            if depth < 0 { return false }
        }
        return depth == 0
    }

    /// `text` as a Python string literal.
    static func pythonString(_ text: String) -> String {
        var literal = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": literal += "\\\\"
            case "\"": literal += "\\\""
            case "\n": literal += "\\n"
            case "\r": literal += "\\r"
            case "\t": literal += "\\t"
            default:
                if scalar.value < 0x20 {
                    literal += String(format: "\\x%02x", scalar.value)
                } else {
                    literal.unicodeScalars.append(scalar)
                }
            }
        }
        return literal + "\""
    }

    /// A pytest module checking `examples` against the functions of `module`.
    public static func pytestModule(_ examples: [SpecExample], module: String) -> String {
        var lines = ["import pytest", "from \(module) import *  # noqa: F403", ""]
        for (number, example) in examples.enumerated() {
            lines.append("")
            lines.append("def test_spec_example_\(number + 1)():")
            switch example.expectation {
            case .equals(let value):
                // The message names the call, what it gave and what the spec says, so the repair
                // feedback reads "f(2) returned 5, expected 4" rather than a bare assertion.
                lines.append("    result = \(example.call)")
                lines.append("    expected = \(value)")
                lines.append(
                    "    assert result == expected, \(pythonString(example.call)) + \" returned %r, expected %r\" % (result, expected)"
                )
            case .raises(let exception):
                lines.append("    with pytest.raises(\(exception)):")
                lines.append("        \(example.call)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
