import Foundation
import KilnCore
import KilnModels
import KilnPrompts
import KilnValidation

/// The function, class and tests patterns: a template rendered from the request's fields, the
/// repair loop with the pattern's check, and the chosen candidate as a `GenerationResult`.
public struct CodeGenerator: Sendable {
    public var backend: any ModelBackend
    /// nil turns the checks off (`--no-validate`).
    public var check: CandidateCheck?
    public var parameters: GenerationParameters
    public var maxRepairs: Int
    public var samples: Int
    public var budget: GenerationBudget
    /// The language's toolchain: reads code out of replies, names the language in the result.
    public var toolchain: any LanguageToolchain
    /// The versioned template the prompt comes from.
    public var template: PromptTemplate
    /// Code from the repository the function must fit with (rendered into the template's `context`).
    public var context: String?
    /// The third-party libraries the project declares, so the model does not invent others.
    public var libraries: [String]
    /// With `candidatesToCompare` > 1: sampling goes on until that many candidates pass (or the
    /// samples or the budget run out), and the one whose behaviour agrees most with the others wins.
    public var agreement: AgreementSelection?
    public var candidatesToCompare: Int
    /// With `agreement`: a candidate that passes only after a failed attempt waits for a second
    /// passing one, and the vote compares them (see `RepairLoop`).
    public var secondOpinion: Bool
    /// The spec's requirements: the chosen code's status is `passed` only when each was checked
    /// by an executed case that passed, `unverified` when some were checked by nothing.
    public var requirements: SpecRequirements?
    /// Model-written cases for the requirements nothing else checked, trusted only when samples
    /// and the code agree (function pattern; nil turns them off).
    public var requirementCases: RequirementCases?

    public init(
        backend: any ModelBackend, check: CandidateCheck?, parameters: GenerationParameters, maxRepairs: Int, samples: Int = 1,
        budget: GenerationBudget = GenerationBudget(), toolchain: any LanguageToolchain, template: PromptTemplate,
        context: String? = nil, libraries: [String] = [], agreement: AgreementSelection? = nil, candidatesToCompare: Int = 1,
        requirements: SpecRequirements? = nil, requirementCases: RequirementCases? = nil, secondOpinion: Bool = false
    ) {
        self.secondOpinion = secondOpinion
        self.requirements = requirements
        self.requirementCases = requirementCases
        self.backend = backend
        self.check = check
        self.parameters = parameters
        self.maxRepairs = maxRepairs
        self.samples = max(samples, 1)
        self.budget = budget
        self.toolchain = toolchain
        self.template = template
        self.context = context
        self.libraries = libraries
        self.agreement = agreement
        self.candidatesToCompare = max(candidatesToCompare, 1)
    }

    public func generate(
        spec: String, onEvent: @escaping @Sendable (GenerationEvent) -> Void = { _ in }
    ) async throws -> GenerationResult {
        try await generate(fields: ["spec": spec], onEvent: onEvent)
    }

