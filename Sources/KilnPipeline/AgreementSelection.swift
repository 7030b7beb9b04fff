import Foundation
import KilnCore
import KilnModels
import KilnPrompts
import KilnSystem
import KilnValidation

/// Chooses among candidates that all pass the visible checks by how much their behaviour agrees
/// (minimum Bayes risk over execution as in MBR-exec, with CodeT's dual agreement): every
/// candidate runs in the sandbox on the same test cases — the spec's examples and cases the model
/// writes from the spec alone, some with the result the spec implies — and scores one point for
/// every other candidate that gives the same output on a case, and as many points as there are
/// other candidates for every case whose stated result it reproduces. Independent samples that
/// are wrong tend to be wrong in different ways; right ones agree with each other and with what
/// the spec says. No single model-written expectation is trusted: it is one voice in the vote.
///
/// Beside those cases, type-aware variants of them (EvalPlus-style: one argument one small step of
/// its own type away, `maximumVariants` at most) look for inputs where the candidates part.
///
/// Where the candidates disagree on a case that states no result (a separating input), the spec
/// decides: `answerSamples` independent samples work out those calls' results from the spec
/// alone (the `requirement-answers` template); a result every one of them gives, and that some
/// candidate reproduces, then weighs like a stated result.
public struct AgreementSelection: Sendable {
    public var toolchain: any LanguageToolchain
    public var sandbox: Sandbox
    /// The function whose behaviour is compared; nil: the top-level function every candidate
    /// defines, preferring one the spec names.
    public var entryPoint: String?
    public var limits: SandboxLimits
    /// Most calls compared.
    public var maximumInputs: Int
    /// The template asking the model for test cases (`inputs`; a repository's override when it has one).
    public var template: PromptTemplate
    /// The template that works out results of given calls from the spec (`requirement-answers`).
    public var answerTemplate: PromptTemplate
    /// Independent answers asked for the separating inputs; they must all agree. Below 2: none asked.
    public var answerSamples: Int
    /// Most separating inputs put to the answers.
    public var maximumSeparating: Int
    /// Most variants of the cases added to them (0: none).
    public var maximumVariants: Int

    public init(
        toolchain: any LanguageToolchain, sandbox: Sandbox, entryPoint: String? = nil,
        limits: SandboxLimits = SandboxLimits(wallTime: .seconds(20), cpuSeconds: 20), maximumInputs: Int = 24,
        template: PromptTemplate? = nil, answerTemplate: PromptTemplate? = nil, answerSamples: Int = 2,
        maximumSeparating: Int = 8, maximumVariants: Int = 8
    ) throws {
        self.maximumVariants = maximumVariants
        self.template = try template ?? TemplateCatalog.builtin(named: "inputs", in: toolchain.builtinTemplates)
        self.answerTemplate =
            try answerTemplate ?? TemplateCatalog.builtin(named: "requirement-answers", in: toolchain.builtinTemplates)
        self.answerSamples = answerSamples
        self.maximumSeparating = maximumSeparating
        self.toolchain = toolchain
        self.sandbox = sandbox
        self.entryPoint = entryPoint
        self.limits = limits
        self.maximumInputs = maximumInputs
    }

    /// What the vote saw and decided, for `--json`.
    public struct Outcome: Codable, Sendable, Equatable {
        public var method: String
        public var function: String?
        /// The attempts compared, in order, and each one's agreement score (matching outputs
        /// summed over the other candidates).
        public var candidates: [Int]
        public var scores: [Int]
        /// The test cases compared, as written (`assert f(x) == y` or `f(x)`).
        public var inputs: [String]
        /// How many cases state a result, and how many of those each candidate reproduces.
        public var statedResults: Int
        public var matchesStated: [Int]
        /// Separating inputs (candidates disagree, no stated result) whose result the independent
        /// answers agreed on, as `assert call == result`; and how many of those each candidate
        /// reproduces. Absent when no candidates disagreed or no answers were asked.
        public var settled: [String]?
        public var matchesSettled: [Int]?
        /// How many of `inputs` are variants of the others (they come last).
        public var variants: Int?
        public var chosen: Int
        /// Where no candidate passed ("closest"): the spec's examples every candidate failed while
        /// most of those that ran, from at least two independent samples, agree on another result.
        public var disputed: [DisputedExample]?
    }

