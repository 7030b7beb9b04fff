import Foundation
import KilnCore
import KilnModels
import KilnPrompts
import KilnValidation

/// Cases for the requirements nothing else checked, written by the model from the spec alone and
/// trusted only when they earn it (CodeT's dual agreement): one sample proposes calls with their
/// results, independent samples work out the results of the same calls, at least two must agree,
/// and the code must reproduce the agreed result. A case the
/// samples agree on but the code contradicts proves nothing either way (the samples may share a
/// mistake); the requirement stays unchecked and the disagreement is reported.
public struct RequirementCases: Sendable {
    public var toolchain: any LanguageToolchain
    /// The `requirement-cases` template (a repository's override when it has one): proposes calls.
    public var template: PromptTemplate
    /// The `requirement-answers` template: works out the results of the proposed calls.
    public var answerTemplate: PromptTemplate
    /// Independent samples drawn (concurrently where the backend has slots).
    public var samples: Int
    /// How many samples must write a case alike before it is run at all.
    public var minimumAgreement: Int
    /// What the cases exercise: calls of a function, or usage scenarios of a class.
    public var form: Form
    /// Most proposed cases kept per requirement.
    public var maximumPerRequirement = 3
    /// Whether requirements the first proposal left without an agreed case get a proposal of
    /// their own (one more round: each of them asked about alone, concurrently where the backend
    /// has slots).
    public var focusedRound = true
    /// Most requirements asked about in that round (the first ones left without a case); the
    /// others stay unchecked.
    public var maximumFocused = 8

    /// Calls of a function (`assert f(2) == 4  # R1`; the `requirement-cases` and
    /// `requirement-answers` templates), or usage scenarios of a class (a `# R1` line, statements
    /// that set an object up, asserts on it; `requirement-scenarios` and `scenario-answers`).
    public enum Form: String, Sendable {
        case calls
        case scenarios

        public var templateNames: (cases: String, answers: String) {
            self == .calls ? ("requirement-cases", "requirement-answers") : ("requirement-scenarios", "scenario-answers")
        }
    }

    public init(
        toolchain: any LanguageToolchain, form: Form = .calls, template: PromptTemplate? = nil,
        answerTemplate: PromptTemplate? = nil, samples: Int = 3, minimumAgreement: Int = 2
    ) throws {
        self.form = form
        self.template = try template ?? TemplateCatalog.builtin(named: form.templateNames.cases, in: toolchain.builtinTemplates)
        self.answerTemplate =
            try answerTemplate ?? TemplateCatalog.builtin(named: form.templateNames.answers, in: toolchain.builtinTemplates)
        self.toolchain = toolchain
        self.samples = max(samples, 1)
        self.minimumAgreement = max(minimumAgreement, 1)
    }

    /// A case several samples wrote alike, the requirement it is for, and what running it showed.
    public struct AgreedCase: Codable, Sendable, Equatable {
        public var requirement: String
        public var example: SpecExample
        /// How many of the answers (the proposal's included) gave this result.
        public var samples: Int
        /// `passed` when the code reproduced it; the failure message otherwise; nil before it ran.
        public var outcome: TestCaseResult.Outcome?
        public var message: String?
        /// True for a case whose expected error is the spec's word, not the samples': a model's
        /// call whose input the spec says raises it (`SpecExample.Expectation.refused`). Its
        /// `samples` is how many samples wrote that call.
        public var fromSpec: Bool?

        /// Whether the case expects one of `exceptions` to be raised: a call's `raises`, or a
        /// scenario case, whose text the toolchain's reader ends with "… raises E".
        func expectsRaising(anyOf exceptions: Set<String>) -> Bool { Self.expectsRaising(example, anyOf: exceptions) }

