import Foundation
import KilnCore
import MCP

/// One argument of a tool: its JSON schema and the reading of a client's value, from one
/// description, so the schema a client sees and the checks a call meets cannot drift apart.
struct ToolParameter: Sendable {
    enum Shape: Sendable {
        case string
        case integer(minimum: Int?)
        case number(minimum: Double?)
        case boolean
        case strings
        case choice([String])

        var schema: [String: Value] {
            switch self {
            case .string: return ["type": "string"]
            case .integer(let minimum):
                return ["type": "integer"].merging(minimum.map { ["minimum": .int($0)] } ?? [:]) { $1 }
            case .number(let minimum):
                return ["type": "number"].merging(minimum.map { ["minimum": .double($0)] } ?? [:]) { $1 }
            case .boolean: return ["type": "boolean"]
            case .strings: return ["type": "array", "items": ["type": "string"]]
            case .choice(let values): return ["type": "string", "enum": .array(values.map { .string($0) })]
            }
        }

        /// What a value of this shape looks like, for an error message.
        var expected: String {
            switch self {
            case .string: return "a string"
            case .integer(let minimum): return "an integer" + (minimum.map { " of at least \($0)" } ?? "")
            case .number(let minimum): return "a number" + (minimum.map { " of at least \($0)" } ?? "")
            case .boolean: return "true or false"
            case .strings: return "an array of strings"
            case .choice(let values): return "one of " + values.map { "\"\($0)\"" }.joined(separator: ", ")
            }
        }
    }

    var name: String
    var shape: Shape
    var description: String
    var required = false

    var schema: Value {
        var schema = shape.schema
        schema["description"] = .string(description)
        return .object(schema)
    }
}

/// A tool call's arguments, read against the tool's parameters. Every refusal names the argument
/// and says what to send instead; an argument the tool does not take is refused, not ignored.
struct ToolArguments: Sendable {
    let tool: String
    let parameters: [ToolParameter]
    let values: [String: Value]

    init(tool: String, parameters: [ToolParameter], values: [String: Value]?) throws {
        self.tool = tool
        self.parameters = parameters
        var values = values ?? [:]
        // JSON null is how some clients say "not given".
        values = values.filter { if case .null = $0.value { return false } else { return true } }
        self.values = values
        let known = Set(parameters.map(\.name))
        if let unknown = values.keys.sorted().first(where: { !known.contains($0) }) {
            throw InputError(
                "\(tool) takes no argument '\(unknown)'; it takes: \(parameters.map(\.name).joined(separator: ", "))")
        }
        for parameter in parameters where parameter.required && values[parameter.name] == nil {
            throw InputError("\(tool) needs '\(parameter.name)': \(parameter.description)")
        }
        for parameter in parameters { if let value = values[parameter.name] { try check(value, against: parameter) } }
    }

    private func parameter(_ name: String) -> ToolParameter {
        guard let parameter = parameters.first(where: { $0.name == name }) else {
            preconditionFailure("\(tool) reads '\(name)', which it does not declare")
        }
        return parameter
    }

    private func refuse(_ parameter: ToolParameter, _ value: Value) -> InputError {
        InputError("\(tool): '\(parameter.name)' must be \(parameter.shape.expected), not \(Self.shown(value))")
    }

    static func shown(_ value: Value) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
        return text.count > 60 ? String(text.prefix(57)) + "…" : text
    }

    private func check(_ value: Value, against parameter: ToolParameter) throws {
        switch parameter.shape {
        case .string:
            guard value.stringValue != nil else { throw refuse(parameter, value) }
        case .integer(let minimum):
            guard let number = Self.integer(value), number >= (minimum ?? .min) else { throw refuse(parameter, value) }
        case .number(let minimum):
            guard let number = Self.number(value), number >= (minimum ?? -.infinity) else { throw refuse(parameter, value) }
        case .boolean:
            guard value.boolValue != nil else { throw refuse(parameter, value) }
        case .strings:
            guard let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
                throw refuse(parameter, value)
            }
        case .choice(let choices):
            guard let text = value.stringValue, choices.contains(text) else { throw refuse(parameter, value) }
        }
    }

    /// An integer, also when a client sent it as a whole-valued double (JSON has one number type).
    static func integer(_ value: Value) -> Int? {
        if let int = value.intValue { return int }
        if let double = value.doubleValue, double == double.rounded(), abs(double) < 1e15 { return Int(double) }
        return nil
    }

    static func number(_ value: Value) -> Double? { value.doubleValue ?? value.intValue.map(Double.init) }

    func string(_ name: String) -> String? { values[parameter(name).name]?.stringValue }
    func integer(_ name: String) -> Int? { values[parameter(name).name].flatMap(Self.integer) }
    func number(_ name: String) -> Double? { values[parameter(name).name].flatMap(Self.number) }
    func bool(_ name: String) -> Bool? { values[parameter(name).name]?.boolValue }
    func strings(_ name: String) -> [String] {
        values[parameter(name).name]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// A required string argument (presence was checked when the arguments were read).
    func text(_ name: String) -> String { string(name) ?? "" }
}