    /// A stated example no candidate reproduced, and the result most of them gave instead: the
    /// example may be wrong (HumanEval/47 states 15.0 for a median that is 8.0), or the samples
    /// may share a misreading (HumanEval/64: five 0.5B samples count no final 'Y' as a vowel).
    public struct DisputedExample: Codable, Sendable, Equatable {
        /// The case as the spec's example reads (`assert f(x) == y`).
        public var example: String
        /// What most candidates gave, as `=repr` or `!ExceptionName`.
        public var output: String
        /// How many candidates gave it, of how many ran, and from how many independent samples.
        public var agreeing: Int
        public var of: Int
        public var samples: Int

        /// The output as a reader writes it: the value, or "raises E".
        public var shown: String {
            output.hasPrefix("!") ? "raises \(output.dropFirst())" : String(output.dropFirst())
        }

        /// A warning beside the failed checks: the user's example, not the code, may be wrong (HumanEval/47),
        /// or the spec is easy to misread the same way (HumanEval/64's "y only at the end").
        public var finding: Finding {
            Finding(
                rule: "tests/example-disputed", category: .correctness, severity: .warning,
                message:
                    "no candidate reproduced the spec's example `\(example)`; \(agreeing) of the \(of) that ran, from \(samples) independent samples, give \(shown) instead: the example is wrong, or the spec reads in a way they all got wrong",
                fixHint: "check the example; if it is right, spell out in the spec what makes it so")
        }
    }

    /// The function to compare: `entryPoint`, else a top-level function all candidates define.
    func function(in candidates: [String], spec: String) async throws -> String? {
        if let entryPoint { return entryPoint }
        var common: [String]?
        for code in candidates {
            let names = try await toolchain.definitions(in: code).filter {
                $0.kind == "function" && !$0.qualifiedName.contains(".")
            }
            .map(\.qualifiedName)
            common = common.map { previous in previous.filter(names.contains) } ?? names
        }
        guard let common, !common.isEmpty else { return nil }
        return common.first { spec.contains($0) && !$0.hasPrefix("_") } ?? common.last
    }

    /// Test cases for `function`: the spec's own examples (their results stated by the user), the
    /// model's reply to the `inputs` template, and then variants of both (`variants` of them, last).
    func inputs(
        function: String, spec: String, backend: any ModelBackend
    ) async throws -> (calls: [String], variants: Int, usage: Usage, seconds: Double) {
        let started = ContinuousClock.now
        var calls = toolchain.exampleCases(try await toolchain.readSpec(spec).examples, function: function)
        let stated = calls.count
        let messages = try template.render(["spec": spec, "name": function])
        let response = try await backend.complete(ChatRequest(messages: messages, parameters: template.parameters))
        let seconds = (ContinuousClock.now - started).seconds
        if let code = try? toolchain.codeExtractor.extract(from: response.text) {
            calls += code.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { $0.hasPrefix(function + "(") || $0.hasPrefix("assert \(function)(") }
        }
        var seen = Set<String>()
        calls = Array(calls.filter { seen.insert($0).inserted }.prefix(maximumInputs))
        let derived = try await toolchain.variants(of: calls, stated: stated, function: function, limit: maximumVariants)
        // A model-written call of a shape the spec's examples never show ("a list of two strings"
        // called with one) asks about an input outside the spec: answers to it settle nothing.
        let outside = Set(derived.outside)
        calls = calls.enumerated().filter { $0.offset < stated || !outside.contains($0.element) }.map(\.element)
        let variants = derived.calls.filter { seen.insert($0).inserted }
        return (calls + variants, variants.count, response.usage, seconds)
    }

    /// One candidate's output on each case ("=repr" or "!ExceptionName"; nil where the case could
    /// not be read as literals) and the result each case states, if any. A candidate that did not
    /// load or ran out of its limits agrees with nobody.
    func outputs(of code: String, function: String, calls: [String]) async throws -> CaseOutputs {
        if let run = try await toolchain.outputs(of: code, function: function, cases: calls, sandbox: sandbox, limits: limits) {
            return run
        }
        return CaseOutputs(outputs: calls.map { _ in "!unavailable-\(UUID().uuidString)" }, expected: calls.map { _ in nil })
    }

