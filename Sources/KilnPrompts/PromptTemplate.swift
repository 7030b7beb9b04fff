import Foundation
import KilnCore
import KilnSystem
import Mustache
import Yams

/// A versioned prompt template: Markdown with YAML front matter (name, version, pattern,
/// language, description, required and optional fields, model parameters, the system message) and
/// a Mustache body that becomes the user message. Repositories keep theirs in `.kiln/prompts/`.
public struct PromptTemplate: Sendable {
    public var name: String
    public var version: String
    public var pattern: String
    public var language: String
    public var description: String
    public var required: [String]
    public var optional: [String]
    public var parameters: GenerationParameters
    public var system: String
    public var body: String
    /// How sample 2 of a generation is asked (front matter `second_sample`).
    public var secondSample: SecondSample = .same
    /// How a failed attempt is repaired (front matter `repair`).
    public var repair: Repair = .reply
    /// `builtin` or the file it came from.
    public var source: String
    /// SHA-256 of the template's full text: what a result records as provenance.
    public var sha256: String

    public static let patterns: Set<String> = ["function", "class", "tests", "refactor", "docs"]
    /// Fields Kiln fills in itself.
    public static let builtinFields: Set<String> = ["language", "language_version"]
    static let keys: Set<String> = [
        "name", "version", "pattern", "language", "description", "required", "optional", "parameters", "system",
        "second_sample", "repair",
    ]

    /// How a template's second sample is asked when the first did not pass.
    public enum SecondSample: String, Sendable, CaseIterable {
        /// Like every other later sample: the same messages at a higher temperature.
        case same
        /// The user message alone, without the system message, at the template's own temperature.
        /// A greedy request asked another way decodes another way: in single mode the 1.5B passed
        /// HumanEval tasks without the house rules that it failed with them, and the reverse; in
        /// the pipeline the gain was within run-to-run noise, so no built-in template sets it
        /// (BENCHMARKS.md, "A better first sample" and "A second sample asked another way").
        case withoutSystem = "without-system"
    }

    /// How a template asks for a repair of an attempt that failed its checks.
    public enum Repair: String, Sendable, CaseIterable {
        /// The failed answer stays in the conversation and the findings follow it as the next turn.
        case reply
        /// The opening request again, the findings added to it and the failed code left out, at
        /// the exploring temperature of later samples. On 21 HumanEval tasks the 1.5B often
        /// misses, 59 of 74 replies came back with the code they were asked to fix and 2 passed
        /// the checks; restated, 4 of 60 did and 15 passed (BENCHMARKS.md, "Repairs asked as a
        /// restated request").
        case restate
    }

