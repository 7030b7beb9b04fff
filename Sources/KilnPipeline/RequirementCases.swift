import Foundation
import KilnCore
import KilnModels
import KilnPrompts
import KilnValidation

/// Cases for the requirements nothing else checked, written by the model from the spec alone and
/// trusted only when they earn it (CodeT's dual agreement): several independent samples must
/// write the same call with the same expected result, and the code must reproduce it. A case the
/// samples agree on but the code contradicts proves nothing either way (the samples may share a
/// mistake); the requirement stays unchecked and the disagreement is reported.
public struct RequirementCases: Sendable {
    public var toolchain: any LanguageToolchain
    /// The `requirement-cases` template (a repository's override when it has one).
    public var template: PromptTemplate
    /// Independent samples drawn (concurrently where the backend has slots).
    public var samples: Int
    /// How many samples must write a case alike before it is run at all.
    public var minimumAgreement: Int

    public init(toolchain: any LanguageToolchain, template: PromptTemplate? = nil, samples: Int = 3, minimumAgreement: Int = 2)
        throws
    {
        self.template = try template ?? TemplateCatalog.builtin(named: "requirement-cases", in: toolchain.builtinTemplates)
        self.toolchain = toolchain
        self.samples = max(samples, 1)
        self.minimumAgreement = max(minimumAgreement, 1)
    }

    /// A case several samples wrote alike, the requirement it is for, and what running it showed.
    public struct AgreedCase: Codable, Sendable, Equatable {
        public var requirement: String
        public var example: SpecExample
        /// How many of the samples wrote it.
        public var samples: Int
        /// `passed` when the code reproduced it; the failure message otherwise; nil before it ran.
        public var outcome: TestCaseResult.Outcome?
        public var message: String?
    }

    /// What the search did, for `--json`.
    public struct Outcome: Codable, Sendable, Equatable {
        public var samples: Int
        /// Cases written, over all samples.
        public var proposed: Int
        public var agreed: [AgreedCase]
        public var usage: Usage
        public var seconds: Double
    }

    /// Draws the samples and keeps the cases at least `minimumAgreement` of them wrote alike.
    func propose(
        spec: String, requirements: [Requirement], function: String, backend: any ModelBackend
    ) async throws -> (cases: [AgreedCase], proposed: Int, usage: Usage) {
        let list = requirements.map { "\($0.id). \($0.text)" }.joined(separator: "\n")
        let messages = try template.render(["spec": spec, "requirements": list, "name": function])
        func request(_ sample: Int) -> ChatRequest {
            var parameters = template.parameters
            parameters.seed = 1_000 + sample
            return ChatRequest(messages: messages, parameters: parameters)
        }
        var replies: [ChatResponse] = []
        if backend.concurrency <= 1 {
            for sample in 0..<samples { replies.append(try await backend.complete(request(sample))) }
        } else {
            replies = try await withThrowingTaskGroup(of: ChatResponse.self) { group in
                for sample in 0..<samples { group.addTask { try await backend.complete(request(sample)) } }
                var all: [ChatResponse] = []
                for try await reply in group { all.append(reply) }
                return all
            }
        }
        var votes: [String: (example: SpecExample, requirement: String, samples: Int)] = [:]
        var order: [String] = []
        var proposed = 0
        var usage = Usage(promptTokens: 0, completionTokens: 0)
        for reply in replies {
            usage.promptTokens = (usage.promptTokens ?? 0) + (reply.usage.promptTokens ?? 0)
            usage.completionTokens = (usage.completionTokens ?? 0) + (reply.usage.completionTokens ?? 0)
            guard let code = try? toolchain.codeExtractor.extract(from: reply.text) else { continue }
            let lines = code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            // The code as a fenced block, so the reader parses it whole; its line numbers are then
            // the code's plus one.
            let reading = try await toolchain.readSpec("```\n" + code + "\n```")
            var seen = Set<String>()
            for example in reading.examples where example.function == function {
                let index = example.line - 2
                guard lines.indices.contains(index),
                    let tag = lines[index].range(of: #"#\s*R\d+"#, options: .regularExpression)
                else { continue }
                let requirement = lines[index][tag].filter { $0 == "R" || $0.isNumber }
                guard requirements.contains(where: { $0.id == requirement }) else { continue }
                let key = "\(example.call)\u{1F}\(example.expectation)"
                proposed += 1
                guard seen.insert(key).inserted else { continue }
                if let vote = votes[key] {
                    votes[key]?.samples = vote.samples + 1
                } else {
                    votes[key] = (example, String(requirement), 1)
                    order.append(key)
                }
            }
        }
        let agreed = order.compactMap { key -> AgreedCase? in
            guard let vote = votes[key], vote.samples >= minimumAgreement else { return nil }
            return AgreedCase(requirement: vote.requirement, example: vote.example, samples: vote.samples)
        }
        return (agreed, proposed, usage)
    }

    /// Runs the agreed cases against `code` with the pattern's test validator and updates the
    /// requirements they are for.
    public func check(
        code: String, spec: String, requirements: [Requirement], function: String, backend: any ModelBackend,
        validator: CandidateValidator
    ) async throws -> (requirements: [Requirement], outcome: Outcome) {
        let started = ContinuousClock.now
        let open = requirements.filter { $0.status == .unchecked && [.result, .behaviour, .input].contains($0.kind) }
        guard !open.isEmpty else {
            return (requirements, Outcome(samples: 0, proposed: 0, agreed: [], usage: Usage(), seconds: 0))
        }
        var (agreed, proposed, usage) = try await propose(
            spec: spec, requirements: open, function: function, backend: backend)
        var updated = requirements
        if !agreed.isEmpty {
            var context = validator.context
            context.specReading = SpecReading(examples: agreed.map(\.example))
            context.tests = []
            let tests = CandidateValidator(
                context: context,
                suite: ValidationSuite(validators: toolchain.validators(for: .generatedCode).filter { $0.name == "tests" }),
                path: validator.path)
            let report = try await tests.check(code)
            for index in agreed.indices {
                let result = report.tests.first { $0.name == SpecExample.testName(forExampleAt: index) }
                agreed[index].outcome = result?.outcome
                agreed[index].message = result?.message
            }
            for (position, requirement) in updated.enumerated() where open.contains(where: { $0.id == requirement.id }) {
                let mine = agreed.filter { $0.requirement == requirement.id && $0.outcome != nil }
                guard !mine.isEmpty else { continue }
                if mine.allSatisfy({ $0.outcome == .passed }) {
                    updated[position].status = .held
                    updated[position].checkedBy = mine.map { "agreed case: \($0.example.text) (\($0.samples) of \(samples) samples)" }
                    updated[position].note = nil
                } else if let disputed = mine.first(where: { $0.outcome != .passed }) {
                    updated[position].note =
                        "\(disputed.samples) of \(samples) independent model-written cases expect `\(disputed.example.text)`, and the code disagrees: check this requirement by hand"
                }
            }
        }
        let outcome = Outcome(
            samples: samples, proposed: proposed, agreed: agreed, usage: usage, seconds: (ContinuousClock.now - started).seconds)
        return (updated, outcome)
    }
}