    /// Every candidate run on `calls`: the calls some candidate could run (`usable`, indices into
    /// `calls`), each candidate's outputs on those, and the result each states. Cases no candidate
    /// could run (not literals) say nothing; the stated results are the same in every run, and a
    /// run that never loaded has none.
    func table(of codes: [String], function: String, calls: [String]) async throws
        -> (usable: [Int], outputs: [[String?]], expected: [String?])
    {
        var runs: [CaseOutputs] = []
        for code in codes {
            runs.append(try await outputs(of: code, function: function, calls: calls))
        }
        let usable = calls.indices.filter { index in runs.contains { $0.outputs[index] != nil } }
        return (
            usable, runs.map { run in usable.map { run.outputs[$0] } },
            usable.map { index in runs.lazy.compactMap { $0.expected[index] }.first }
        )
    }

    /// Scores: for each candidate, the number of (other candidate, case) pairs with the same output,
    /// plus, for every case whose stated result it reproduces, as many points as there are other
    /// candidates (the spec's voice weighs as much as all the other samples together).
    public static func scores(_ outputs: [[String?]], expected: [String?] = []) -> [Int] {
        let others = max(outputs.count - 1, 1)
        return outputs.indices.map { i in
            let agreement = outputs.indices.reduce(0) { total, j in
                guard i != j else { return total }
                return total + zip(outputs[i], outputs[j]).filter { pair in pair.0 != nil && pair.0 == pair.1 }.count
            }
            return agreement + others * matches(outputs[i], expected)
        }
    }

    /// How many stated results `outputs` reproduces.
    static func matches(_ outputs: [String?], _ expected: [String?]) -> Int {
        zip(outputs, expected).filter { pair in pair.1 != nil && pair.0 == pair.1 }.count
    }

