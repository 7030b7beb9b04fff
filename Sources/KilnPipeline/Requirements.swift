import Foundation
import KilnCore
import KilnValidation

/// One checkable statement of a spec, and what Kiln observed about it.
public struct Requirement: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        /// An example the spec states (`median([1, 3, 2]) == 2`).
        case example
        /// What the code returns or computes ("returns the median").
        case result
        /// What it takes ("takes a list of numbers").
        case input
        /// An edge case stated in words ("handles empty lists", "raises ValueError for negative n").
        case edgeCase = "edge-case"
        /// An input size the spec promises ("up to 10^6 items").
        case inputSize = "input-size"
        /// Any other statement of behaviour ("ignores case", "keeps the original order").
        case behaviour
        /// How the code is written, checked on the code itself ("must not use recursion").
        case structure
    }

    public enum Status: String, Codable, Sendable {
        /// Executed cases checked it and all of them passed.
        case held
        /// An executed case checking it failed.
        case failed
        /// Nothing that ran checks it.
        case unchecked
    }

    /// `R1`, `R2`, … in the order of the spec.
    public var id: String
    public var text: String
    public var kind: Kind
    /// The executed cases that checked it (test names, probe names).
    public var checkedBy: [String]
    public var status: Status
    /// Why it is unchecked, when it is.
    public var note: String?
}

/// The spec as a numbered list of checkable requirements, and the rule that links each kind to
/// the cases that check it:
/// - an example is checked by its own test (`test_spec_example_N`); one the reader could not read
///   by nothing (the examples that were read do not hold it);
/// - an edge case stated in words by the behaviour probes for the inputs it names
///   (`probe_edge_KIND`), all of them, when no part of its condition is beyond what they build;
/// - a promised input size by the growth probe (`probe_growth`);
/// - "no recursion" by the static check for call cycles (`probe_no_recursion`);
/// - an order the result comes in ("return a sorted list", "in descending order") by the probe
///   that checks every list the code returns (`probe_result_order`) as well: a result statement
///   fails when that probe found one out of order, and a statement of the order alone is held by it;
/// - what the code takes and returns by the spec's examples and the user's tests, when at least
///   one ran and all passed (they are the spec's own statement of results);
/// - any other behaviour only by an example written in the same clause; an item of a list of
///   conditions ("valid if all of the following rules are satisfied:") is such a behaviour.
/// What no case checks stays unchecked, and the result says `unverified`; `RequirementCases`
/// may then check input, result, behaviour and edge-case requirements with model-written cases
/// that independent answers and the code agree on.
public struct SpecRequirements: Sendable, Equatable {
    struct Clause: Equatable {
        var text: String
        var kind: Requirement.Kind
        /// Indices into the reading's examples stated in this clause.
        var examples: [Int]
        /// The edge inputs it states, each checked by its probe.
        var edges: [SpecEdgeCase] = []
        /// Parts of its condition no probe builds an input for ("there are no even values").
        var unprobed: [String] = []
        /// The order it says the result comes in, checked by the result-order probe.
        var order: SpecResultOrder?
        /// Why the example it states could not be read: nothing checks it.
        var unreadable: String?
        /// One of a list of conditions the spec states ("valid if all of the following rules are
        /// satisfied:" then items): an example that passes does not show which condition it
        /// exercises, so only a case of its own checks it.
        var listedCondition = false
    }

    var clauses: [Clause]
    var examples: [SpecExample]

    public init(spec: String, reading: SpecReading) {
        examples = reading.examples
        clauses = Self.clauses(of: spec, examples: reading.examples, unreadable: reading.unreadable)
    }

    public var isEmpty: Bool { clauses.isEmpty }

    // MARK: - Reading the spec

