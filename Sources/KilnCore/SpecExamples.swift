import Foundation

/// Input/output examples written in a spec, turned into checks the code must pass. Only what the
/// user wrote is used: these are visible requirements, not hidden grading data.
///
/// Recognised forms, one per line (a leading `-`, `*` or `>>>` is allowed):
/// `median([1, 3, 2]) == 2`, `median([1, 3, 2]) -> 2`, `median([1, 3, 2]) returns 2`,
/// `median([]) raises ValueError`, and doctest pairs (`>>> median([1, 2])` then `1.5`).
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
        var index = 0
        while index < lines.count {
            var line = lines[index]
            for prefix in ["- ", "* ", "• "] where line.hasPrefix(prefix) { line = String(line.dropFirst(prefix.count)) }
            if line.hasPrefix(">>>") {
                let call = line.dropFirst(3).trimmingCharacters(in: .whitespaces)
                if let parsed = Self.inline(call) {
                    examples.append(parsed)
                } else if index + 1 < lines.count, !lines[index + 1].isEmpty, !lines[index + 1].hasPrefix(">>>"),
                    let function = Self.calledFunction(call)
                {
                    let output = lines[index + 1]
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
            } else if let parsed = Self.inline(line) {
                examples.append(parsed)
            }
            index += 1
        }
        return examples
    }

    /// `call == value`, `call -> value`, `call returns value`, `call raises Error`.
    static func inline(_ line: String) -> SpecExample? {
        for separator in [" raises ", " should raise "] {
            if let range = line.range(of: separator) {
                let call = String(line[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
                let exception = line[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: " .`"))
                guard let function = calledFunction(call), isIdentifier(exception) else { return nil }
                return SpecExample(call: call, expectation: .raises(exception), function: function)
            }
        }
        for separator in [" == ", " -> ", " → ", " returns ", " should return ", " => "] {
            if let range = line.range(of: separator) {
                let call = String(line[..<range.lowerBound]).trimmingCharacters(in: CharacterSet(charactersIn: " `"))
                let value = line[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: " .`"))
                guard let function = calledFunction(call), !value.isEmpty, balanced(call), balanced(value) else { return nil }
                return SpecExample(call: call, expectation: .equals(value), function: function)
            }
        }
        return nil
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