        /// Whether `example` expects one of `exceptions` (any error when nil).
        static func expectsRaising(_ example: SpecExample, anyOf exceptions: Set<String>?) -> Bool {
            switch example.expectation {
            case .raises(let name), .refused(let name):
                return exceptions.map { $0.contains(name.split(separator: ".").last.map(String.init) ?? name) } ?? true
            case .script:
                guard let exceptions else { return example.text.range(of: #" raises [A-Za-z_][\w.]*$"#, options: .regularExpression) != nil }
                return exceptions.contains { example.text.hasSuffix("raises \($0)") }
            default: return false
            }
        }
    }

    /// A use of the code a model sample wrote (a proposed case, its result left aside) that made
    /// the code fail inside itself: a wrong type, a missing attribute or name in one of its own
    /// lines. Whatever the right result is, code that breaks there is wrong, unless the use
    /// itself is (one sample wrote it), so it is shown to a repair and named, never a verdict.
    public struct BrokenUse: Codable, Sendable, Equatable {
        public var requirement: String
        /// The use as a `.runs` example: its program, and its text as the sample wrote it (a
        /// scenario's statements joined with "; ").
        public var example: SpecExample
        /// What broke, and where in the code.
        public var message: String
    }

    /// What the search did, for `--json`.
    public struct Outcome: Codable, Sendable, Equatable {
        public var samples: Int
        /// Cases the proposing sample wrote.
        public var proposed: Int
        public var agreed: [AgreedCase]
        public var usage: Usage
        public var seconds: Double
        /// The repair round toward agreed cases the code contradicted, when one ran.
        public var repair: Repair?
        /// Proposal rounds: 2 when requirements the first left without an agreed case were asked about again.
        public var rounds: Int
        /// The requirements the second round asked about.
        public var askedAgain: [String]
        /// Proposed uses, agreed or not, that made the code fail inside itself (nil when none did).
        public var broken: [BrokenUse]?
        /// Cases the samples agreed on that were not run, each with why in its message: a result
        /// for an input the spec says raises an error, or a call agreed with two different
        /// results (nil when none were).
        public var setAside: [AgreedCase]?

        public init(
            samples: Int, proposed: Int, agreed: [AgreedCase], usage: Usage, seconds: Double, repair: Repair? = nil,
            rounds: Int = 1, askedAgain: [String] = [], broken: [BrokenUse] = [], setAside: [AgreedCase] = []
        ) {
            self.broken = broken.isEmpty ? nil : broken
            self.setAside = setAside.isEmpty ? nil : setAside
            self.samples = samples
            self.proposed = proposed
            self.agreed = agreed
            self.usage = usage
            self.seconds = seconds
            self.repair = repair
            self.rounds = rounds
            self.askedAgain = askedAgain
        }
    }

    /// The repair rounds fed with the agreed cases the code contradicted and the uses it broke on.
    /// Its code is kept only when it passes every check, runs those uses and reproduces every
    /// agreed case: then the answers and the code agree, as the dual agreement asks.
    public struct Repair: Codable, Sendable, Equatable {
        /// The repair chosen (numbered after the loop's attempts), and how many rounds ran.
        public var attempt: Int
        public var rounds: Int
        /// The contradicted cases it was shown.
        public var shown: [String]
        /// Agreed cases the repaired code reproduces, of all agreed cases run.
        public var reproduced: Int
        public var of: Int
        public var passedChecks: Bool
        public var kept: Bool
    }

    /// One sample proposes cases (calls or scenarios with expected results, tagged with their
    /// requirement); `samples - 1` more, independently, work out the results of the same calls
    /// (the scenarios with their results left blank). A case is kept when at least
    /// `minimumAgreement` of these answers give it the same expectation.
    /// `round` numbers the proposal, so that another round draws other samples (its seeds differ).
    /// `construction` is how scenarios build the object when the spec does not say (`ShoppingCart()`).
    func propose(
        spec: String, requirements: [Requirement], function: String, backend: any ModelBackend, round: Int = 0,
        construction: String? = nil
    ) async throws -> (cases: [AgreedCase], proposed: Int, usage: Usage, uses: [(SpecExample, String)]) {
        // The requirements asked about are numbered afresh from R1 in the prompt, and the tags of
        // the replies mapped back. A case tagged with a requirement that was not asked about is
        // not read where several were (asked about one, every case is its), and the 1.5B tags by
        // the template's form line (`# R1`) or by counting rather than by the list: asked about R2
        // alone, e03-is-palindrome's proposal tagged all twenty cases R1; asked about R2-R5,
        // 05-parse-env's tagged all eleven R1 (pattern-eval, 32338c6).
        let original = Dictionary(uniqueKeysWithValues: requirements.enumerated().map { ("R\($0.offset + 1)", $0.element.id) })
        let requirements = requirements.enumerated().map { index, requirement in
            var numbered = requirement
            numbered.id = "R\(index + 1)"
            return numbered
        }
        var usage = Usage(promptTokens: 0, completionTokens: 0)
        /// `answering`: the reply works out given calls, matched to them by the call itself, so
        /// its tags do not matter (e07-dedupe's two answers, asked about R2, tagged every line R1).
        @Sendable func ask(
            _ template: PromptTemplate, _ fields: [String: String], seed: Int, answering: Bool = false, maxTokens: Int? = nil
        ) async throws -> Answer {
            var parameters = template.parameters
            parameters.seed = seed
            if let maxTokens { parameters.maxTokens = min(parameters.maxTokens, maxTokens) }
            let reply = try await backend.complete(ChatRequest(messages: try template.render(fields), parameters: parameters))
            let read = try await tagged(reply.text, function: function, spec: spec, requirements: requirements, anyTag: answering)
            return Answer(cases: read.cases, scenarios: read.scenarios, usage: reply.usage)
        }
        func count(_ answer: Answer) {
            usage.promptTokens = (usage.promptTokens ?? 0) + (answer.usage.promptTokens ?? 0)
            usage.completionTokens = (usage.completionTokens ?? 0) + (answer.usage.completionTokens ?? 0)
        }
        let list = requirements.map { "\($0.id). \($0.text)" }.joined(separator: "\n")
        // Asked about one requirement, every call the reply writes is for it, whatever its tag.
        let alone = requirements.count == 1 && form == .calls
        // Of its cases at most `maximumPerRequirement` are kept, so a reply about one requirement
        // needs no more room than that many: three of 02-split-amount's four such proposals
        // repeated themselves to the template's 512 tokens, 300 s each on a busy four-slot server.
        var first = try await ask(
            template, ["spec": spec, "requirements": list, "name": function, "construct": construction ?? ""],
            seed: 1_000 + 10 * round, answering: alone, maxTokens: alone ? Self.tokensPerCase * maximumPerRequirement : nil)
        if alone { first.cases = first.cases.map { ($0.0, "R1") } }
        count(first)
        // A case that only claims something holds (`f(x) > 0`, `not f(x)`) cannot be asked
        // without showing the claim: its answers would copy it, which is no agreement.
        let proposal = first.cases.filter { !$0.1.isEmpty && $0.0.expectation != .holds }
        // At most `maximumPerRequirement` cases per requirement: a proposal that writes twelve
        // variations of one call spends the answers' effort on one requirement.
        var calls: [(call: String, requirement: String)] = []
        for (example, requirement) in proposal where !calls.contains(where: { $0.call == example.call }) {
            if calls.filter({ $0.requirement == requirement }).count < maximumPerRequirement {
                calls.append((example.call, requirement))
            }
        }
        // Every proposed case that expects a result is also a use of the code to try, whatever
        // the answers make of that result (an error case's input is meant to be refused).
        let uses = first.cases.filter { !$0.1.isEmpty && !AgreedCase.expectsRaising($0.0, anyOf: nil) }
            .compactMap { example, requirement in use(of: example).map { ($0, original[requirement] ?? requirement) } }
        guard !calls.isEmpty else { return ([], 0, usage, uses) }
        let fields: [String: String]
        switch form {
        case .calls:
            fields = [
                "spec": spec, "name": function,
                "calls": calls.map { "\($0.call)  # \($0.requirement)" }.joined(separator: "\n"),
            ]
        case .scenarios:
            // Only the scenarios that hold a case (their claimed results blanked out).
            let asked = first.scenarios.filter { scenario in proposal.contains { $0.1 == scenario.tag } }
            fields = ["spec": spec, "name": function, "scenarios": asked.map(\.question).joined(separator: "\n\n")]
        }
        var answers: [[(SpecExample, String)]] = [proposal]
        let others = max(samples - 1, 0)
        let answerTemplate = self.answerTemplate
        let replies = try await backend.independentSamples(others) { sample in
            try await ask(answerTemplate, fields, seed: 2_000 + 10 * round + sample, answering: true)
        }
        for reply in replies {
            count(reply)
            answers.append(reply.cases)
        }
        var agreed: [AgreedCase] = []
        for (call, requirement) in calls {
            var votes: [(example: SpecExample, count: Int)] = []
            for answer in answers {
                guard let example = answer.first(where: { $0.0.call == call })?.0 else { continue }
                if let index = votes.firstIndex(where: { $0.example.expectation == example.expectation }) {
                    votes[index].count += 1
                } else {
                    votes.append((example, 1))
                }
            }
            if let best = votes.max(by: { $0.count < $1.count }), best.count >= minimumAgreement {
                agreed.append(AgreedCase(requirement: original[requirement] ?? requirement, example: best.example, samples: best.count))
            }
        }
        return (agreed, proposal.count, usage, uses)
    }

    struct Answer: Sendable {
        var cases: [(SpecExample, String)]
        var scenarios: [CaseReading.Scenario]
        var usage: Usage
    }

    /// The cases in a reply's code block that exercise `function` (the class, for scenarios), each
    /// with the requirement its `# R<n>` comment names; and, for scenarios, each one as a question.
    /// `anyTag`: cases tagged with no requirement asked about, or with none, are read too (their
    /// requirement left empty).
    func tagged(
        _ reply: String, function: String, spec: String, requirements: [Requirement], anyTag: Bool = false
    ) async throws -> (cases: [(SpecExample, String)], scenarios: [CaseReading.Scenario]) {
        guard let code = try? toolchain.codeExtractor.extract(from: reply) else { return ([], []) }
        switch form {
        case .calls:
            return (try await taggedCalls(code, function: function, requirements: requirements, anyTag: anyTag), [])
        case .scenarios:
            // An answer's cases may have lost their tags (they are matched by their call); a
            // proposal's untagged cases are dropped where the proposal is read.
            let reading = try await toolchain.readScenarios(code, subject: function)
            let known = Set(requirements.map(\.id))
            // A case that uses a method or field the spec never names tests something the spec
            // does not ask for (the 1.5B copies a template's `item.method(...)` literally).
            let usable = reading.cases.filter { item in item.attributes.allSatisfy { Self.mentions(spec, $0) } }
            return (
                usable.filter { anyTag || known.contains($0.tag) || $0.tag.isEmpty }.map { ($0.example, known.contains($0.tag) ? $0.tag : "") },
                reading.scenarios.filter { known.contains($0.tag) }
            )
        }
    }

    /// Whether `spec` mentions `name` as a word.
    static func mentions(_ spec: String, _ name: String) -> Bool {
        spec.range(of: "\\b\(NSRegularExpression.escapedPattern(for: name))\\b", options: .regularExpression) != nil
    }

    /// `assert f(...) == ...  # R<n>` lines, read as spec examples. A case written over several
    /// lines (an error expected on one line, the call indented below it) may carry its tag on any
    /// of them. `anyTag`: a case without a tag of a requirement in `requirements` is read too,
    /// with no requirement.
    func taggedCalls(
        _ code: String, function: String, requirements: [Requirement], anyTag: Bool = false
    ) async throws -> [(SpecExample, String)] {
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The code as a fenced block, so the reader parses it whole; its line numbers are then
        // the code's plus one.
        let reading = try await toolchain.readSpec("```\n" + code + "\n```")
        func indentation(_ line: String) -> Int { line.prefix { $0 == " " || $0 == "\t" }.count }
        return reading.examples.compactMap { example in
            let first = example.line - 2
            guard example.function == function, lines.indices.contains(first) else { return nil }
            // The case's own lines: its first, and those indented deeper that follow it.
            var own = [lines[first]]
            for line in lines[(first + 1)...] {
                guard !line.trimmingCharacters(in: .whitespaces).isEmpty, indentation(line) > indentation(lines[first]) else { break }
                own.append(line)
            }
            guard let line = own.first(where: { $0.range(of: Self.tag, options: .regularExpression) != nil }),
                let tag = line.range(of: Self.tag, options: .regularExpression)
            else { return anyTag ? (example, "") : nil }
            let requirement = String(line[tag].filter { $0 == "R" || $0.isNumber })
            guard requirements.contains(where: { $0.id == requirement }) else { return anyTag ? (example, "") : nil }
            return (example, requirement)
        }
    }

    /// Room for one proposed case in a reply: a case that expects an error, over two lines, with
    /// `Decimal` or `datetime` arguments takes 60 to 90 tokens.
    static let tokensPerCase = 110

    /// A requirement's tag in a comment: `# R3`.
    static let tag = #"#\s*R\d+"#

    /// Proposes cases for the open requirements, asks again about those the first proposal left
    /// without an agreed case (while `seconds` last), runs the agreed cases against `code` with the
    /// pattern's test validator and updates the requirements they are for.
    public func check(
        code: String, spec: String, requirements: [Requirement], function: String, backend: any ModelBackend,
        validator: CandidateValidator, seconds: Double? = nil
    ) async throws -> (requirements: [Requirement], outcome: Outcome) {
        let started = ContinuousClock.now
        let open = Self.open(requirements)
        guard !open.isEmpty else {
            return (requirements, Outcome(samples: 0, proposed: 0, agreed: [], usage: Usage(), seconds: 0))
        }
        let construction = form == .scenarios ? try await Self.construction(of: function, in: code, spec: spec, toolchain: toolchain) : nil
        var proposal = try await propose(
            spec: spec, requirements: open, function: function, backend: backend, construction: construction)
        // Agreed results for inputs the spec refuses are set aside first, so that a requirement
        // whose only agreed cases were such is asked about again.
        var screened = try await settingAsideRefusedInputs(
            proposal.cases, uses: proposal.uses, code: code, spec: spec, function: function)
        screened.implied = Self.settled(screened.implied, in: requirements)
        // A proposal spends its cases on the first requirement ("returns the median") and writes
        // none for the next ("keeping the order"), even where its cases happen to show it: a
        // proposal about just those gets cases tagged for them. Only after the first agreed on
        // something (asking the same question again is no focus).
        let uncovered = open.filter { requirement in
            !(screened.kept + screened.implied).contains { $0.requirement == requirement.id && Self.canShow($0, requirement) }
        }
        var rounds = 1
        // Each is asked about alone: asked about the uncovered ones together, the 1.5B again wrote
        // cases for the first and repeated itself to the token limit (pattern-eval fbfcd06: the
        // proposals of 01-parse-duration, 05-parse-env, 09-compare-versions and 11-safe-join
        // tagged one requirement of five or six).
        let asked = Array(uncovered.prefix(maximumFocused))
        if focusedRound, !proposal.cases.isEmpty, !asked.isEmpty,
            seconds.map({ (ContinuousClock.now - started).seconds < $0 }) ?? true
        {
            // Each proposal is followed by its answers, `samples - 1` requests at once: no more
            // proposals run together than leave those a slot each (a four-slot local server,
            // sent eight proposals and their answers at once, left connections unanswered for
            // 5 s and the generation failed; pattern-eval 05-parse-env, d7b59d6).
            let together = max(1, backend.concurrency / max(1, samples - 1))
            let more = try await backend.independentSamples(asked.count, atOnce: together) { index in
                try await propose(
                    spec: spec, requirements: [asked[index]], function: function, backend: backend, round: 1 + index,
                    construction: construction)
            }
            for more in more {
                let screenedMore = try await settingAsideRefusedInputs(
                    more.cases, uses: more.uses, code: code, spec: spec, function: function)
                screened.kept += screenedMore.kept
                screened.refused += screenedMore.refused
                screened.implied += Self.settled(screenedMore.implied, in: requirements).filter { item in
                    !screened.implied.contains { $0.example.call == item.example.call }
                }
                screened.uses += screenedMore.uses
                proposal.proposed += more.proposed
                proposal.usage = proposal.usage.adding(more.usage)
            }
            rounds = 2
        }
        let (consistent, contradicting) = Self.settingAsideContradictions(screened.kept)
        let setAside = contradicting + screened.refused
        let (agreed, evaluated) = try await evaluate(
            consistent + screened.implied, code: code, requirements: requirements, validator: validator)
        let broken = try await brokenUses(screened.uses, code: code, validator: validator)
        var updated = Self.noting(setAside, besides: agreed, in: evaluated)
        for (position, requirement) in updated.enumerated() where requirement.status == .unchecked {
            guard let first = broken.first(where: { $0.requirement == requirement.id }) else { continue }
            updated[position].note =
                "a model-written use of it made the code fail inside itself: `\(first.example.text)`: \(first.message)"
                + (requirement.note.map { "; \($0)" } ?? "")
        }
        let outcome = Outcome(
            samples: samples, proposed: proposal.proposed, agreed: agreed, usage: proposal.usage,
            seconds: (ContinuousClock.now - started).seconds, rounds: rounds,
            askedAgain: rounds > 1 ? asked.map(\.id) : [], broken: broken, setAside: setAside)
        return (updated, outcome)
    }

    /// A proposed case as a use of the code with its claimed result left out (nobody vouched for
    /// it, and a repair shown it would take it for one): a call's expression; a scenario's
    /// statements with its last check reduced to what it checks (`t.total()`, not `… == 5`).
    /// Nil for a case that claims only that something holds, or expects an error.
    func use(of example: SpecExample) -> SpecExample? {
        switch example.expectation {
        case .equals:
            return SpecExample(call: example.call, expectation: .runs, function: example.function, text: example.call)
        case .script:
            var parts = example.text.components(separatedBy: "; ")
            guard let last = parts.popLast(), last.hasPrefix("assert "), let equals = last.range(of: " == ") else { return nil }
            parts.append(String(last[last.index(last.startIndex, offsetBy: 7)..<equals.lowerBound]))
            // As a use, a setup that fails is not skipped: an error the code raises on purpose
            // still says nothing, but one of its own mistakes there is a broken use like any
            // other (04-money's code broke building `Money(123, 'USD')`, an int amount the spec
            // allows, and every scenario that did so was skipped).
            return SpecExample(
                call: toolchain.raisingSetupFailures(of: example.call), expectation: .runs, function: example.function,
                text: parts.joined(separator: "; "))
        default:
            return nil
        }
    }

    /// `cases` without the calls agreed with two different results (asked in both rounds, or
    /// for two requirements: 09-compare-versions had `compare_versions('1.0.0', '1.0.1')` agreed
    /// as 0 and as -1), which are returned apart: one of the two is wrong, the code cannot
    /// reproduce both, and a repair shown both chases neither.
    static func settingAsideContradictions(_ cases: [AgreedCase]) -> (kept: [AgreedCase], contradicting: [AgreedCase]) {
        var kept: [AgreedCase] = []
        var contradicting: [AgreedCase] = []
        for var agreed in cases {
            guard let other = cases.first(where: { $0.example.call == agreed.example.call && $0.example.expectation != agreed.example.expectation })
            else {
                kept.append(agreed)
                continue
            }
            agreed.message = "the samples also agreed on `\(other.example.text)` (for \(other.requirement)): one of the two is wrong"
            contradicting.append(agreed)
        }
        return (kept, contradicting)
    }

    /// `cases` without those that expect a result for an input the spec says raises an error
    /// (`chunk([], 0) == []` where "Raise ValueError if size is less than 1"; `split_amount(
    /// Decimal('10.00'), 0) == [Decimal('0.00')]` where parts below 1 raise), which are returned
    /// apart, each with why. However many samples agree on one, it contradicts the spec, and run
    /// on code that raises as told it would read as the code disagreeing, and be shown to a
    /// repair as a result to reproduce; a use of such an input is dropped too. The other way
    /// round too: a case that expects an error the spec states only under conditions the probes
    /// read, for arguments that meet none of them (`chunk([1], 1.5)` expecting ValueError where
    /// "size is less than 1" raises it), asks for a check the spec never did. Calls only: the
    /// argument is the parameter the statement names (found in `code`'s signature of `function`),
    /// or the function's only one.
    ///
    /// Each call whose input the spec refuses with one error comes back in `implied` as a case of
    /// its own, its requirement still the edge's probe case name (`settled(_:in:)` names the
    /// requirement): the call must raise that error, on the spec's word. A model wrote the input,
    /// not its expected value (the samples expected a result there, against the spec).
    func settingAsideRefusedInputs(
        _ cases: [AgreedCase], uses: [(SpecExample, String)], code: String, spec: String, function: String
    ) async throws -> (kept: [AgreedCase], refused: [AgreedCase], uses: [(SpecExample, String)], implied: [AgreedCase]) {
        func expectsResult(_ agreed: AgreedCase) -> Bool {
            if case .equals = agreed.example.expectation { return true }
            return false
        }
        let edges = SpecEdgeCase.parse(spec).filter { if case .raises = $0.expectation { true } else { false } }
        let asked = cases.filter(expectsResult).map(\.example.call) + uses.map(\.0.call)
        // Cases that expect an error the spec states in full, by conditions on the arguments.
        let whole = SpecEdgeCase.fullyStatedErrors(spec)
        let raising: [(call: String, error: String)] = cases.compactMap { agreed in
            guard case .raises(let error) = agreed.example.expectation,
                whole.contains(error.split(separator: ".").last.map(String.init) ?? error)
            else { return nil }
            return (agreed.example.call, error)
        }
        guard form == .calls, !edges.isEmpty, !asked.isEmpty || !raising.isEmpty,
            let parameters = try await toolchain.definitions(in: code).first(where: { $0.qualifiedName == function })?.parameters
        else { return (cases, [], uses, []) }
        // The reader failing leaves every case in, as before it existed: it only ever takes cases out.
        let calls = (try? await toolchain.refusedCalls(asked, function: function, parameters: parameters, edges: edges)) ?? []
        let unstated =
            (try? await toolchain.unstatedErrorCalls(
                raising, function: function, parameters: parameters, edges: edges.filter { whole.contains($0.raisedError ?? "") })) ?? []
        var kept: [AgreedCase] = []
        var refused: [AgreedCase] = []
        for var agreed in cases {
            if case .raises(let expected) = agreed.example.expectation,
                let call = unstated.first(where: { $0.call == agreed.example.call && expected.hasSuffix($0.error) })
            {
                // However many samples agree on it, the error is not one the spec asks for there:
                // run, it would hold a requirement to an invented check (chunk's "Raise ValueError
                // if size is less than 1", and three samples' `chunk([1, 2, 3, 4, 5], 1.5)`).
                let stated = edges.filter { call.edges.contains($0.probeCaseName) }.map(\.input.words)
                agreed.message =
                    "the spec states \(call.error) only for \(stated.joined(separator: " or ")), and this call gives none of that"
                refused.append(agreed)
                continue
            }
            guard expectsResult(agreed), let call = calls.first(where: { $0.call == agreed.example.call }) else {
                kept.append(agreed)
                continue
            }
            let input = edges.first { $0.probeCaseName == call.edge }?.input.words ?? "this input"
            agreed.message = "the spec says \(input) raises \(call.error), and \(agreed.samples) of \(samples) samples expected a result"
            refused.append(agreed)
        }
        var seen = Set<String>()
        let implied: [AgreedCase] = calls.compactMap { call in
            guard let error = call.onlyError, seen.insert(call.call).inserted else { return nil }
            let input = edges.first { $0.probeCaseName == call.edge }?.input.words ?? "this input"
            let writers = cases.first { $0.example.call == call.call }?.samples ?? 1
            return AgreedCase(
                requirement: call.edge,
                example: SpecExample(
                    call: call.call, expectation: .refused(error), function: function,
                    text: "\(call.call) raises \(error), as the spec says \(input) does"),
                samples: writers, fromSpec: true)
        }
        // A use of such an input is not one the code has to run either.
        return (kept, refused, uses.filter { use in !calls.contains { $0.call == use.0.call } }, implied)
    }

    /// `implied` (from `settingAsideRefusedInputs`) with each case's requirement the open one
    /// whose text states its edge; cases no open requirement states are left out (a probe already
    /// checked it, or the statement is not one requirement's).
    static func settled(_ implied: [AgreedCase], in requirements: [Requirement]) -> [AgreedCase] {
        let open = Self.open(requirements)
        let stating = open.map { requirement in (requirement.id, Set(SpecEdgeCase.parse(requirement.text).map(\.probeCaseName))) }
        return implied.compactMap { item in
            guard let id = stating.first(where: { $0.1.contains(item.requirement) })?.0 else { return nil }
            var settled = item
            settled.requirement = id
            return settled
        }
    }

    /// `requirements` with a note on each unchecked one whose agreed cases were all set aside,
    /// saying why the first was.
    static func noting(_ setAside: [AgreedCase], besides agreed: [AgreedCase], in requirements: [Requirement]) -> [Requirement] {
        requirements.map { requirement in
            guard requirement.status == .unchecked, !agreed.contains(where: { $0.requirement == requirement.id }),
                let first = setAside.first(where: { $0.requirement == requirement.id })
            else { return requirement }
            var noted = requirement
            noted.note = "its agreed cases were not run: `\(first.example.text)`: \(first.message ?? "")"
            return noted
        }
    }

    /// At most this many proposed uses are tried on the code.
    static let usesTried = 12

    /// Runs each proposed use on `code` (its result left aside) with the pattern's test
    /// validator, in a run of their own (a use that hangs costs the agreed cases nothing), and
    /// returns those that made the code fail inside itself. A run that did not finish, or whose
    /// cases did not run, reports none: not run is not broken.
    public func brokenUses(
        _ uses: [(SpecExample, String)], code: String, validator: CandidateValidator
    ) async throws -> [BrokenUse] {
        var seen = Set<String>()
        let tried = uses.filter { seen.insert($0.0.call).inserted }.prefix(Self.usesTried)
        guard !tried.isEmpty else { return [] }
        let examples = tried.map(\.0)
        let report = try await running(examples, like: validator).check(code)
        return tried.enumerated().compactMap { index, use in
            guard let result = report.tests.first(where: { $0.name == SpecExample.testName(forExampleAt: index) }),
                result.outcome == .failed || result.outcome == .error
            else { return nil }
            return BrokenUse(requirement: use.1, example: examples[index], message: result.message ?? "it failed")
        }
    }

    /// A validator that runs `examples` alone, as tests, with `validator`'s context otherwise.
    func running(_ examples: [SpecExample], like validator: CandidateValidator) -> CandidateValidator {
        var context = validator.context
        context.specReading = SpecReading(examples: examples)
        context.tests = []
        return CandidateValidator(
            context: context,
            suite: ValidationSuite(validators: toolchain.validators(for: .generatedCode).filter { $0.name == "tests" }),
            path: validator.path)
    }

    /// How scenarios build an object of class `name` when the spec does not show it: with the
    /// parameters of the code's `__init__` (`ShoppingCart()`, `Account(<owner>, <balance>)`). How
    /// to build the object is interface, not behaviour, and a scenario that builds it in a way
    /// the code does not accept checks nothing (the 1.5B wrote `ShoppingCart("Apples", 1.0, 5)` for
    /// a spec that gave no constructor). nil when the spec writes a construction itself or the code
    /// has no `__init__` of its own (a dataclass, an inherited one).
    public static func construction(of name: String, in code: String, spec: String, toolchain: any LanguageToolchain)
        async throws -> String?
    {
        guard !spec.contains("\(name)("),
            let initializer = try await toolchain.definitions(in: code).first(where: { $0.qualifiedName == "\(name).__init__" })
        else { return nil }
        return "\(name)(" + initializer.parameters.map { "<\($0)>" }.joined(separator: ", ") + ")"
    }

    /// The requirements agreed cases may check: unchecked statements of what the code takes,
    /// returns or does, and edge cases stated in words that no probe could build an input for
    /// ("pop() and peek() raise IndexError when the stack is empty": probes call no methods;
    /// "raise ValueError for numbers outside that range": no probe knows the range).
    static func open(_ requirements: [Requirement]) -> [Requirement] {
        requirements.filter { $0.status == .unchecked && [.result, .behaviour, .input, .edgeCase].contains($0.kind) }
    }

    /// The exceptions a requirement says the code raises ("pop() raises IndexError when …",
    /// "Raise ValueError for an amount that is not positive").
    static func statedErrors(_ text: String) -> Set<String> {
        guard text.range(of: #"\b(?:raises?|raising|raised|throws?)\b"#, options: [.regularExpression, .caseInsensitive]) != nil
        else { return [] }
        return Set(SpecEdgeCase.mentionedExceptions(text)).subtracting(["Exception"])
    }

    /// Whether a requirement's text says some input is refused without naming the error ("internal
    /// spaces are not allowed", "rejects negative amounts", "raises an error"): a case that
    /// expects an error can show it.
    static func refuses(_ text: String) -> Bool {
        text.range(
            of: #"\b(?:not\s+(?:allowed|permitted|accepted|valid)|rejects?|rejected|invalid|disallowed|forbidden|(?:must|may)\s+not|cannot|raises?|raising|throws?)\b"#,
            options: [.regularExpression, .caseInsensitive]) != nil
    }

    /// How a case that checked a requirement is listed in its `checkedBy`.
    func described(_ item: AgreedCase) -> String {
        item.fromSpec == true
            ? "stated error: \(item.example.text) (a call \(item.samples) of the samples wrote)"
            : "agreed case: \(item.example.text) (\(item.samples) of \(samples) samples)"
    }

    /// Whether `item` can show `requirement`: one that states an error only by a case expecting
    /// that error (popping a full stack exercises something else); one that states a result and
    /// refuses nothing only by a case that expects a result (01-parse-duration's "Surrounding
    /// whitespace is ignored" was held by `parse_duration('1h30m-')` raising ValueError, and
    /// "Units are d (86400), h (3600) …" by an empty string raising it).
    static func canShow(_ item: AgreedCase, _ requirement: Requirement) -> Bool {
        let stated = statedErrors(requirement.text)
        if !stated.isEmpty { return item.expectsRaising(anyOf: stated) }
        return refuses(requirement.text) || !AgreedCase.expectsRaising(item.example, anyOf: nil)
    }

    /// Runs `agreed` against `code` with the pattern's test validator (no model call) and updates
    /// the open requirements they are for: held when the code reproduces all of a requirement's
    /// cases; failed when a stated-error case's call returned (the spec's word, not a sample's);
    /// otherwise still unchecked, with the disagreement named.
    public func evaluate(
        _ cases: [AgreedCase], code: String, requirements: [Requirement], validator: CandidateValidator
    ) async throws -> (agreed: [AgreedCase], requirements: [Requirement]) {
        var agreed = cases
        var updated = requirements
        guard !agreed.isEmpty else { return (agreed, updated) }
        let open = Self.open(requirements)
        let report = try await running(agreed.map(\.example), like: validator).check(code)
        for index in agreed.indices {
            let result = report.tests.first { $0.name == SpecExample.testName(forExampleAt: index) }
            agreed[index].outcome = result?.outcome
            agreed[index].message = result?.message
        }
        for (position, requirement) in updated.enumerated() where open.contains(where: { $0.id == requirement.id }) {
            // A skipped case (its scenario's setup failed) says nothing either way.
            var mine = agreed.filter { $0.requirement == requirement.id && $0.outcome != nil && $0.outcome != .skipped }
            guard !mine.isEmpty else {
                // Say so, rather than leave the note that no case states a result (04-money).
                if let skipped = agreed.first(where: { $0.requirement == requirement.id && $0.outcome == .skipped }) {
                    updated[position].note =
                        "its agreed cases could not run: `\(skipped.example.text)`: \(skipped.message ?? "the scenario's setup failed")"
                }
                continue
            }
            // Only cases that can show it count (`canShow`); a requirement that states a result
            // may be checked by error cases too, but not by them alone.
            let stated = Self.statedErrors(requirement.text)
            let tagged = mine
            if !stated.isEmpty {
                mine = mine.filter { Self.canShow($0, requirement) }
            }
            if !mine.contains(where: { Self.canShow($0, requirement) }) {
                let listed = tagged.map { "`\($0.example.text)`" }.joined(separator: ", ")
                updated[position].note =
                    stated.isEmpty
                    ? "the agreed cases written for it (\(listed)) all expect an error, and it states a result: none showed what the code returns"
                    : "the agreed cases written for it (\(listed)) expect no \(stated.sorted().joined(separator: " or ")): none exercised the error it states"
                continue
            }
            if let broken = mine.first(where: { $0.fromSpec == true && $0.outcome != .passed }) {
                // The spec's own word, not the samples': the code returned where it says the input
                // raises (a case whose call raised something else skipped, and says nothing).
                updated[position].status = .failed
                updated[position].checkedBy = mine.map(described)
                updated[position].note = "a stated-error case failed: \(broken.message ?? broken.example.text)"
            } else if mine.allSatisfy({ $0.outcome == .passed }) {
                updated[position].status = .held
                updated[position].checkedBy = mine.map(described)
                updated[position].note = nil
            } else if let disputed = mine.first(where: { $0.outcome != .passed }) {
                updated[position].note =
                    "\(disputed.samples) of \(samples) independent model-written cases expect `\(disputed.example.text)`, and the code disagrees: check this requirement by hand"
            }
        }
        return (agreed, updated)
    }
}