    /// Words that start a new requirement after `,` or `and`: "takes a list, returns the median,
    /// handles empty lists" is three.
    static let verbs: Set<String> = [
        "accepts", "always", "are", "can", "converts", "counts", "does", "excludes", "gives", "handles", "ignores", "includes",
        "is", "keeps", "may", "must", "never", "preserves", "raises", "rejects", "removes", "returns", "should", "skips",
        "sorts", "strips", "supports", "takes", "throws", "treats", "uses", "works", "yields", "raise", "return", "take",
        "handle", "ignore", "keep", "accept", "sort", "use", "ignoring", "keeping", "preserving", "excluding", "treating",
        "skipping", "without", "using",
    ]

    /// Verbs that say what the code gives back or does to its data.
    static let resultVerbs: Set<String> = ["returns", "return", "gives", "yields", "adds", "converts", "counts", "computes", "removes"]

    /// More verbs that describe one method ("add_item(name) adds …"), for splitting at signatures.
    static let describing: Set<String> = [
        "adds", "appends", "checks", "clears", "computes", "creates", "deletes", "inserts", "marks", "parses", "reports",
        "resets", "runs", "sets", "stores", "updates", "validates",
    ]

    static let inputWords: Set<String> = [
        "takes", "take", "accepts", "accept", "given", "receives", "input", "inputs", "parameter", "parameters", "argument",
        "arguments",
    ]

    static let qualifierWords: Set<String> = [
        "ignores", "ignore", "ignoring", "keeps", "keep", "keeping", "preserves", "preserve", "preserving", "must", "should",
        "never", "always", "without", "regardless", "unless", "except", "only", "treats", "treat", "treating", "skips", "skip",
        "skipping", "excludes", "exclude", "excluding", "rejects", "reject", "raises", "raise", "throws", "uses", "use",
        "using", "supports", "works", "runs", "may", "can", "cannot", "does", "do", "doesn", "don", "is", "are", "case",
        "handles", "handle", "stable", "sorted", "in",
        // A statement under a condition ("If the slug is longer than max_length, cut it …") is
        // shown only by a case that meets the condition, which the spec's other examples need not
        // (03-slugify's one short example held its truncation rule; pattern-eval cd2fc57).
        "if", "when", "whenever", "otherwise",
    ]

    /// Words anywhere in a clause that make it a qualifier ("surrounding whitespace is ignored").
    static let qualifierMarks: Set<String> = [
        "must", "never", "without", "ignored", "allowed", "preserved", "kept", "rejected", "unchanged", "regardless",
    ]

    /// Openings that only announce the task ("Write a Python function named median that").
    static let preamble =
        #"^(?:please\s+)?(?:write|implement|create|define|build|make|add|give me|i need|we need)?\s*(?:a|an|the|one)?\s*(?:small\s+|simple\s+|pure\s+|python\s+|new\s+)*(?:`?[A-Z][A-Za-z0-9_]*`?\s+(?=class\b))?(?:function|method|class|helper|routine|program|script)\b(?:\s+(?:named|called)\s+`?[A-Za-z_][A-Za-z0-9_]*`?|(?<=class)\s+`?(?-i:[A-Z])[A-Za-z0-9_]*`?)?(?:\s*\([^)]*\))?\s*(?:,\s*)?(?:(?:that|which|to|who|whose|with)\b|:)?\s*"#

