import Foundation

/// Edge cases a spec states in words ("an empty list raises ValueError", "returns None for an
/// empty list", "handles negative numbers") and the input sizes it promises ("up to 10^6
/// numbers"): what the behaviour probes check.
public struct SpecEdgeCase: Codable, Sendable, Equatable {
    public enum Input: String, Codable, Sendable {
        case empty, negative, none
        /// Just outside a range the spec states ("from 1 to 3999" … "outside that range"): the
        /// probe calls one step below the low end (and the low end itself, which must not raise),
        /// or one step above the high end (and the high end).
        case belowRange = "below_range"
        case aboveRange = "above_range"
        /// A value of another type than the one the spec requires ("Raise TypeError if text is
        /// not a str"): the probe passes one (an int for a str) and expects the TypeError.
        case wrongType = "wrong_type"
        /// Zero and a negative number ("Raise ValueError if n is not positive"): the probe calls
        /// with both, and both must do what the spec states.
        case notPositive = "not_positive"
        /// A value of a type the spec rules out although Python counts it as the required one
        /// ("Raise TypeError if start is a datetime.datetime rather than a plain date", "age is
        /// not an int (bool is rejected too)"): the probe passes one and expects the TypeError.
        case excludedType = "excluded_type"
        /// A datetime without a time zone where the spec asks for aware ones ("Raise ValueError if
        /// any datetime is naive"): the probe calls with arguments made up from the type hints,
        /// whose datetimes have none, and names code that returns; a model-written case that
        /// expects a result for naive datetimes contradicts the spec.
        case naive

        /// The probe case that checks this input.
        public var probeCaseName: String { "probe_edge_\(rawValue)" }

        /// The input in words, for findings ("the spec says empty input raises ValueError").
        public var words: String {
            switch self {
            case .empty: return "empty input"
            case .negative: return "negative input"
            case .none: return "None input"
            case .belowRange: return "input below the stated range"
            case .aboveRange: return "input above the stated range"
            case .wrongType: return "input of another type"
            case .notPositive: return "zero or negative input"
            case .excludedType: return "a value of a type the spec rules out"
            case .naive: return "a datetime without a time zone"
            }
        }
    }
    public enum Expectation: Codable, Sendable, Equatable {
        case raises(String)
        case returns(String)
        /// The spec says it is handled without saying how: anything but a crash.
        case handled
    }

    public var input: Input
    public var expectation: Expectation
    /// The stated range's two ends, `[low, high]`, for the range inputs.
    public var bounds: [Double]?
    /// For a wrong type: the type the spec requires (`str`) and the parameter it names, when it
    /// names one ("if text is not a str"; "for non-str input" names none). For an excluded type,
    /// the type ruled out (`datetime`, `bool`) and its parameter. For a number that is not
    /// positive, the parameter it names ("if n is not positive").
    public var requiredType: String?
    public var parameter: String?
    /// For an empty object ("pop() and peek() raise IndexError when the stack is empty"): the
    /// methods the sentence names with empty parentheses, each called on a fresh instance that
    /// the probe has seen to be empty.
    public var methods: [String]?

    /// The probe case that checks it: one per input kind, and for a wrong type one per parameter
    /// and type (two statements about two parameters are two cases).
    public var probeCaseName: String {
        if let methods, !methods.isEmpty { return ([input.probeCaseName, "object"] + methods).joined(separator: "_") }
        guard input == .wrongType || input == .notPositive || input == .excludedType else { return input.probeCaseName }
        let parts = [parameter, requiredType?.lowercased()].compactMap { $0 }
        return ([input.probeCaseName] + parts).joined(separator: "_")
    }

    /// The error the spec says the input raises; nil where it gives a result or is handled.
    public var raisedError: String? {
        if case .raises(let error) = expectation { return error }
        return nil
    }

    /// Behaviour probes report their cases under names with this prefix.
    public static let probeCasePrefix = "probe_"
    /// The probe case that measures how run time grows with the input size.
    public static let growthCaseName = "probe_growth"
    /// The static check that the code does not recurse, for a spec that rules recursion out.
    public static let noRecursionCaseName = "probe_no_recursion"

