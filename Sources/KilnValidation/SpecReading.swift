import Foundation
import KilnCore

/// An example a spec states: a call and what it must give. Only what the user wrote is used:
/// these are visible requirements, not hidden grading data. The language's toolchain reads them
/// with the language's own parser (`LanguageToolchain.readSpec`).
public struct SpecExample: Codable, Sendable, Equatable {
    public enum Expectation: Codable, Sendable, Equatable {
        /// `call` gives this value.
        case equals(String)
        /// `call` raises this exception.
        case raises(String)
        /// `call` is a condition that must hold (`abs(area(1) - 3.14) < 0.01`).
        case holds
        /// `call` is a short program, run in order, whose assertions must hold (a doctest
        /// session that sets things up, a code block of asserts).
        case script
        /// `call` is a short program that uses the code in a way whose results nobody vouched for
        /// (a model-written case no other sample agreed on): it must not make the code fail
        /// inside itself (a wrong type, a missing attribute or name in a line that is not a
        /// `raise`). Its own assertions, and errors the code raises on purpose, say nothing.
        case runs
        /// `call` is a use the code failed inside itself on (a `.runs` that failed), run again on
        /// a repair: it must now finish, or end in an error the code raises on purpose (a `raise`
        /// or `assert` line of its own). Any other error that ends in the code or in a library it
        /// called (`decimal.InvalidOperation` for a `TypeError` is not a fix) fails it; the use's
        /// own assertions still say nothing.
        case completes
        /// `call` gives an input the spec says raises this exception, read from its words rather
        /// than from a model's answer (a model-written call with a naive datetime, where "raise
        /// ValueError if any datetime is naive"): raising it holds, returning a result fails, and
        /// any other error says nothing (the input may be wrong in another way too).
        case refused(String)
    }

    /// An expression in the language (or a program, for `.script`).
    public var call: String
    public var expectation: Expectation
    /// The function (or class) the example exercises.
    public var function: String
    /// Where the example is in the spec (1-based), and its text there.
    public var line: Int
    public var text: String

    public init(call: String, expectation: Expectation, function: String, line: Int = 0, text: String = "") {
        self.call = call
        self.expectation = expectation
        self.function = function
        self.line = line
        self.text = text
    }
}

extension SpecExample {
    /// The name of the test that checks the example at `index` of a reading, in every language.
    public static func testName(forExampleAt index: Int) -> String { "test_spec_example_\(index + 1)" }
}

/// Something in a spec a reader would take for an example but the parser could not read: it is
/// reported, never silently ignored.
public struct UnreadableExample: Codable, Sendable, Equatable {
    public var line: Int
    public var text: String
    public var reason: String

    public init(line: Int, text: String, reason: String) {
        self.line = line
        self.text = text
        self.reason = reason
    }
}

/// What a toolchain read in a spec.
public struct SpecReading: Codable, Sendable, Equatable {
    public var examples: [SpecExample]
    public var unreadable: [UnreadableExample]
    /// The import statements of the spec's code (`from typing import List` above the stub it
    /// shows): the code may rely on them, and they are restored where it reads their names.
    public var imports: [String]
    /// Inputs the spec names as ones its function takes, without results (`converts a compact
    /// duration such as "1h30m" or "45s" into total seconds`), as calls in the language: the code
    /// must neither fail on them nor refuse them. Not examples: they state no result.
    public var inputs: [String]

    public init(examples: [SpecExample] = [], unreadable: [UnreadableExample] = [], imports: [String] = [], inputs: [String] = []) {
        self.examples = examples
        self.unreadable = unreadable
        self.imports = imports
        self.inputs = inputs
    }

    enum CodingKeys: String, CodingKey { case examples, unreadable, imports, inputs }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        examples = try container.decode([SpecExample].self, forKey: .examples)
        unreadable = try container.decode([UnreadableExample].self, forKey: .unreadable)
        imports = try container.decodeIfPresent([String].self, forKey: .imports) ?? []
        inputs = try container.decodeIfPresent([String].self, forKey: .inputs) ?? []
    }

    /// One warning per unreadable example, so the user learns the spec was not read as written.
    public var findings: [Finding] {
        unreadable.map { item in
            let first = String(item.text.split(whereSeparator: \.isNewline).first ?? "")
            let shown = first.count > 100 ? first.prefix(100) + "…" : first
            return Finding(
                rule: "spec/unreadable-example", category: .correctness, severity: .warning,
                message:
                    "line \(item.line) of the spec, `\(shown)`, looks like an example but could not be read (\(item.reason)); it was not checked",
                fixHint: "write it as code the language parses, e.g. `f(2) == 4` or `f([]) raises ValueError`")
        }
    }
}

/// Test cases a model wrote as usage scenarios, read by the language's parser: each case one
/// expression that runs its scenario's setup first, tagged with the requirement it checks; and
/// each scenario as a question for an independent answer (its claimed results left out).
public struct CaseReading: Sendable, Equatable {
    public struct Case: Sendable, Equatable {
        /// The tag the model gave it (`R2`).
        public var tag: String
        /// The case: `call` is the whole scenario as one expression, `text` as the model wrote it.
        public var example: SpecExample
        /// The attribute names it uses (methods and fields).
        public var attributes: [String]

        public init(tag: String, example: SpecExample, attributes: [String] = []) {
            self.tag = tag
            self.example = example
            self.attributes = attributes
        }
    }

    public struct Scenario: Sendable, Equatable {
        public var tag: String
        /// The scenario with every claimed result replaced by a blank to work out.
        public var question: String

        public init(tag: String, question: String) {
            self.tag = tag
            self.question = question
        }
    }

    public var cases: [Case]
    public var scenarios: [Scenario]

    public init(cases: [Case] = [], scenarios: [Scenario] = []) {
        self.cases = cases
        self.scenarios = scenarios
    }
}
