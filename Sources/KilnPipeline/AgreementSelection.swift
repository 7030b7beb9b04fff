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

    public init(
        toolchain: any LanguageToolchain, sandbox: Sandbox, entryPoint: String? = nil,
        limits: SandboxLimits = SandboxLimits(wallTime: .seconds(20), cpuSeconds: 20), maximumInputs: Int = 24,
        template: PromptTemplate? = nil
    ) throws {
        self.template = try template ?? TemplateCatalog.builtin(named: "inputs", in: toolchain.builtinTemplates)
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
        public var chosen: Int
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

    /// Test cases for `function`: the spec's own examples (their results stated by the user) and the
    /// model's reply to the `inputs` template.
    func inputs(
        function: String, spec: String, backend: any ModelBackend
    ) async throws -> (calls: [String], usage: Usage, seconds: Double) {
        let started = ContinuousClock.now
        var calls = toolchain.exampleCases(try await toolchain.readSpec(spec).examples, function: function)
        let messages = try template.render(["spec": spec, "name": function])
        let response = try await backend.complete(ChatRequest(messages: messages, parameters: template.parameters))
        let seconds = (ContinuousClock.now - started).seconds
        if let code = try? toolchain.codeExtractor.extract(from: response.text) {
            calls += code.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { $0.hasPrefix(function + "(") || $0.hasPrefix("assert \(function)(") }
        }
        var seen = Set<String>()
        calls = calls.filter { seen.insert($0).inserted }
        return (Array(calls.prefix(maximumInputs)), response.usage, seconds)
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
        let (calls, usage, modelSeconds) = try await inputs(function: function, spec: spec, backend: backend)
        var runs: [CaseOutputs] = []
        for candidate in candidates {
            runs.append(try await self.outputs(of: candidate.code, function: function, calls: calls))
        }
        // Cases no candidate could run (not literals) say nothing. The stated results are the same
        // in every run; a run that never loaded has none.
        let usable = calls.indices.filter { index in runs.contains { $0.outputs[index] != nil } }
        let outputs = runs.map { run in usable.map { run.outputs[$0] } }
        let expected = usable.map { index in runs.lazy.compactMap { $0.expected[index] }.first }
        let scores = Self.scores(outputs, expected: expected)
        let best = scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) } ?? 0
        return (
            Outcome(
                method: "agreement", function: function, candidates: candidates.map(\.attempt), scores: scores,
                inputs: usable.map { calls[$0] }, statedResults: expected.compactMap { $0 }.count,
                matchesStated: outputs.map { Self.matches($0, expected) }, chosen: candidates[best].attempt), usage,
            modelSeconds
        )
    }

}