    /// Whether `text` rules recursion out: "do not use recursion", "without recursion",
    /// "non-recursive", "iteratively".
    public static func forbidsRecursion(_ text: String) -> Bool {
        text.range(
            of:
                #"\b(?:no|not|never|without|avoid(?:ing|s)?|(?:must|should|do|does|can)\s*(?:not|n't)\s+(?:use|be)|cannot\s+(?:use|be))\s+(?:any\s+|using\s+)?recursi(?:on|ve)\b|\bnon-?recursive(?:ly)?\b|\biterative(?:ly)?\b|\bwithout\s+recursing\b"#,
            options: [.regularExpression, .caseInsensitive]) != nil
    }

    public init(
        input: Input, expectation: Expectation, bounds: [Double]? = nil, requiredType: String? = nil, parameter: String? = nil,
        methods: [String]? = nil
    ) {
        self.methods = methods
        self.input = input
        self.expectation = expectation
        self.bounds = bounds
        self.requiredType = requiredType
        self.parameter = parameter
    }

    static let subjects: [(Input, String)] = [
        // Whole words: `is_empty()` names a method, not an empty input.
        (.empty, #"\bempty(?:\s+(?:list|lists|string|strings|input|inputs|sequence|sequences|array|arrays|dict|dictionary))?"#),
        (.negative, #"\bnegative(?:\s+(?:numbers?|values?|inputs?|integers?|n))?"#),
        (.none, #"\b(?:given|passed|receives?|accepts?|on|with)\s+None\b|\bNone\s+(?:input|argument)"#),
        (.belowRange, rangeSubject),
        (.aboveRange, rangeSubject),
        // Read by `typeEdges(in:)` (they need the type and the parameter); listed so that
        // `unprobedConditions` counts "text is not a str" as an input the probes build.
        (.wrongType, wrongTypeSubject),
        (.excludedType, excludedTypeSubject),
        (.notPositive, notPositiveSubject),
        (.naive, #"\bnaive\b"#),
    ]

    /// "not positive", "non-positive", "zero or negative", "negative or zero"; and a number below a
    /// positive bound ("if max_length is less than 1", "for multiplier < 1", "if n < 10"), which
    /// zero and a negative number are too: probed only where the sentence names the parameter.
    static let notPositiveSubject =
        #"\bnot\s+(?:a\s+)?positive\b|\bnon-?positive\b|\bzero\s+or\s+(?:a\s+)?negative\b|\bnegative\s+or\s+zero\b|"#
        + belowBoundSubject
    static let belowBoundSubject = #"\b(?:is|are)\s+(?:(?:less|smaller|lower)\s+than|below)\s+0*[1-9][0-9]*(?![0-9])|<\s*0*[1-9][0-9]*(?![0-9])"#

    /// The parameter a sentence says is not positive ("if n is not positive", "for an amount
    /// that is not positive", "for non-positive ttl"), when it names one.
    static func parameterNotPositive(in sentence: String) -> String? {
        let named =
            sentence.firstMatch(
                of: /([A-Za-z_][A-Za-z0-9_]*)`?\s+(?:that\s+|which\s+)?(?:is|are)\s+(?:not\s+(?:a\s+)?positive|non-?positive|zero\s+or\s+(?:a\s+)?negative|negative\s+or\s+zero)\b/
                    .ignoresCase())?.output.1
            ?? sentence.firstMatch(of: /\bnon-?positive\s+`?([A-Za-z_][A-Za-z0-9_]*)/.ignoresCase())?.output.1
        return named.map(String.init).flatMap(parameterName)
    }

    /// The parameters a sentence says must not be below a positive bound ("Raise ValueError if
    /// max_length is less than 1", "for max_attempts < 1, negative base_delay, multiplier < 1"),
    /// in order.
    static func parametersBelowBound(in sentence: String) -> [String] {
        let below = /([A-Za-z_][A-Za-z0-9_]*)`?\s*(?:(?:is|are)\s+(?:(?:less|smaller|lower)\s+than|below)\s+|<\s*)0*[1-9][0-9]*(?![0-9])/
        var names: [String] = []
        for match in sentence.matches(of: below.ignoresCase()) {
            let said = String(match.output.1)
            let name =
                said.lowercased() == "it" ? antecedent(before: match.range.lowerBound, in: sentence) : parameterName(said)
            if let name, !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// The parameter an "it" stands for: the one the same sentence's last condition before it is
    /// about ("Raise TypeError if capacity is not an int and ValueError if it is less than 1").
    static func antecedent(before position: String.Index, in sentence: String) -> String? {
        let condition = /\b(?:if|when|unless|for)\s+`?([A-Za-z_][A-Za-z0-9_]*)`?\s+(?:is|are)\b/
        return sentence[..<position].matches(of: condition.ignoresCase()).last.flatMap { parameterName(String($0.output.1)) }
    }

    /// The parameters a sentence's not-positive case is about: each it names, or nil (the only
    /// one) when it names none. None at all when it only states a bound without naming what it
    /// bounds ("if it is less than 1").
    static func notPositiveParameters(in sentence: String) -> [String?] {
        let bounded: [String?] = parametersBelowBound(in: sentence)
        let classic = sentence.replacingOccurrences(of: belowBoundSubject, with: "", options: [.regularExpression, .caseInsensitive])
        guard classic.range(of: notPositiveSubject, options: [.regularExpression, .caseInsensitive]) != nil else { return bounded }
        // "Raise ValueError for non-positive input or if k < 1": the input, and k.
        let named = parameterNotPositive(in: classic)
        return [named] + bounded.filter { $0 != named }
    }

    /// The exception a sentence names last before it says `parameter` is not positive or below a
    /// bound: "Raise TypeError if n is not an int and ValueError if n is less than 1" raises
    /// ValueError for the bound.
    static func errorNamed(before parameter: String, in sentence: String) -> String? {
        let name = NSRegularExpression.escapedPattern(for: parameter)
        let bound =
            #"(?:not\s+(?:a\s+)?positive|non-?positive|zero\s+or\s+(?:a\s+)?negative|negative\s+or\s+zero|(?:less|smaller|lower)\s+than\s+[0-9]|below\s+[0-9])"#
        let phrase =
            #"\b"# + name + #"`?\s+(?:that\s+|which\s+)?(?:is|are)\s+"# + bound + #"|\b"#
            + name + #"`?\s*<\s*[0-9]|\bnon-?positive\s+`?"# + name + #"\b"#
        // Or an "it" standing for it, after it is named: "… if capacity is not an int and ValueError if it is less than 1".
        let pronoun = #"\bit\s+is\s+"# + bound
        let named = sentence.range(of: phrase, options: [.regularExpression, .caseInsensitive])
        let standIn = sentence.range(of: #"\b"# + name + #"\b"#, options: [.regularExpression, .caseInsensitive]).flatMap {
            sentence.range(of: pronoun, options: [.regularExpression, .caseInsensitive], range: $0.upperBound..<sentence.endIndex)
        }
        guard let place = named ?? standIn else { return nil }
        return sentence[..<place.lowerBound].matches(of: /\b([A-Z][A-Za-z]*(?:Error|Exception))\b/).last.map { String($0.output.1) }
    }

    /// A name a sentence uses for a parameter, unless it is a word for any input ("it", "value").
    static func parameterName(_ name: String) -> String? {
        let generic = ["it", "this", "that", "input", "inputs", "argument", "arguments", "the", "which", "value", "values", "number", "numbers", "integer", "integers"]
        return generic.contains(name.lowercased()) ? nil : name
    }

    /// The types a wrong-type probe knows a value of another type for.
    static let typeNames =
        "str|string|int|integer|float|number|numeric|list|tuple|set|dict|dictionary|bool|boolean|bytes|Decimal|date|datetime"
    /// "start is a datetime.datetime rather than a plain date", "if flag is a bool": a type the
    /// spec rules out that Python would accept as the required one (a datetime is a date, a bool
    /// an int). A bare "is a float" is no such statement: it is read only with "rather than"
    /// or "instead of".
    static let excludedTypeSubject =
        #"\bis\s+an?\s+`?(?:(?:datetime\.)?datetime`?\s+(?:rather\s+than|instead\s+of)|(?:bool|boolean)`?(?![A-Za-z0-9_.])|float`?\s+(?:rather\s+than|instead\s+of))"#
    /// "(bool is rejected too)", "booleans are not accepted": said of the int a sentence requires.
    static let boolRejected =
        #"\b(?:bools?|booleans?)\s+(?:is|are)\s+(?:rejected|refused|not\s+(?:accepted|allowed|an?\s+int))"#
    /// "not a str", "not an int", "non-str", "non-string".
    static let wrongTypeSubject =
        #"\bnot\s+(?:a|an)\s+`?(?:"# + typeNames + #")`?(?![A-Za-z0-9_])|\bnon-?(?:"# + typeNames + #")(?![A-Za-z0-9_])"#

    /// The type edges of a sentence that names TypeError. "Raise TypeError if text is not a str",
    /// "TypeError for non-str input": a wrong-type edge; several ("if total is not a Decimal or
    /// if parts is not an int") each need the parameter they are about, and one that names none
    /// is left out. "if start is a datetime.datetime rather than a plain date", "if flag is a
    /// bool", "age is not an int (bool is rejected too)": an excluded type for that parameter.
    static func typeEdges(in sentence: String) -> [SpecEdgeCase] {
        guard sentence.contains("TypeError") else { return [] }
        var cases: [SpecEdgeCase] = []
        let whole = NSRange(sentence.startIndex..., in: sentence)
        let wrong = (try? NSRegularExpression(pattern: wrongTypeSubject, options: [.caseInsensitive]))?
            .matches(in: sentence, range: whole).compactMap { Range($0.range, in: sentence) } ?? []
        for range in wrong {
            guard let type = sentence[range].split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "`" }).last else { continue }
            let parameter = subject(before: range.lowerBound, in: sentence)
            if wrong.count > 1, parameter == nil { continue }
            cases.append(
                SpecEdgeCase(input: .wrongType, expectation: .raises("TypeError"), requiredType: String(type), parameter: parameter))
        }
        let excluded = (try? NSRegularExpression(pattern: excludedTypeSubject, options: [.caseInsensitive]))?
            .matches(in: sentence, range: whole).compactMap { Range($0.range, in: sentence) } ?? []
        for range in excluded {
            guard let parameter = subject(before: range.lowerBound, in: sentence, throughIs: false) else { continue }
            let phrase = sentence[range].lowercased()
            let type = phrase.contains("datetime") ? "datetime" : phrase.contains("bool") ? "bool" : "float"
            cases.append(
                SpecEdgeCase(input: .excludedType, expectation: .raises("TypeError"), requiredType: type, parameter: parameter))
        }
        if sentence.range(of: boolRejected, options: [.regularExpression, .caseInsensitive]) != nil {
            for edge in cases where edge.input == .wrongType && ["int", "integer"].contains(edge.requiredType?.lowercased() ?? "") {
                guard let parameter = edge.parameter else { continue }
                cases.append(
                    SpecEdgeCase(input: .excludedType, expectation: .raises("TypeError"), requiredType: "bool", parameter: parameter))
            }
        }
        return cases
    }

    /// The parameter a type statement is about: the name that ends the text before `position`,
    /// followed by "is" where `throughIs` ("if text is " before "not a str"; "if start " before
    /// "is a datetime"), unless it is a word for any input.
    static func subject(before position: String.Index, in sentence: String, throughIs: Bool = true) -> String? {
        let before = sentence[..<position]
        let pattern = #"([A-Za-z_][A-Za-z0-9_]*)`?\s+"# + (throughIs ? #"is\s+$"# : "$")
        guard let found = before.range(of: pattern, options: .regularExpression),
            let name = before[found].split(separator: " ").first.map({ $0.trimmingCharacters(in: CharacterSet(charactersIn: "`")) }),
            !["it", "this", "that", "input", "argument", "the", "which"].contains(name.lowercased())
        else { return nil }
        return name
    }

    /// "when the stack is empty", "on an empty queue", "if it is empty": the object itself is
    /// empty, not an argument (a list, a string, an input).
    static let emptyObject =
        #"\b(?:the|this|that|its|an?)\s+(?!(?:list|lists|string|strings|input|inputs|sequence|array|dict|dictionary|argument|value|text|name|key|result)\b)[a-z_]+\s+(?:is|becomes|has become)\s+empty\b|\bon\s+an?\s+empty\s+(?!(?:list|string|input|sequence|array|dict|dictionary)\b)[a-z_]+|\b(?:when|if|while)\s+(?:it|this)\s+is\s+empty\b"#

    /// The methods a sentence names with empty parentheses ("pop() and peek()"), in order.
    static func namedMethods(in sentence: String) -> [String] {
        var names: [String] = []
        // A name not preceded by a dot (`self.items()` is no method of the object's own spec).
        for match in sentence.matches(of: /(^|[^A-Za-z0-9_.])([A-Za-z_][A-Za-z0-9_]*)\(\)/) {
            let name = String(match.output.2)
            if !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// "outside that range", "out of range", "not in the range": both ends of a range stated elsewhere.
    static let rangeSubject =
        #"\b(?:outside(?:\s+of)?|out\s+of|not\s+in|not\s+within|beyond)\s+(?:that|the|this|its|the\s+(?:given|valid|allowed|supported|stated))?\s*range\b|\bout-of-range\b"#

    /// The numeric range a text states ("from 1 to 3999", "between 0 and 100", "in the range
    /// [1, 10]"), as `[low, high]`; nil when it states none, or several different ones.
    public static func statedRange(_ text: String) -> [Double]? {
        let number = #"(-?\d+(?:\.\d+)?)"#
        let patterns = [
            #"\b(?:from|between)\s+"# + number + #"\s+(?:to|and|through)\s+"# + number + #"(?!\d|\.\d)"#,
            #"\brange\s+(?:of\s+)?[\[(]?\s*"# + number + #"\s*(?:,|\.\.|to|-|–)\s*"# + number + #"\s*[\])]?"#,
        ]
        var found: Set<[Double]> = []
        for pattern in patterns {
            let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            let whole = NSRange(text.startIndex..., in: text)
            for match in regex?.matches(in: text, range: whole) ?? [] {
                guard let lowRange = Range(match.range(at: 1), in: text), let highRange = Range(match.range(at: 2), in: text),
                    let low = Double(text[lowRange]), let high = Double(text[highRange]), low < high
                else { continue }
                found.insert([low, high])
            }
        }
        return found.count == 1 ? found.first : nil
    }

    /// The edge cases `spec` states. A range input ("outside that range") takes its range from
    /// its own sentence, else from `context` (the whole spec), and is left out when neither
    /// states exactly one.
    public static func parse(_ spec: String, context: String? = nil) -> [SpecEdgeCase] {
        var cases: [SpecEdgeCase] = []
        let sentences = Self.sentences(of: spec).map { $0.trimmingCharacters(in: .whitespaces) }
        for sentence in sentences where !sentence.isEmpty {
            cases += typeEdges(in: sentence)
            for (input, subject) in subjects where input != .wrongType && input != .excludedType {
                guard sentence.range(of: subject, options: [.regularExpression, .caseInsensitive]) != nil else { continue }
                var bounds: [Double]?
                if input == .belowRange || input == .aboveRange {
                    bounds = statedRange(sentence) ?? statedRange(context ?? spec)
                    // Which end an "exclusive" range leaves out is not for a probe to guess.
                    if bounds == nil || (context ?? spec).range(of: "exclusive", options: .caseInsensitive) != nil { continue }
                }
                // "if n is not positive" names its parameter; "when the stack is empty" is the object.
                for parameter in input == .notPositive ? notPositiveParameters(in: sentence) : [nil] {
                    let methods = input == .empty ? objectMethods(sentence) : nil
                    if let error = sentence.range(
                        of: #"\b(?:[Rr]aises?|[Rr]aising|[Tt]hrows?)\s+(?:an?\s+)?`?([A-Z][A-Za-z]*(?:Error|Exception))`?"#,
                        options: .regularExpression)
                    {
                        let exception =
                            parameter.flatMap { errorNamed(before: $0, in: sentence) }
                            ?? sentence[error].split(separator: " ").last.map {
                                $0.trimmingCharacters(in: CharacterSet(charactersIn: "`"))
                            } ?? "ValueError"
                        cases.append(
                            SpecEdgeCase(
                                input: input, expectation: .raises(exception), bounds: bounds, parameter: parameter, methods: methods))
                    } else if let value = sentence.range(
                        of: #"\b(?:returns?|or|otherwise|else)\s+(None|0|0\.0|an empty list|\[\]|""|''|False|an empty string)(?![A-Za-z0-9_])"#,
                        options: [.regularExpression, .caseInsensitive])
                    {
                        let literal = String(sentence[value]).replacingOccurrences(
                            of: #"^(?i)(?:returns?|or|otherwise|else)\s+"#, with: "", options: .regularExpression)
                        let python: String
                        switch literal.lowercased() {
                        case "an empty list": python = "[]"
                        case "an empty string": python = "''"
                        case "none": python = "None"
                        case "false": python = "False"
                        default: python = literal
                        }
                        cases.append(
                            SpecEdgeCase(
                                input: input, expectation: .returns(python), bounds: bounds, parameter: parameter, methods: methods))
                    } else if sentence.range(
                        of: #"\b(handles?|handling|accepts?|supports?|works with|deals? with)\b"#,
                        options: [.regularExpression, .caseInsensitive]) != nil
                    {
                        cases.append(
                            SpecEdgeCase(input: input, expectation: .handled, bounds: bounds, parameter: parameter, methods: methods))
                    }
                }
            }
        }
        var seen: Set<String> = []
        return cases.filter { seen.insert($0.probeCaseName).inserted }
    }

    /// Whether `text` ends with "e.g" or "i.e", whose dot ends no sentence (10-sales-summary's
    /// "an amount is not a plain decimal, e.g. "", "abc" …" became two requirements, the second
    /// a list of strings).
    public static func endsWithAbbreviation(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return ["e.g", "i.e"].contains { lowered.hasSuffix($0) && !(lowered.dropLast(3).last?.isLetter ?? false) }
    }

    /// `text` cut at ";", line breaks, and a "." that ends a sentence (followed by a space or the
    /// end, and not after "e.g" or "i.e"): `datetime.datetime` and `2.5` stay whole.
    static func sentences(of text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == ";" || character.isNewline
                || (character == "." && (next == text.endIndex || text[next].isWhitespace) && !endsWithAbbreviation(current))
            {
                sentences.append(current)
                current = ""
            } else {
                current.append(character)
            }
            index = next
        }
        sentences.append(current)
        return sentences
    }

    /// The methods to call on an empty object, when `sentence` says the object is empty and names
    /// methods without arguments; nil otherwise (the empty input is then an argument).
    static func objectMethods(_ sentence: String) -> [String]? {
        guard sentence.range(of: emptyObject, options: [.regularExpression, .caseInsensitive]) != nil else { return nil }
        let methods = namedMethods(in: sentence)
        return methods.isEmpty ? nil : methods
    }

    /// The parts of a statement's condition that name no input a probe builds: in "If there are no
    /// even values or the given array is empty, return []" the probe checks the empty array, and
    /// "there are no even values" is left for a case of its own. Empty when the statement has no
    /// "if"/"when" condition or every part of it is an edge input.
    /// Words that open a condition ("If the list is empty, …").
    public static let conditionOpeners = ["if", "when", "whenever", "unless", "in case"]

    public static func unprobedConditions(_ statement: String) -> [String] {
        let conditional =
            /\b(?:if|when|whenever|in case|unless)\s+(.+?)(?:,|\s+then\b|\s+(?:returns?|raises?|throws?|the function|it|should|must)\b|$)/
            .ignoresCase()
        // (The regex spells out `conditionOpeners`; a test holds the two together.)
        // "it is less than 1" in "… if capacity is not an int and ValueError if it is less than 1" is about capacity.
        func named(_ part: String) -> String {
            guard part.lowercased().hasPrefix("it "), let at = statement.range(of: part),
                let name = antecedent(before: at.lowerBound, in: statement)
            else { return part }
            return name + part.dropFirst(2)
        }
        func unprobed(_ parts: [String]) -> [String] {
            parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { part in
                // A bound probes something only where it names a parameter ("if n < 1", not "if len(s) < 3").
                !part.isEmpty
                    && !subjects.contains { input, subject in
                        part.range(of: subject, options: [.regularExpression, .caseInsensitive]) != nil
                            && (input != .notPositive || !notPositiveParameters(in: named(part)).isEmpty)
                    }
            }
        }
        // "Raise TypeError if … and ValueError if …": each error's condition on its own.
        let clauses = statement.replacingOccurrences(
            of: #"\s+(?:and|or)\s+(?:raises?\s+)?(?=[A-Z][A-Za-z]*(?:Error|Exception)\s+(?:if|when|whenever|unless)\b)"#,
            with: "\u{1F}", options: .regularExpression
        ).components(separatedBy: "\u{1F}")
        let conditions = clauses.compactMap { $0.firstMatch(of: conditional)?.output.1 }
        if !conditions.isEmpty {
            return unprobed(conditions.flatMap { String($0).components(separatedBy: " or ").flatMap { $0.components(separatedBy: " and ") } })
        }
        // The same condition stated as the input it is for: "Returns 0 for an empty list or None"
        // names two inputs, and the empty-list probe checks one of them. "or" joins inputs here,
        // and "and" before another preposition ("for an amount that is not positive and for a
        // withdrawal larger than the balance"); "for empty and negative inputs" is one phrase.
        let prepositional =
            /\b(?:for|on|with|given)\s+(.+?)(?:,|;|\s+(?:then|returns?|raises?|throws?|it|should|must|otherwise)\b|$)/
            .ignoresCase()
        for match in statement.matches(of: prepositional) {
            let phrase = String(match.output.1)
            guard subjects.contains(where: { phrase.range(of: $0.1, options: [.regularExpression, .caseInsensitive]) != nil })
            else { continue }
            let parts = phrase.replacingOccurrences(
                of: #"\s+and\s+(?:for|on|with|given)\s+"#, with: " or ", options: [.regularExpression, .caseInsensitive])
            return unprobed(parts.components(separatedBy: " or "))
        }
        return []
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

extension SpecEdgeCase {
    /// Kinds of input the spec rules out, in words, for the probe that calls the code on variations
    /// of the spec's own example inputs ("non-empty" rules out empty ones, "positive" negatives and
    /// zero, "integers" floats, "of the same length" unequal lengths; "assume" any variation).
    public static func excludedVariations(_ spec: String) -> [String] {
        let text = spec.lowercased()
        func mentions(_ patterns: [String]) -> Bool {
            patterns.contains { text.range(of: $0, options: .regularExpression) != nil }
        }
        if mentions([#"\bassum"#, #"\bguarantee"#, #"\bprecondition"#]) { return ["all"] }
        var excluded: [String] = []
        if mentions([#"non-?\s?empty"#, #"at least (one|1)\b"#, #"not (be )?empty"#, #"\bparse"#, #"\bformat"#, #"\bvalid"#, #"malformed"#]) {
            excluded.append("empty")
        }
        if mentions([#"\bpositive"#]) { excluded += ["negative", "zero"] }
        if mentions([#"non-?\s?negative"#, #"\bnatural"#, #">=\s*0"#, #"≥\s*0"#, #"\bunsigned"#]) { excluded.append("negative") }
        if mentions([#"\bintegers?\b"#, #"\bints?\b"#, #"whole numbers?"#, #"\bcounts?\b"#]) { excluded.append("float") }
        if mentions([#"(same|equal) (length|size)"#]) { excluded.append("unequal") }
        if mentions([#"\bnot none\b"#, #"non-?null"#, #"\bnot null\b"#, #"never none\b"#]) { excluded.append("none") }
        if mentions([#"must be an? float"#, #"\bonly floats?\b"#, #"floats? only"#]) { excluded.append("integer") }
        // Elements named by type ("a list of integers", "the words", a stub's `list[int]`) may be
        // checked for it; a nested list of "values" or "items" may hold anything.
        if mentions([
            #"\b(integers|ints|numbers|numeric|floats|decimals|strings|words|characters|letters|digits)\b"#,
            #"\b(booleans|bools|dicts|dictionaries|tuples|pairs|lines|paths|urls|filenames|dates|datetimes)\b"#,
            #"\b(list|sequence|iterable|set|tuple|dict)\["#,
        ]) {
            excluded.append("element-type")
        }
        return excluded
    }

    /// The errors the spec states only under conditions the probes build: every sentence that
    /// names one gives an edge raising it (a call's argument, not an object's state), leaves no
    /// condition unprobed, and has no catch-all ("invalid", "malformed", "such as"). For these the
    /// edges are the whole of what the spec says raises them, and a case that expects one where
    /// its arguments meet none of them asks for what the spec never did.
    public static func fullyStatedErrors(_ spec: String) -> Set<String> {
        let catchAll = #"\b(?:invalid|malformed|bad|improper|unsupported|unexpected|otherwise|other|such as|e\.g|including|like|etc)\b"#
        var stated = Set<String>()
        for error in Set(mentionedExceptions(spec)) where error != "Exception" {
            let naming = sentences(of: spec).filter { $0.range(of: "\\b\(error)\\b", options: .regularExpression) != nil }
            let whole = naming.allSatisfy { sentence in
                sentence.range(of: catchAll, options: [.regularExpression, .caseInsensitive]) == nil
                    && unprobedConditions(sentence).isEmpty
                    && parse(sentence, context: spec).contains { $0.expectation == .raises(error) && $0.methods == nil }
            }
            if !naming.isEmpty, whole { stated.insert(error) }
        }
        return stated
    }

    /// Exception names the spec mentions; "raises an error" without a name allows any.
    public static func mentionedExceptions(_ spec: String) -> [String] {
        var names: [String] = []
        let pattern = #"\b([A-Z][A-Za-z]*(?:Error|Exception|Warning))\b"#
        var searchRange = spec.startIndex..<spec.endIndex
        while let range = spec.range(of: pattern, options: .regularExpression, range: searchRange) {
            names.append(String(spec[range]))
            searchRange = range.upperBound..<spec.endIndex
        }
        if names.isEmpty,
            spec.range(of: #"\b(raises?|throws?|rejects?)\b.*\b(error|exception)s?\b"#, options: [.regularExpression, .caseInsensitive])
                != nil
        {
            names.append("Exception")
        }
        return names
    }

    /// What a docstring claims about edge inputs, read like a spec: its Raises section entries
    /// ("ValueError: If the list is empty") and Returns section ("..., or None if it is empty")
    /// become sentences the edge-case reader understands.
    public static func claims(inDocstring docstring: String) -> [SpecEdgeCase] {
        var sentences: [String] = []
        var section = ""
        for raw in docstring.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            let header = line.trimmingCharacters(in: CharacterSet(charactersIn: ":")).lowercased()
            if ["raises", "raise", "throws", "returns", "return", "yields"].contains(header) {
                section = ["raises", "raise", "throws"].contains(header) ? "raises" : "returns"
                continue
            }
            if line.isEmpty || line.allSatisfy({ $0 == "-" || $0 == "=" }) { continue }
            if ["args", "arguments", "parameters", "params", "examples", "example", "notes", "note", "see also"].contains(header) {
                section = ""
                continue
            }
            switch section {
            case "raises":
                if let name = line.range(of: #"^[A-Z][A-Za-z]*(?:Error|Exception|Warning)"#, options: .regularExpression) {
                    sentences.append("raises \(line[name]) \(line[name.upperBound...])")
                } else if let last = sentences.indices.last {
                    sentences[last] += " " + line
                }
            case "returns": sentences.append("returns " + line)
            default: sentences.append(line)
            }
        }
        return parse(sentences.joined(separator: "\n"))
    }
}
