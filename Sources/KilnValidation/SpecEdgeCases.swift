import Foundation

/// Edge cases a spec states in words ("an empty list raises ValueError", "returns None for an
/// empty list", "handles negative numbers") and the input sizes it promises ("up to 10^6
/// numbers"): what the behaviour probes check.
public struct SpecEdgeCase: Codable, Sendable, Equatable {
    public enum Input: String, Codable, Sendable {
        case empty, negative, none

        /// The probe case that checks this input.
        public var probeCaseName: String { "probe_edge_\(rawValue)" }
    }
    public enum Expectation: Codable, Sendable, Equatable {
        case raises(String)
        case returns(String)
        /// The spec says it is handled without saying how: anything but a crash.
        case handled
    }

    public var input: Input
    public var expectation: Expectation

    /// Behaviour probes report their cases under names with this prefix.
    public static let probeCasePrefix = "probe_"
    /// The probe case that measures how run time grows with the input size.
    public static let growthCaseName = "probe_growth"

    public init(input: Input, expectation: Expectation) {
        self.input = input
        self.expectation = expectation
    }

    static let subjects: [(Input, String)] = [
        (.empty, #"empty(?:\s+(?:list|lists|string|strings|input|inputs|sequence|sequences|array|arrays|dict|dictionary))?"#),
        (.negative, #"negative(?:\s+(?:numbers?|values?|inputs?|integers?|n))?"#),
        (.none, #"\b(?:given|passed|receives?|accepts?|on|with)\s+None\b|\bNone\s+(?:input|argument)"#),
    ]

    public static func parse(_ spec: String) -> [SpecEdgeCase] {
        var cases: [SpecEdgeCase] = []
        let sentences = spec.components(separatedBy: CharacterSet(charactersIn: ".;\n")).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        for sentence in sentences where !sentence.isEmpty {
            for (input, subject) in subjects {
                guard sentence.range(of: subject, options: [.regularExpression, .caseInsensitive]) != nil else { continue }
                if let error = sentence.range(
                    of: #"\b(?:raises?|raising|throws?|raise)\s+(?:an?\s+)?`?([A-Z][A-Za-z]*(?:Error|Exception))`?"#,
                    options: .regularExpression)
                {
                    let exception =
                        sentence[error].split(separator: " ").last.map {
                            $0.trimmingCharacters(in: CharacterSet(charactersIn: "`"))
                        } ?? "ValueError"
                    cases.append(SpecEdgeCase(input: input, expectation: .raises(exception)))
                } else if let value = sentence.range(
                    of: #"\breturns?\s+(None|0|0\.0|an empty list|\[\]|""|''|False|an empty string)"#,
                    options: [.regularExpression, .caseInsensitive])
                {
                    let literal = String(sentence[value]).replacingOccurrences(
                        of: #"^(?i)returns?\s+"#, with: "", options: .regularExpression)
                    let python: String
                    switch literal.lowercased() {
                    case "an empty list": python = "[]"
                    case "an empty string": python = "''"
                    case "none": python = "None"
                    case "false": python = "False"
                    default: python = literal
                    }
                    cases.append(SpecEdgeCase(input: input, expectation: .returns(python)))
                } else if sentence.range(
                    of: #"\b(handles?|handling|accepts?|supports?|works with|deals? with)\b"#,
                    options: [.regularExpression, .caseInsensitive]) != nil
                {
                    cases.append(SpecEdgeCase(input: input, expectation: .handled))
                }
            }
        }
        var seen: Set<String> = []
        return cases.filter { seen.insert("\($0.input)").inserted }
    }

    /// The largest input size the spec promises ("up to 1,000,000 items", "10^5 elements", "1e6 numbers").
    public static func statedInputSize(_ spec: String) -> Int? {
        let pattern =
            #"(?:up to|at most|as many as|handle|handles|with|of)\s+([0-9][0-9,_]*|10\^[0-9]+|1e[0-9]+|[0-9]+\s*(?:k|thousand|million|m)\b)\s*(?:items|elements|numbers|values|entries|records|rows|strings|words|points|nodes)"#
        guard let range = spec.range(of: pattern, options: [.regularExpression, .caseInsensitive]) else { return nil }
        let phrase = spec[range].lowercased()
        let words = phrase.split(separator: " ")
        guard let token = words.first(where: { $0.first?.isNumber == true }) else { return nil }
        let next = words.drop { $0 != token }.dropFirst().first.map(String.init) ?? ""
        if token.hasPrefix("10^"), let exponent = Int(token.dropFirst(3)) { return Int(pow(10, Double(min(exponent, 9)))) }
        if token.hasPrefix("1e"), let exponent = Int(token.dropFirst(2)) { return Int(pow(10, Double(min(exponent, 9)))) }
        let digits = token.filter(\.isNumber)
        guard var value = Int(digits) else { return nil }
        if token.hasSuffix("k") || next == "k" || next == "thousand" { value *= 1_000 }
        if token.hasSuffix("m") || next == "m" || next == "million" { value *= 1_000_000 }
        return value
    }
}