    /// Generates from the template's fields (`spec` for function and class, `source` and `module`
    /// for tests).
    public func generate(
        fields templateFields: [String: String], onEvent: @escaping @Sendable (GenerationEvent) -> Void = { _ in }
    ) async throws -> GenerationResult {
        var fields = templateFields
        if let version = toolchain.languageVersion { fields["language_version"] = version }
        if let context { fields["context"] = context }
        if !libraries.isEmpty { fields["libraries"] = libraries.sorted().joined(separator: ", ") }
        let messages = try template.render(fields)
        let loop = RepairLoop(
            backend: backend, check: check, parameters: parameters, maxRepairs: maxRepairs, samples: samples, budget: budget,
            extractor: toolchain.codeExtractor, agreement: agreement, candidatesToCompare: candidatesToCompare,
            requirements: requirements, secondOpinion: secondOpinion, secondOpening: template.secondSampleOpening(of: messages),
            repair: template.repair)
        let outcome = try await loop.run(messages: messages, spec: templateFields["spec"] ?? "", onEvent: onEvent)
        var report = outcome.report
        var chosen = outcome.chosen
        var attempts = outcome.attempts
        var status: GenerationStatus = check == nil ? .unvalidated : (chosen.passed ? .passed : .failed)
        var checked = check == nil ? nil : requirements?.evaluate(tests: report.tests)
        var usage = outcome.usage
        var caseSearch: RequirementCases.Outcome?
        var extraSeconds = 0.0
        var extraModelSeconds = 0.0
        var extraCheckSeconds = 0.0
        // The search and its repair are more model calls: each starts only while the budget lasts.
        func spent() -> Bool {
            budget.seconds.map { outcome.totalSeconds + extraSeconds >= $0 } == true
                || budget.tokens.map { (usage.completionTokens ?? 0) >= $0 } == true
        }
        if status == .passed, let list = checked, list.contains(where: { $0.status != .held }) {
            status = .unverified
            if !spent(), let requirementCases, case .full(let validator) = check,
                let function = try await subject(
                    of: requirementCases.form, in: report.code, spec: templateFields["spec"] ?? "")
            {
                let (updated, search) = try await requirementCases.check(
                    code: report.code, spec: templateFields["spec"] ?? "", requirements: list, function: function,
                    backend: backend, validator: validator, seconds: budget.seconds.map { $0 - outcome.totalSeconds })
                checked = updated
                caseSearch = search
                extraSeconds = search.seconds
                usage = usage.adding(search.usage)
                status = Self.status(after: updated)
                // Agreed cases the code contradicts, and proposed uses it breaks on: a repair
                // toward them, kept only when the repaired code passes every check, reproduces
                // every agreed case and runs those uses.
                if status != .passed, !spent(),
                    let repair = try await repairTowardAgreedCases(
                        code: report.code, search: search, messages: messages, fields: fields,
                        spec: templateFields["spec"] ?? "", cases: requirementCases, validator: validator,
                        attemptNumber: (attempts.map(\.number).max() ?? 0) + 1,
                        budget: GenerationBudget(
                            seconds: budget.seconds.map { $0 - outcome.totalSeconds - extraSeconds },
                            tokens: budget.tokens.map { $0 - (usage.completionTokens ?? 0) }),
                        onEvent: onEvent)
                {
                    caseSearch?.repair = repair.record
                    attempts += repair.attempts
                    usage = usage.adding(repair.usage)
                    extraSeconds += repair.totalSeconds
                    extraModelSeconds += repair.modelSeconds
                    extraCheckSeconds += repair.checkSeconds
                    if repair.record.kept {
                        report = repair.report
                        chosen = repair.attempt
                        checked = repair.requirements
                        caseSearch?.agreed = repair.agreed
                        // It passed the uses the code broke on, which ran as its tests.
                        caseSearch?.broken = nil
                        status = Self.status(after: repair.requirements)
                    }
                }
            }
        }
        var result = GenerationResult(
            pattern: template.pattern, status: status, code: report.code, language: toolchain.language,
            languageVersion: toolchain.languageVersion, model: backend.descriptor, prompt: .init(template),
            checks: report.checks,
            findings: chosen.findings + (outcome.selection?.disputed ?? []).map(\.finding)
                + Self.statedErrorFindings(caseSearch?.agreed ?? [], requirements: checked ?? []),
            tests: report.tests,
            removedDemoCode: report.removedDemoCode,
            chosenAttempt: chosen.number, selection: outcome.selection, attempts: attempts,
            usage: usage, tokensPerSecond: outcome.tokensPerSecond,
            timings: .init(
                totalSeconds: outcome.totalSeconds + extraSeconds, modelSeconds: outcome.modelSeconds + extraModelSeconds,
                checkSeconds: outcome.checkSeconds + extraCheckSeconds,
                firstTokenSeconds: outcome.firstTokenSeconds),
            outputPath: nil, backupPath: nil)
        result.requirements = checked
        result.requirementCases = caseSearch
        result.addedImports = report.addedImports.isEmpty ? nil : report.addedImports
        result.explicitImports = report.explicitImports.isEmpty ? nil : report.explicitImports
        result.removedChecks = report.removedChecks.isEmpty ? nil : report.removedChecks
        result.soughtSecondOpinion = outcome.soughtSecondOpinion ? true : nil
        return result
    }

