import Foundation

/// One thing a spec should say. Each rule carries specs that must and must not trigger it; the
/// test suite runs every rule's examples, so a rule's documentation is its test.
public protocol PromptLintRule: Sendable {
    var identifier: String { get }
    var severity: PromptLintFinding.Severity { get }
    var triggeringExamples: [String] { get }
    var nonTriggeringExamples: [String] { get }
    /// A finding when `spec` breaks the rule.
    func check(_ spec: PromptSpec) -> PromptLintFinding?
}

/// What the linter says about a spec.
public struct PromptLintFinding: Codable, Sendable, Equatable {
    public enum Severity: String, Codable, Sendable, Comparable {
        case info, warning, error

        private var rank: Int { self == .info ? 0 : self == .warning ? 1 : 2 }
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    public var rule: String
    public var severity: Severity
    /// Why it matters.
    public var message: String
    /// What to write instead.
    public var fix: String
    /// The line for the rewritten skeleton.
    public var skeletonLine: String?
}

/// A spec prepared for the rules: lower-cased text and its words.
public struct PromptSpec: Sendable {
    public var text: String
    public var lower: String
    public var words: [String]

    public init(_ text: String) {
        self.text = text
        lower = text.lowercased()
        words = lower.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init)
    }

    /// Whether any of `phrases` occurs as whole words.
    public func mentions(_ phrases: [String]) -> Bool {
        phrases.contains { phrase in
            lower.range(of: "\\b\(NSRegularExpression.escapedPattern(for: phrase))\\b", options: .regularExpression) != nil
        }
    }

    /// Whether any regular expression matches (case-insensitive).
    public func matches(_ patterns: [String]) -> Bool {
        patterns.contains { text.range(of: $0, options: [.regularExpression, .caseInsensitive]) != nil }
    }
}