    static func clauses(of spec: String, examples: [SpecExample], unreadable: [UnreadableExample] = []) -> [Clause] {
        var clauses: [Clause] = []
        var claimed = Set<Int>()
        var skipNext = false
        var inFence = false
        // Inside a code block, the delimiter of the docstring being read: a stub's docstring is
        // the spec's prose (`def f(x):` then `"""Return …"""` in a fenced block), its code is not.
        var docstring: String?
        // Prose wrapped over several lines is one statement: the text so far and its lines.
        var pending = ""
        var pendingLines = Set<Int>()
        // The lines of a list of conditions (its items and their wrapped lines), whether one is
        // open, and the prose line before (an introduction can wrap: "… all the following
        // conditions" / "are met:").
        var conditionLines = Set<Int>()
        var inConditionList = false
        var previousProse = ""
        // An example the reader could not read is a statement of its own too, checked by nothing.
        let unreadableLines = Dictionary(unreadable.map { ($0.line, $0.reason) }, uniquingKeysWith: { first, _ in first })
        let exampleLines = Set(examples.map(\.line)).union(unreadableLines.keys)
        // The lines of an example written over several (`Input: [4,2,3]` / `Output: [2, 1]`): the
        // example is a requirement of its own, and its lines are not prose.
        let spannedLines = Set(
            examples.flatMap { example in
                let count = example.text.split(separator: "\n", omittingEmptySubsequences: false).count
                return count > 1 ? Array(example.line..<(example.line + count)) : []
            })
        func flush() {
            if !pending.isEmpty {
                clauses += pieces(of: pending).compactMap { piece in
                    guard var read = clause(piece, lines: pendingLines, examples: examples, claimed: &claimed, spec: spec) else {
                        return nil
                    }
                    // The line states an example the reader could not read: the result it gives
                    // is the spec's, but no case checks it (the examples that were read do not).
                    if read.kind != .example, piece.contains("("),
                        let reason = pendingLines.sorted().lazy.compactMap({ unreadableLines[$0] }).first
                    {
                        read = Clause(text: piece.trimmingCharacters(in: .whitespaces), kind: .example, examples: [], unreadable: reason)
                    }
                    if [.result, .behaviour, .input].contains(read.kind), !conditionLines.isDisjoint(with: pendingLines) {
                        read.kind = .behaviour
                        read.listedCondition = true
                    }
                    return read
                }
            }
            pending = ""
            pendingLines = []
        }
        func read(_ text: String, line: Int) {
            let text = text.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return flush() }
            // A line that states an example is a statement of its own, as is the one before it.
            if !pending.isEmpty, continues(pending, with: text), !exampleLines.contains(line),
                exampleLines.isDisjoint(with: pendingLines)
            {
                pending += " " + text
            } else {
                flush()
                pending = text
            }
            pendingLines.insert(line)
        }
        for (lineIndex, rawLine) in spec.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") {
                flush()
                inFence.toggle()
                docstring = nil
                continue
            }
            if inFence {
                guard let prose = docstringProse(line, open: &docstring) else {
                    flush()
                    skipNext = false
                    continue
                }
                line = prose.trimmingCharacters(in: .whitespaces)
            }
            if spannedLines.contains(lineIndex + 1) {
                flush()
                skipNext = false
                continue
            }
            // Doctest lines, their outputs, code blocks and code stubs are examples or code, not prose.
            if line.hasPrefix(">>>") || line.hasPrefix("...") {
                flush()
                skipNext = line.hasPrefix(">>>") || line.hasPrefix("...")
                continue
            }
            if skipNext && !line.isEmpty {
                skipNext = false
                continue
            }
            skipNext = false
            if inConditionList {
                // Items, and lines that go on with one in lower case; anything else ends the list.
                let item = Self.startsListItem(line)
                if item || (!line.isEmpty && line.first?.isLowercase == true) {
                    conditionLines.insert(lineIndex + 1)
                } else {
                    inConditionList = false
                }
            }
            if !inConditionList, Self.introducesConditions(line, after: previousProse) {
                inConditionList = true
            }
            previousProse = line
            if !inFence, ["def ", "async def ", "class ", "@", "from ", "import ", "\"\"\"", "'''"].contains(where: line.hasPrefix) {
                flush()
                let rest = line.hasPrefix("\"\"\"") || line.hasPrefix("'''") ? String(line.dropFirst(3)) : ""
                read(rest, line: lineIndex + 1)
                continue
            }
            read(line, line: lineIndex + 1)
        }
        flush()
        // Examples not found in any clause (a doctest, a code block) are requirements of their own.
        for index in examples.indices where !claimed.contains(index) {
            clauses.append(Clause(text: examples[index].text, kind: .example, examples: [index]))
        }
        // The statement that gives the result's order is checked by the result-order probe too
        // (only where the whole spec states one order, as the probe reads it).
        if let order = SpecResultOrder.stated(spec) {
            for index in clauses.indices where [.result, .behaviour].contains(clauses[index].kind) {
                if SpecResultOrder.stated(clauses[index].text) == order { clauses[index].order = order }
            }
        }
        return clauses
    }

    /// The marker that starts an item of a list: `- `, `* `, `• `, `1. `, `2) `.
    static let listMarker = #"^\s*(?:[-*•]|\d{1,2}[.)])\s+"#

    static func startsListItem(_ line: String) -> Bool {
        line.range(of: listMarker + #"\S"#, options: .regularExpression) != nil
    }

    /// Whether `line` opens a list of conditions: it ends with a colon and speaks of conditions,
    /// rules or criteria ("The date is valid if all of the following rules are satisfied:"), or
    /// goes on in lower case with the line before that does ("… all the following conditions"
    /// / "are met:"). A list of "Constraints:" or "Requirements:" is not one: its items are
    /// statements of their own.
    static func introducesConditions(_ line: String, after previous: String) -> Bool {
        guard line.hasSuffix(":") else { return false }
        let text = line.first?.isLowercase == true ? previous + " " + line : line
        return text.range(
            of: #"\b(?:conditions?|rules?|criteria|criterion)\b"#, options: [.regularExpression, .caseInsensitive]) != nil
    }

    /// Whether `next` goes on with the sentence `text` left open (a line wrapped in a
    /// docstring): `text` ends without a full stop or a colon and `next` starts in lower case,
    /// neither as an item of a list nor with a verb that starts a statement of its own (a spec
    /// written one requirement per line: "takes a list of numbers" / "returns the median").
    static func continues(_ text: String, with next: String) -> Bool {
        guard let last = text.last, !".!?:;".contains(last), let first = next.first else { return false }
        let word = next.prefix { $0.isLetter }.lowercased()
        if copulas.contains(word) { return !isPredicateList(text) }
        if verbs.contains(word) || describing.contains(word) { return false }
        return first.isLowercase || (first == "(" && next.dropFirst().first?.isLowercase == true)
    }

    /// "is" and "are" need a subject: after ", " or "and", or at the start of a wrapped line, they
    /// start a requirement of their own only where the text before them lists the function's own
    /// predicates ("returns the median, is stable"); otherwise their subject is in that text
    /// ("a palindromic array is an array that / is read the same…", "all parentheses in S / are
    /// balanced", "Strange sorting, is when you start with…").
    static let copulas: Set<String> = ["is", "are"]

    static let subordinators: Set<String> = [
        "if", "when", "whenever", "whether", "that", "which", "where", "who", "whose", "unless", "while", "because", "than",
    ]

    /// Whether `text` is a condition still waiting for its consequence: it opens with "if",
    /// "when", "unless" or "in case" and no comma has closed it yet.
    static func opensCondition(_ text: String) -> Bool {
        let text = text.trimmingCharacters(in: CharacterSet(charactersIn: " -*•")).lowercased()
        return SpecEdgeCase.conditionOpeners.contains { text.hasPrefix($0 + " ") } && !text.contains(",")
    }

    /// Whether `text` is a predicate of the function itself, with no clause of its own that a
    /// later "is" could belong to: it starts with a verb once the preamble is gone ("Write a
    /// function that returns the median") and holds no subordinate clause ("returns True if n
    /// is prime" does).
    static func isPredicateList(_ text: String) -> Bool {
        var rest = text.trimmingCharacters(in: CharacterSet(charactersIn: " -*•"))
        rest = rest.replacingOccurrences(of: preamble, with: "", options: [.regularExpression, .caseInsensitive])
        rest = rest.replacingOccurrences(of: namedPreamble, with: "", options: [.regularExpression, .caseInsensitive])
        let words = rest.split(whereSeparator: { !$0.isLetter }).map { $0.lowercased() }
        guard let first = words.first, verbs.contains(first) || describing.contains(first) || inputWords.contains(first),
            !copulas.contains(first)
        else { return false }
        return subordinators.isDisjoint(with: words)
    }

    /// The part of a line of code that is docstring text, given the delimiter of the docstring
    /// open before it (updated); nil for code. A docstring opens on a line whose code starts
    /// with three quotes (`"""`, `r'''`), as it does after `def f(x):`.
    static func docstringProse(_ line: String, open: inout String?) -> String? {
        if let delimiter = open {
            guard let end = line.range(of: delimiter) else { return line }
            open = nil
            return String(line[..<end.lowerBound])
        }
        guard let start = line.firstMatch(of: /^[rRuU]?("""|''')/) else { return nil }
        let delimiter = String(start.1)
        let rest = line[start.range.upperBound...]
        if let end = rest.range(of: delimiter) { return String(rest[..<end.lowerBound]) }
        open = delimiter
        return String(rest)
    }

    /// A line split into clauses: at sentence ends and `;`, and at `,` or `and` before a verb or
    /// before a signature that its own description follows ("with add_item(name, price),
    /// remove_item(name) which removes it, and total() which returns …" is three: each method a
    /// spec describes is a statement of its own). Signatures listed bare or sharing one
    /// predicate ("push(item), pop() and peek() methods", "pop() and peek() raise") stay together.
    static func pieces(of line: String) -> [String] {
        pieces(of: line, literalQuotes: [])
    }

    /// `literalQuotes`: positions of quote marks read as plain characters. A quote mark never
    /// closed is one: 05-parse-env's "the escapes \n, \t, \" and \\" left a quote open to the end of
    /// the spec, and its last five sentences became one requirement no case was ever asked for.
    static func pieces(of line: String, literalQuotes: Set<Int>) -> [String] {
        var pieces: [String] = []
        var current = ""
        var depth = 0
        var quote: Character?
        var opened = 0
        let characters = Array(line)
        var index = 0
        func flush() {
            let text = current.trimmingCharacters(in: CharacterSet(charactersIn: " .,;:"))
            if !text.isEmpty { pieces.append(text) }
            current = ""
        }
        /// Whether a described signature starts at `offset` (spaces skipped): an identifier, its
        /// parenthesised parameters, an optional `-> type`, then "which", "that" or a verb in
        /// the singular ("returns"), so that it alone is the subject.
        func signature(at offset: Int) -> Bool {
            var position = offset
            while position < characters.count, characters[position] == " " { position += 1 }
            let start = position
            while position < characters.count, characters[position].isLetter || characters[position].isNumber
                || characters[position] == "_" || characters[position] == "`"
            {
                position += 1
            }
            guard position > start, characters[start].isLetter || characters[start] == "_" || characters[start] == "`",
                position < characters.count, characters[position] == "("
            else { return false }
            var depth = 0
            while position < characters.count {
                if characters[position] == "(" { depth += 1 }
                if characters[position] == ")" {
                    depth -= 1
                    if depth == 0 { break }
                }
                position += 1
            }
            var rest = String(characters[min(position + 1, characters.count)...]).trimmingCharacters(in: .whitespaces)
            if let arrow = rest.firstMatch(of: /^(?:`\s*)?->\s*[^\s]+\s*/) { rest = String(rest[arrow.range.upperBound...]) }
            let word = rest.prefix { $0.isLetter }.lowercased()
            return word == "which" || word == "that" || (word.hasSuffix("s") && (verbs.contains(word) || describing.contains(word)))
        }
        /// The next word, read as an identifier: `is_empty()` is a method's name, not "is".
        func nextWord(after offset: Int) -> String {
            var word = ""
            var position = offset
            while position < characters.count, characters[position] == " " { position += 1 }
            while position < characters.count,
                characters[position].isLetter || characters[position].isNumber || characters[position] == "_"
            {
                word.append(characters[position])
                position += 1
            }
            return word.lowercased()
        }
        /// Whether a verb after `,` or `and` starts a requirement of its own (see `copulas`). The
        /// first comma after a condition ("If there are no even values, return []") ends the
        /// condition, not the statement: what follows is its consequence.
        func splitsBefore(_ word: String, comma: Bool) -> Bool {
            if comma, opensCondition(current) { return false }
            return verbs.contains(word) && (!copulas.contains(word) || isPredicateList(current))
        }
        while index < characters.count {
            let character = characters[index]
            // A quote mark after a backslash (`\"`) is quoted text itself, not its start or end.
            let escaped = index > 0 && characters[index - 1] == "\\"
            if let open = quote {
                if character == open, !escaped { quote = nil }
                current.append(character)
                index += 1
                continue
            }
            if !escaped, !literalQuotes.contains(index),
                character == "\"" || character == "'" && (index == 0 || !characters[index - 1].isLetter)
            {
                quote = character
                opened = index
            } else if "([{".contains(character) {
                depth += 1
            } else if ")]}".contains(character) {
                depth -= 1
            }
            if depth == 0 {
                let rest = index + 1 < characters.count ? characters[index + 1] : " "
                if (character == "." || character == ";" || character == "!" || character == "?") && rest == " ",
                    character != "." || !SpecEdgeCase.endsWithAbbreviation(current)
                {
                    current.append(character)
                    flush()
                    index += 1
                    continue
                }
                if character == ",", splitsBefore(nextWord(after: index + 1), comma: true) || signature(at: index + 1) {
                    flush()
                    index += 1
                    continue
                }
                if character == ",", String(characters[(index + 1)...].prefix(5)) == " and ", signature(at: index + 5) {
                    flush()
                    index += 5
                    continue
                }
                if character == " ", String(characters[index...].prefix(5)) == " and ",
                    splitsBefore(nextWord(after: index + 5), comma: false) || signature(at: index + 5)
                {
                    flush()
                    index += 5
                    continue
                }
            }
            current.append(character)
            index += 1
        }
        if quote != nil { return self.pieces(of: line, literalQuotes: literalQuotes.union([opened])) }
        flush()
        return pieces
    }

    /// "Write is_palindrome(text) that …": the verb and the signature only announce the task.
    static let namedPreamble =
        #"^(?:please\s+)?(?:write|implement|create|define|build|add)\s+`?[A-Za-z_][A-Za-z0-9_.]*(?:\([^)]*\))?(?:\s*->\s*[^ ]+)?`?\s+(?:that|which|to)\s+"#

    static func clause(
        _ raw: String, lines: Set<Int>, examples: [SpecExample], claimed: inout Set<Int>, spec: String
    ) -> Clause? {
        var text = raw.replacingOccurrences(of: preamble, with: "", options: [.regularExpression, .caseInsensitive])
        text = text.replacingOccurrences(of: namedPreamble, with: "", options: [.regularExpression, .caseInsensitive])
        // An item's marker is no part of what it states ("2. The months should …").
        text = text.replacingOccurrences(of: Self.listMarker, with: "", options: .regularExpression)
        text = text.trimmingCharacters(in: CharacterSet(charactersIn: " .,;:-*•"))
        // An example belongs to the clause on its line that calls its function (the parser may
        // have normalised its spacing, so the text itself need not match).
        // An example given by its inputs ("For lst = [1,2,3] the output should be 14") calls nothing.
        let onLine = examples.indices.filter { index in
            let example = examples[index]
            let call = "\(example.function)("
            return !claimed.contains(index) && lines.contains(example.line)
                && (raw.contains(call) || !example.text.contains(call))
        }
        // Several examples on one line ("f(4) == True; f(7) == False") each belong to the clause
        // holding their own call; where the parser wrote a call differently, as many as the clause
        // has calls, in order.
        let squeezed = raw.filter { !$0.isWhitespace }
        var stated = onLine.filter { squeezed.contains(examples[$0].call.filter { !$0.isWhitespace }) }
        if stated.isEmpty, let function = onLine.first.map({ examples[$0].function }) {
            stated = Array(onLine.prefix(max(1, raw.components(separatedBy: "\(function)(").count - 1)))
        }
        if !stated.isEmpty {
            claimed.formUnion(stated)
            return Clause(text: raw.trimmingCharacters(in: .whitespaces), kind: .example, examples: stated)
        }
        let words = text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.lowercased() }
        // A label ("Examples:", "Note"), a bare name or a fragment states nothing checkable.
        guard words.count >= 2,
            text.range(of: #"^(?:for\s+)?(?:examples?|note|e\.g)\s*\d*$"#, options: [.regularExpression, .caseInsensitive]) == nil
        else {
            return nil
        }
        // What the code is for ("for an account service", once the preamble is gone) states no behaviour.
        if text.range(of: #"^for\s+(?:a|an|the)\s"#, options: [.regularExpression, .caseInsensitive]) != nil,
            words.allSatisfy({ !verbs.contains($0) && !describing.contains($0) })
        {
            return nil
        }
        if SpecEdgeCase.forbidsRecursion(text) {
            return Clause(text: text, kind: .structure, examples: [])
        }
        let edges = SpecEdgeCase.parse(text, context: spec)
        if !edges.isEmpty, !edgesOnlyInParentheses(of: text, spec: spec) {
            return Clause(
                text: text, kind: .edgeCase, examples: [], edges: edges,
                unprobed: SpecEdgeCase.unprobedConditions(text))
        }
        if SpecEdgeCase.statedInputSize(text) != nil {
            return Clause(text: text, kind: .inputSize, examples: [])
        }
        let first = words.first ?? ""
        // "should return the sorted list" states a result, whatever its modal verb.
        if text.range(
            of: #"^(?:(?:the|this|your)\s+function\s+|it\s+)?(?:should|must|will|shall)\s+return\b"#,
            options: [.regularExpression, .caseInsensitive]) != nil
        {
            return Clause(text: text, kind: .result, examples: [])
        }
        if inputWords.contains(first) {
            return Clause(text: text, kind: .input, examples: [])
        }
        // A qualifier ("ignoring case", "must not use recursion", "keeps the order") needs a case
        // of its own; a statement of what the code computes is what the examples show.
        if qualifierWords.contains(first) || !qualifierMarks.isDisjoint(with: words) {
            return Clause(text: text, kind: .behaviour, examples: [])
        }
        return Clause(text: text, kind: .result, examples: [])
    }

    // MARK: - What was observed

    /// Whether `text` states what the code does and its edges only in parentheses ("add(n) adds n
    /// to a running total (TypeError if n is not an int), and total() returns that total"): the
    /// edges belong to that statement, and a probe for them shows nothing of the rest, so it is
    /// read as what it says outside them (a class whose total() an attribute shadowed was
    /// `passed` on the TypeError probe alone).
    static func edgesOnlyInParentheses(of text: String, spec: String) -> Bool {
        let outside = text.replacingOccurrences(of: #"\([^()]*\)"#, with: " ", options: .regularExpression)
        let words = Set(outside.split(whereSeparator: { !$0.isLetter }).map { $0.lowercased() })
        return !words.isDisjoint(with: resultVerbs.union(describing)) && SpecEdgeCase.parse(outside, context: spec).isEmpty
    }

    /// The requirements with what the executed cases showed.
    public func evaluate(tests: [TestCaseResult]) -> [Requirement] {
        let ran = tests.filter { $0.outcome != .skipped }
        // Cases that state results: the spec's examples and the user's own tests, not Kiln's
        // probes, nor the code's own docstring examples (its writer's word: e04-flatten's
        // "turns a nested list into one flat list" was held by `flatten`'s own doctest alone, for
        // code that drops every value that is not an int; pattern-eval 791aa67).
        let resultCases = ran.filter { !$0.name.hasPrefix(SpecEdgeCase.probeCasePrefix) && !$0.isDocstringExample }
        let resultsHeld = !resultCases.isEmpty && resultCases.allSatisfy { $0.outcome == .passed }
        return clauses.enumerated().map { number, clause in
            var checkedBy: [String] = []
            var status = Requirement.Status.unchecked
            var note: String?
            func observe(_ names: Set<String>) {
                let seen = ran.filter { names.contains($0.name) }
                checkedBy = Array(Set(seen.map(\.name))).sorted()
                if seen.isEmpty { return }
                status = seen.allSatisfy { $0.outcome == .passed } ? .held : .failed
            }
            switch clause.kind {
            case .example:
                observe(Set(clause.examples.map(SpecExample.testName(forExampleAt:))))
                if let reason = clause.unreadable {
                    note = "Kiln could not read this example (\(reason)); write it as code, e.g. `f(2) == 4`"
                } else if status == .unchecked {
                    note = "its test did not run"
                }
            case .edgeCase:
                // Held only when a probe checked every input it states, and nothing else.
                let names = Set(clause.edges.map(\.probeCaseName))
                observe(names)
                let missing = names.subtracting(ran.map(\.name))
                if status == .unchecked, let reason = tests.first(where: { names.contains($0.name) && $0.outcome == .skipped })?.message {
                    note = "no probe could run it: \(reason)"
                } else if status == .unchecked, let methods = clause.edges.compactMap(\.methods).first {
                    note =
                        "no probe could call \(methods.map { "\($0)()" }.joined(separator: " and ")) on an empty object: it needs a class built without arguments whose len() is 0 or is_empty() is True"
                } else if status == .unchecked {
                    note = "no probe could build this input from the code's type hints"
                } else if status == .held, !missing.isEmpty {
                    status = .unchecked
                    note = "no probe could build every input it names (\(missing.sorted().joined(separator: ", ")) did not run)"
                } else if status == .held, !clause.unprobed.isEmpty {
                    status = .unchecked
                    note =
                        "the probes checked only part of it; no probe builds an input where \(clause.unprobed.joined(separator: " or ")): add an example that does"
                }
            case .structure:
                observe([SpecEdgeCase.noRecursionCaseName])
                if status == .unchecked { note = "the static check for recursion did not run" }
            case .inputSize:
                observe([SpecEdgeCase.growthCaseName])
                if status == .unchecked { note = "the growth probe needs a list parameter and measurable run times" }
            case .input, .result:
                if resultCases.isEmpty {
                    note = "no example or test states a result to compare with; add one such as `f(2) == 4`"
                } else {
                    checkedBy = resultCases.map(\.name)
                    status = resultsHeld ? .held : .failed
                }
                // The order it states is checked on every list the code returned, not only on the
                // examples' results: one out of order fails it.
                let order = ran.filter { clause.order != nil && $0.name == SpecResultOrder.caseName }
                if !order.isEmpty {
                    checkedBy.append(SpecResultOrder.caseName)
                    if order.contains(where: { $0.outcome != .passed }) {
                        status = .failed
                        note = nil
                    } else if status == .unchecked {
                        note = "the probes checked only the order of the results; no example or test states the values"
                    }
                }
            case .behaviour:
                if clause.listedCondition {
                    note =
                        "one of the conditions the spec lists: a passing example does not show which of them it exercises; add an example that breaks only this one"
                } else if clause.order != nil {
                    observe([SpecResultOrder.caseName])
                    if status == .unchecked { note = "the result-order probe found no list or tuple result to check" }
                } else {
                    note = "no executed case shows it; add an example that does"
                }
            }
            return Requirement(
                id: "R\(number + 1)", text: clause.text, kind: clause.kind, checkedBy: checkedBy, status: status, note: note)
        }
    }
}