    /// Picks among `candidates` (attempt number and code); the earliest wins a tie.
    public func choose(
        among candidates: [(attempt: Int, code: String)], spec: String, backend: any ModelBackend
    ) async throws -> (outcome: Outcome, usage: Usage, modelSeconds: Double) {
        let none = Usage(promptTokens: 0, completionTokens: 0)
        guard let first = candidates.first else { throw GenerationError.noCode(attempts: 0, findings: []) }
        guard candidates.count > 1, let function = try await function(in: candidates.map(\.code), spec: spec) else {
            return (
                Outcome(
                    method: "first-passing", function: nil, candidates: candidates.map(\.attempt), scores: [], inputs: [],
                    statedResults: 0, matchesStated: [], chosen: first.attempt), none, 0
            )
        }
        let (calls, variantCount, usage, modelSeconds) = try await inputs(function: function, spec: spec, backend: backend)
        let firstVariant = calls.count - variantCount
        let (usable, outputs, expected) = try await table(of: candidates.map(\.code), function: function, calls: calls)
        var scores = Self.scores(outputs, expected: expected)
        var totalUsage = usage
        var totalModelSeconds = modelSeconds
        var settledCases: [String]?
        var matchesSettled: [Int]?
        // Columns of `outputs` where the candidates disagree and nothing states the result.
        let asked = Array(
            Self.separating(outputs, expected: expected).filter { calls[usable[$0]].hasPrefix(function + "(") }
                .prefix(maximumSeparating))
        if answerSamples > 1, !asked.isEmpty {
            // A variant's input was never in the spec or the model's cases: only a value settles
            // it, never an error (it may lie outside what the spec allows, and a raise there must
            // not make code that invents validation win).
            let settled = try await settle(
                asked.map { calls[usable[$0]] }, function: function, spec: spec, backend: backend,
                referenceCode: candidates[0].code,
                valuesOnly: Set(asked.indices.filter { usable[asked[$0]] >= firstVariant }))
            totalUsage = totalUsage.adding(settled.usage)
            totalModelSeconds += settled.seconds
            // Each settled result: the candidates' outputs on that case against it.
            let columns = settled.cases.map { (asked[$0.index], $0.result) }
            let settledOutputs = outputs.map { row in columns.map { row[$0.0] } }
            let settledExpected = columns.map { Optional($0.1) }
            // An answer no candidate reproduces cannot choose between them; it is not counted.
            let reproduced = settledExpected.indices.filter { k in settledOutputs.contains { $0[k] == settledExpected[k] } }
            let others = max(candidates.count - 1, 1)
            let matches = settledOutputs.map { row in reproduced.filter { row[$0] == settledExpected[$0] }.count }
            scores = zip(scores, matches).map { $0 + others * $1 }
            settledCases = reproduced.map { settled.cases[$0].text }
            matchesSettled = matches
        }
        let best = scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) } ?? 0
        return (
            Outcome(
                method: "agreement", function: function, candidates: candidates.map(\.attempt), scores: scores,
                inputs: usable.map { calls[$0] }, statedResults: expected.compactMap { $0 }.count,
                matchesStated: outputs.map { Self.matches($0, expected) }, settled: settledCases,
                matchesSettled: matchesSettled, variants: usable.filter { $0 >= firstVariant }.count,
                chosen: candidates[best].attempt), totalUsage,
            totalModelSeconds
        )
    }

    /// Where no candidate passed: the one whose behaviour is closest to the spec's examples and to
    /// the other candidates, with no model call. Every candidate runs in the sandbox on the spec's
    /// own example calls and variants of them, and is scored as in the vote (stated results weigh
    /// as much as all the other candidates together). `candidates` come best first by the caller's
    /// measure (fewest problems), which breaks ties. Nil when the spec states no example result
    /// the candidates could run: nothing to measure against.
    ///
    /// Alongside, the examples no candidate reproduced while at least half of those that ran, from
    /// two or more independent samples, give the same other result (`disputed`).
    public func closest(
        among candidates: [(attempt: Int, sample: Int, code: String)], spec: String
    ) async throws -> Outcome? {
        guard candidates.count > 1, let function = try await function(in: candidates.map(\.code), spec: spec) else {
            return nil
        }
        let stated = toolchain.exampleCases(try await toolchain.readSpec(spec).examples, function: function)
        guard !stated.isEmpty else { return nil }
        let derived = try await toolchain.variants(of: stated, stated: stated.count, function: function, limit: maximumVariants)
        var seen = Set(stated)
        let calls = stated + derived.calls.filter { seen.insert($0).inserted }
        let (usable, outputs, expected) = try await table(of: candidates.map(\.code), function: function, calls: calls)
        guard expected.contains(where: { $0 != nil }) else { return nil }
        let scores = Self.scores(outputs, expected: expected)
        let best = scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) } ?? 0
        let disputed = Self.disputed(
            outputs, expected: expected, samples: candidates.map(\.sample), cases: usable.map { calls[$0] })
        return Outcome(
            method: "closest", function: function, candidates: candidates.map(\.attempt), scores: scores,
            inputs: usable.map { calls[$0] }, statedResults: expected.compactMap { $0 }.count,
            matchesStated: outputs.map { Self.matches($0, expected) }, variants: usable.filter { $0 >= stated.count }.count,
            chosen: candidates[best].attempt, disputed: disputed.isEmpty ? nil : disputed)
    }

    /// The stated cases no candidate reproduces and on which at least half of the candidates that
    /// ran give one other output, from at least two independent samples (`samples[i]` is candidate
    /// i's; a repair shares its sample's).
    public static func disputed(
        _ outputs: [[String?]], expected: [String?], samples: [Int], cases: [String]
    ) -> [DisputedExample] {
        expected.indices.compactMap { k -> DisputedExample? in
            guard let stated = expected[k] else { return nil }
            let ran = outputs.indices.filter { i in
                outputs[i][k].map { !$0.hasPrefix("!unavailable") } ?? false
            }
            guard !ran.isEmpty, !ran.contains(where: { outputs[$0][k] == stated }) else { return nil }
            // The largest group, and only when no other is as large.
            let groups = Dictionary(grouping: ran) { outputs[$0][k] ?? "" }.sorted { $0.value.count > $1.value.count }
            guard let (output, members) = groups.first, groups.count == 1 || groups[1].value.count < members.count,
                2 * members.count >= ran.count, Set(members.map { samples[$0] }).count >= 2
            else { return nil }
            return DisputedExample(
                example: cases[k], output: output, agreeing: members.count, of: ran.count,
                samples: Set(members.map { samples[$0] }).count)
        }
    }

    /// The cases (indices into `outputs`' columns) on which the candidates that ran give different
    /// outputs and that state no result: where the spec, not the majority, has to decide.
    public static func separating(_ outputs: [[String?]], expected: [String?]) -> [Int] {
        guard let width = outputs.first?.count else { return [] }
        return (0..<width).filter { k in
            (k >= expected.count || expected[k] == nil) && Set(outputs.compactMap { $0[k] }).count > 1
        }
    }

    /// One separating call whose result all the answers agreed on: its position among the calls
    /// asked, the result in the harness's form (`=repr` or `!Exception`), and the case as written.
    struct SettledCase: Sendable {
        var index: Int
        var result: String
        var text: String
    }

    /// Asks `answerSamples` independent samples for the results of `calls` from the spec alone and
    /// keeps the calls they all answer alike. Values are normalised by running them through the
    /// same harness as the candidates (on `referenceCode`, which only has to load). The calls at
    /// `valuesOnly` (positions in `calls`) are settled only by a value, never by an error.
    func settle(
        _ calls: [String], function: String, spec: String, backend: any ModelBackend, referenceCode: String,
        valuesOnly: Set<Int> = []
    ) async throws -> (cases: [SettledCase], usage: Usage, seconds: Double) {
        let started = ContinuousClock.now
        let fields = [
            "spec": spec, "name": function,
            "calls": calls.enumerated().map { "\($0.element)  # S\($0.offset + 1)" }.joined(separator: "\n"),
        ]
        let messages = try answerTemplate.render(fields)
        let template = answerTemplate
        let toolchain = self.toolchain
        let samples = answerSamples
        @Sendable func ask(_ seed: Int) async throws -> (examples: [SpecExample], usage: Usage) {
            var parameters = template.parameters
            parameters.seed = seed
            let reply = try await backend.complete(ChatRequest(messages: messages, parameters: parameters))
            guard let code = try? toolchain.codeExtractor.extract(from: reply.text) else { return ([], reply.usage) }
            let reading = try await toolchain.readSpec("```\n" + code + "\n```")
            return (reading.examples.filter { $0.function == function }, reply.usage)
        }
        let answers = try await backend.independentSamples(samples) { try await ask(3_000 + $0) }
        let usage = answers.reduce(Usage(promptTokens: 0, completionTokens: 0)) { $0.adding($1.usage) }
        func key(_ call: String) -> String { call.filter { !$0.isWhitespace } }
        var agreed: [(index: Int, expectation: SpecExample.Expectation, call: String)] = []
        for (index, call) in calls.enumerated() {
            let given = answers.map { answer in answer.examples.first { key($0.call) == key(call) }?.expectation }
            guard let first = given.first ?? nil, given.allSatisfy({ $0 == first }) else { continue }
            switch first {
            case .equals: agreed.append((index, first, call))
            case .raises where !valuesOnly.contains(index): agreed.append((index, first, call))
            default: continue
            }
        }
        // Results in the harness's form: values by running `assert call == value` through it.
        let valued = agreed.compactMap { item -> String? in
            if case .equals(let value) = item.expectation { return "assert \(item.call) == \(value)" }
            return nil
        }
        var normalised: [String: String] = [:]
        if !valued.isEmpty,
            let run = try await toolchain.outputs(
                of: referenceCode, function: function, cases: valued, sandbox: sandbox, limits: limits)
        {
            for (text, value) in zip(valued, run.expected) { if let value { normalised[text] = value } }
        }
        let cases = agreed.compactMap { item -> SettledCase? in
            switch item.expectation {
            case .equals(let value):
                let text = "assert \(item.call) == \(value)"
                return normalised[text].map { SettledCase(index: item.index, result: $0, text: text) }
            case .raises(let exception):
                let name = exception.split(separator: ".").last.map(String.init) ?? exception
                return SettledCase(index: item.index, result: "!" + name, text: "\(item.call) raises \(name)")
            default:
                return nil
            }
        }
        return (cases, usage, (ContinuousClock.now - started).seconds)
    }

}