    /// Parses a template, reporting any mistake with the file and line.
    public static func parse(_ text: String, source: String) throws -> PromptTemplate {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        guard normalized.hasPrefix("---\n"),
            let close = normalized.range(
                of: "\n---\n", range: normalized.index(normalized.startIndex, offsetBy: 3)..<normalized.endIndex)
        else {
            throw TemplateError(
                file: source, line: 1, message: "a template starts with YAML front matter between two `---` lines")
        }
        let yaml = String(normalized[normalized.index(normalized.startIndex, offsetBy: 4)..<close.lowerBound])
        let body = String(normalized[close.upperBound...])
        let bodyFirstLine = normalized[..<close.upperBound].filter { $0 == "\n" }.count + 1

        let loaded: Any?
        do {
            loaded = try Yams.load(yaml: yaml)
        } catch let error as YamlError {
            throw TemplateError(
                file: source, line: Self.line(of: error) + 1, message: "bad YAML in the front matter: \(Self.describe(error))")
        }
        guard let front = loaded as? [String: Any] else {
            throw TemplateError(file: source, line: 2, message: "the front matter must be a YAML mapping of settings")
        }
        func fail(_ key: String, _ message: String) -> TemplateError {
            TemplateError(file: source, line: Self.lineOfKey(key, in: yaml) + 1, message: message)
        }
        if let unknown = front.keys.sorted().first(where: { !keys.contains($0) }) {
            throw fail(unknown, "unknown setting '\(unknown)'; known: \(keys.sorted().joined(separator: ", "))")
        }
        func string(_ key: String, required: Bool = true) throws -> String? {
            guard let value = front[key] else {
                if required { throw TemplateError(file: source, line: 2, message: "the front matter has no '\(key)'") }
                return nil
            }
            if let text = value as? String { return text }
            if let number = value as? Double { return String(number) }
            if let number = value as? Int { return String(number) }
            throw fail(key, "'\(key)' must be text")
        }
        func list(_ key: String) throws -> [String] {
            guard let value = front[key] else { return [] }
            guard let items = value as? [Any], let strings = items as? [String] else {
                throw fail(key, "'\(key)' must be a list of field names")
            }
            return strings
        }
        let name = try string("name") ?? ""
        guard name.range(of: #"^[a-z][a-z0-9_-]*$"#, options: .regularExpression) != nil else {
            throw fail("name", "'name' must be lower-case letters, digits, '-' or '_'")
        }
        let version = try string("version") ?? ""
        guard version.range(of: #"^\d+(\.\d+){0,2}([-+][0-9A-Za-z.-]+)?$"#, options: .regularExpression) != nil else {
            throw fail("version", "'version' must be a version number such as 1.2.0")
        }
        let pattern = try string("pattern") ?? ""
        guard patterns.contains(pattern) else {
            throw fail("pattern", "'pattern' must be one of \(patterns.sorted().joined(separator: ", "))")
        }
        let required = try list("required")
        let optional = try list("optional")

        var parameters = GenerationParameters()
        if let raw = front["parameters"] {
            guard let table = raw as? [String: Any] else { throw fail("parameters", "'parameters' must be a mapping") }
            for (key, value) in table {
                switch key {
                case "temperature":
                    guard let number = (value as? Double) ?? (value as? Int).map(Double.init), (0...2).contains(number) else {
                        throw fail("temperature", "'temperature' must be a number from 0 to 2")
                    }
                    parameters.temperature = number
                case "max_tokens":
                    guard let number = value as? Int, number >= 16 else {
                        throw fail("max_tokens", "'max_tokens' must be a whole number of at least 16")
                    }
                    parameters.maxTokens = number
                case "stop":
                    guard let stops = value as? [String] else { throw fail("stop", "'stop' must be a list of strings") }
                    parameters.stop = stops
                default:
                    throw fail(key, "unknown model parameter '\(key)'; known: max_tokens, stop, temperature")
                }
            }
        }
        let system = try string("system", required: false) ?? ""
        let secondSample = try string("second_sample", required: false).map { raw in
            guard let value = SecondSample(rawValue: raw) else {
                throw fail(
                    "second_sample",
                    "'second_sample' must be one of \(SecondSample.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return value
        }
        let repair = try string("repair", required: false).map { raw in
            guard let value = Repair(rawValue: raw) else {
                throw fail("repair", "'repair' must be one of \(Repair.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return value
        }

        // Every placeholder must be a declared field.
        let known = Set(required).union(optional).union(builtinFields)
        for (tag, offset) in Self.tags(in: body) where !known.contains(tag) {
            throw TemplateError(
                file: source, line: bodyFirstLine + offset,
                message:
                    "unknown placeholder {{\(tag)}}; declare it under 'required' or 'optional' (Kiln fills in \(builtinFields.sorted().joined(separator: ", ")))"
            )
        }
        for (tag, _) in Self.tags(in: system) where !known.contains(tag) {
            throw fail("system", "unknown placeholder {{\(tag)}} in 'system'")
        }
        do {
            _ = try MustacheTemplate(string: body)
            _ = try MustacheTemplate(string: system)
        } catch {
            throw TemplateError(file: source, line: bodyFirstLine, message: "the body is not a valid Mustache template: \(error)")
        }
        return PromptTemplate(
            name: name, version: version, pattern: pattern, language: try string("language", required: false) ?? "python",
            description: try string("description", required: false) ?? "", required: required, optional: optional,
            parameters: parameters,
            system: system, body: body, secondSample: secondSample ?? .same, repair: repair ?? .reply, source: source,
            sha256: FileDigest.sha256(of: Data(text.utf8)))
    }

    /// The opening of sample 2, from `messages` as `render` made them, when the template asks it
    /// another way (`second_sample`); nil when sample 2 is asked like the others.
    public func secondSampleOpening(of messages: [ChatMessage]) -> [ChatMessage]? {
        switch secondSample {
        case .same: nil
        case .withoutSystem: messages.filter { $0.role != .system }
        }
    }

    /// Chat messages for `fields`. A missing required field is an error naming it.
    public func render(_ fields: [String: String]) throws -> [ChatMessage] {
        for field in required where (fields[field] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw TemplateError(file: source, line: nil, message: "template '\(name)' needs the field '\(field)'")
        }
        var values: [String: Any] = ["language": language == "python" ? "Python" : language]
        for (key, value) in fields where !value.isEmpty { values[key] = value }
        // Prompts are plain text: no HTML escaping of the user's spec or code.
        let pragma = "{{% CONTENT_TYPE: TEXT}}"
        let user = try MustacheTemplate(string: pragma + body).render(values).trimmingCharacters(in: .whitespacesAndNewlines)
        let system = try MustacheTemplate(string: pragma + self.system).render(values).trimmingCharacters(
            in: .whitespacesAndNewlines)
        return (system.isEmpty ? [] : [.system(system)]) + [.user(user)]
    }

    /// Names used in `{{name}}`, `{{#name}}`, `{{^name}}`, `{{{name}}}`, `{{& name}}` tags, with their line offsets.
    static func tags(in text: String) -> [(String, Int)] {
        var found: [(String, Int)] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            for match in line.matches(of: /\{\{\{?\s*([#^\/&]?)\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}?\}\}/)
            where match.output.1 != "/" {
                found.append((String(match.output.2), offset))
            }
        }
        return found
    }

    static func lineOfKey(_ key: String, in yaml: String) -> Int {
        for (index, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.trimmingCharacters(in: .whitespaces).hasPrefix("\(key):") {
            return index + 1
        }
        return 1
    }

    static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return 1
        }
    }

    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return problem
        default:
            return String(describing: error)
        }
    }
}

/// A template problem, with where it is.
public struct TemplateError: KilnError, Equatable {
    public var kind: FailureKind { .badInput }
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(message)" }
}