    /// The status once the requirement cases ran on code that passed its checks: `passed` when
    /// every requirement held, `failed` when one failed (a call the spec says raises returned),
    /// `unverified` otherwise.
    static func status(after requirements: [Requirement]) -> GenerationStatus {
        if requirements.allSatisfy({ $0.status == .held }) { return .passed }
        return requirements.contains { $0.status == .failed } ? .failed : .unverified
    }

    /// One error per requirement a stated-error case failed: the code returned for an input the
    /// spec says raises.
    static func statedErrorFindings(_ cases: [RequirementCases.AgreedCase], requirements: [Requirement]) -> [Finding] {
        requirements.filter { $0.status == .failed }.compactMap { requirement in
            guard let item = cases.first(where: { $0.requirement == requirement.id && $0.fromSpec == true && $0.outcome == .failed })
            else { return nil }
            return Finding(
                rule: "requirements/stated-error", category: .correctness, severity: .error,
                message: "\(requirement.id) (\(requirement.text)): \(item.message ?? "\(item.example.text), and the code did not raise it")",
                fixHint: "raise the error the spec states for this input")
        }
    }

    /// What the spec is about: a top-level public function (for calls) or class (for scenarios)
    /// of the code that the spec names, else the last one defined (helpers usually come first).
    func subject(of form: RequirementCases.Form, in code: String, spec: String) async throws -> String? {
        let kind = form == .calls ? "function" : "class"
        let candidates = try await toolchain.definitions(in: code).filter {
            $0.kind == kind && !$0.qualifiedName.contains(".") && !$0.qualifiedName.hasPrefix("_")
        }
        return candidates.first { spec.contains($0.qualifiedName) }?.qualifiedName ?? candidates.last?.qualifiedName
    }
}

extension CodeGenerator {
    /// What the repair toward contradicted agreed cases produced.
    struct CaseRepair {
        /// Every attempt it made (kind `case-repair`), the one chosen and its report.
        var attempts: [Attempt]
        var attempt: Attempt
        var report: CandidateReport
        var usage: Usage
        var totalSeconds: Double
        var modelSeconds: Double
        var checkSeconds: Double
        /// The repaired code's requirements with the agreed cases applied, and those cases' outcomes on it.
        var requirements: [Requirement]
        var agreed: [RequirementCases.AgreedCase]
        var record: RequirementCases.Repair
    }

    /// Two ways toward the agreed cases the code contradicts (each agreed by independent samples
    /// that never saw code) and the proposed uses it fails inside itself on (`BrokenUse`), the
    /// second only when the first does not get there:
    /// 1. one repair round, shown the contradicted cases and what the code gave: in the
    ///    conversation after the code, or, where the template restates its repairs, as the
    ///    opening request again without the code, at a temperature of at least 0.7;
    /// 2. two fresh samples from the spec with the agreed cases written into it as examples, at a
    ///    sampling temperature of at least 0.7 (a small model that misread the spec repeats its
    ///    misreading when asked to repair, and at a low temperature even when shown the example;
    ///    the agreed cases then pick a sample that reads it right, as CodeT does).
    /// Throughout, the agreed cases and the broken uses run as tests beside the spec's examples.
    /// `record.kept` only when a repair passed every check, the agreed cases and the uses
    /// included. Nil when the code contradicts none and breaks on none; the second way is
    /// skipped once `budget` is spent.
    func repairTowardAgreedCases(
        code: String, search: RequirementCases.Outcome, messages: [ChatMessage], fields: [String: String], spec: String,
        cases: RequirementCases, validator: CandidateValidator, attemptNumber: Int, budget: GenerationBudget,
        onEvent: @escaping @Sendable (GenerationEvent) -> Void
    ) async throws -> CaseRepair? {
        let contradicted = search.agreed.filter { $0.outcome == .failed || $0.outcome == .error }
        let broken = search.broken ?? []
        guard !contradicted.isEmpty || !broken.isEmpty else { return nil }
        // Asked as the template asks its repairs: after the code, or as the opening request again
        // with the cases and without the code (a reply returned the same code in 10 of 11
        // case repairs of a pattern-eval function run at 1982bb2).
        let restated = template.repair == .restate
        var feedback: [String] = []
        if !contradicted.isEmpty {
            feedback.append(
                restated
                    ? "Independent answers worked out from the specification alone agree on these results, and an earlier implementation of this gave different ones:"
                    : "Independent answers worked out from the specification alone agree on these results, and your code gives different ones:")
            for item in contradicted.prefix(RepairFeedback.limit) {
                feedback.append(
                    "- `\(item.example.text)` (requirement \(item.requirement))" + (item.message.map { ": \($0)" } ?? ""))
            }
        }
        if !broken.isEmpty {
            feedback.append(
                restated
                    ? "An earlier implementation of this failed inside itself on these uses of it, written from the specification:"
                    : "Your code fails inside itself on these uses of it, written from the specification:")
            for item in broken.prefix(RepairFeedback.limit) {
                // A restated request shows no code, so no line numbers in it: the line's text stays.
                let message =
                    restated
                    ? item.message.replacingOccurrences(of: #" at line [0-9]+ of the code \("#, with: " (in ", options: .regularExpression)
                    : item.message
                feedback.append("- `\(item.example.text)` (requirement \(item.requirement)): \(message)")
            }
        }
        let wanted = contradicted.isEmpty ? "these uses work" : "it gives these results"
        feedback.append(
            restated
                ? "Write an implementation so that \(wanted), as the complete code in a single fenced code block and nothing else."
                : "Change the code so that \(wanted), and keep everything else it does. Reply with the complete corrected code in a single fenced code block and nothing else."
        )
        var context = validator.context
        var reading = context.specReading ?? SpecReading()
        let specExamples = reading.examples.count
        // The uses it broke on run beside the agreed cases: a repair that still breaks is not kept.
        // A broken use counts as fixed only when it now finishes or ends in an error the code
        // raises on purpose: trading a `TypeError` for a library's error is no fix (02-split-amount's
        // repair traded one for `decimal.InvalidOperation`). Every agreed case must hold too, the
        // contradicted ones included: letting a repair toward broken uses off them kept
        // 11-safe-join's repair that stopped crashing by no longer joining the paths at all.
        reading.examples += search.agreed.map(\.example) + broken.map { item in
            var use = item.example
            use.expectation = .completes
            return use
        }
        context.specReading = reading
        let withCases = CheckedLoop(
            generator: self, check: .full(CandidateValidator(context: context, suite: validator.suite, path: validator.path)),
            spec: spec, onEvent: onEvent)

        let firstWay =
            restated
            ? RepairFeedback.restating(messages, with: feedback.joined(separator: "\n"))
            : messages + [.assistant("```\(toolchain.language)\n\(code)```"), .user(feedback.joined(separator: "\n"))]
        var outcomes = [
            try await withCases.run(
                firstWay, maxRepairs: 0, minimumTemperature: restated ? 0.7 : 0, seedOffset: restated ? 3_000 : 0,
                firstAttemptNumber: attemptNumber, budget: budget)
        ]
        let remaining = GenerationBudget(
            seconds: budget.seconds.map { $0 - outcomes[0].totalSeconds },
            tokens: budget.tokens.map { $0 - (outcomes[0].usage.completionTokens ?? 0) })
        if !outcomes[0].chosen.passed, remaining.seconds.map({ $0 > 0 }) ?? true, remaining.tokens.map({ $0 > 0 }) ?? true {
            var withExamples = fields
            if !search.agreed.isEmpty {
                withExamples["spec"] =
                    spec + "\n\nExamples (each must hold):\n" + search.agreed.map { "- `\($0.example.text)`" }.joined(separator: "\n")
            }
            outcomes.append(
                try await withCases.run(
                    try template.render(withExamples), maxRepairs: 0, samples: 2, minimumTemperature: 0.7,
                    firstAttemptNumber: attemptNumber + outcomes[0].attempts.count, budget: remaining))
        }
        let best = outcomes.first { $0.chosen.passed } ?? outcomes[outcomes.count - 1]
        func marked(_ attempt: Attempt) -> Attempt {
            var attempt = attempt
            attempt.kind = "case-repair"
            return attempt
        }
        let attempt = marked(best.chosen)
        // The requirements as the spec's own cases left them; the agreed cases' verdicts come next.
        let agreedTests = Set((specExamples..<reading.examples.count).map(SpecExample.testName(forExampleAt:)))
        var requirements = self.requirements?.evaluate(tests: best.report.tests.filter { !agreedTests.contains($0.name) }) ?? []
        var agreed = search.agreed.map { item in
            var fresh = item
            fresh.outcome = nil
            fresh.message = nil
            return fresh
        }
        if attempt.passed {
            (agreed, requirements) = try await cases.evaluate(
                agreed, code: best.report.code, requirements: requirements, validator: validator)
            requirements = RequirementCases.noting(search.setAside ?? [], besides: agreed, in: requirements)
        }
        let reproduced = agreed.filter { $0.outcome == .passed }.count
        let all = outcomes.flatMap(\.attempts).map(marked)
        let record = RequirementCases.Repair(
            attempt: attempt.number, rounds: all.count, shown: contradicted.map(\.example.text) + broken.map(\.example.text),
            reproduced: reproduced, of: agreed.count, passedChecks: attempt.passed,
            kept: attempt.passed && reproduced == agreed.count)
        return CaseRepair(
            attempts: all, attempt: attempt, report: best.report,
            usage: outcomes.reduce(Usage(promptTokens: 0, completionTokens: 0)) { $0.adding($1.usage) },
            totalSeconds: outcomes.reduce(0) { $0 + $1.totalSeconds }, modelSeconds: outcomes.reduce(0) { $0 + $1.modelSeconds },
            checkSeconds: outcomes.reduce(0) { $0 + $1.checkSeconds }, requirements: requirements, agreed: agreed,
            record: record)
    }

    /// A repair loop of this generator's with another check.
    struct CheckedLoop {
        var generator: CodeGenerator
        var check: CandidateCheck
        var spec: String
        var onEvent: @Sendable (GenerationEvent) -> Void

        func run(
            _ messages: [ChatMessage], maxRepairs: Int, samples: Int = 1, minimumTemperature: Double = 0, seedOffset: Int = 0,
            firstAttemptNumber: Int, budget: GenerationBudget
        ) async throws -> RepairLoop.Outcome {
            var parameters = generator.parameters
            parameters.temperature = max(parameters.temperature, minimumTemperature)
            parameters.seed = parameters.seed.map { $0 + seedOffset }
            let loop = RepairLoop(
                backend: generator.backend, check: check, parameters: parameters, maxRepairs: maxRepairs,
                samples: samples, budget: budget, extractor: generator.toolchain.codeExtractor,
                firstAttemptNumber: firstAttemptNumber, requirements: generator.requirements)
            return try await loop.run(messages: messages, spec: spec, onEvent: onEvent)
        }
    }
}

extension GenerationResult.Prompt {
    /// Which template produced the code: its name, version, content hash and source.
    public init(_ template: PromptTemplate, contextFiles: [String]? = nil) {
        self.init(
            template: template.name, version: template.version, sha256: template.sha256, source: template.source,
            contextFiles: contextFiles)
    }
}
