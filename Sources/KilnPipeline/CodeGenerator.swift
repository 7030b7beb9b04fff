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
        requirements: SpecRequirements? = nil, requirementCases: RequirementCases? = nil
    ) {
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
        let loop = RepairLoop(
            backend: backend, check: check, parameters: parameters, maxRepairs: maxRepairs, samples: samples, budget: budget,
            extractor: toolchain.codeExtractor, agreement: agreement, candidatesToCompare: candidatesToCompare,
            requirements: requirements)
        let outcome = try await loop.run(
            messages: try template.render(fields), spec: templateFields["spec"] ?? "", onEvent: onEvent)
        let report = outcome.report
        var status: GenerationStatus = check == nil ? .unvalidated : (outcome.chosen.passed ? .passed : .failed)
        var checked = check == nil ? nil : requirements?.evaluate(tests: report.tests)
        var usage = outcome.usage
        var caseSearch: RequirementCases.Outcome?
        var extraSeconds = 0.0
        if status == .passed, let list = checked, list.contains(where: { $0.status != .held }) {
            status = .unverified
            // The search is three more model calls: it starts only while the budget lasts.
            let spent =
                budget.seconds.map { outcome.totalSeconds >= $0 } == true
                || budget.tokens.map { (outcome.usage.completionTokens ?? 0) >= $0 } == true
            if !spent, let requirementCases, case .full(let validator) = check,
                let function = try await entryFunction(in: report.code, spec: templateFields["spec"] ?? "")
            {
                let (updated, search) = try await requirementCases.check(
                    code: report.code, spec: templateFields["spec"] ?? "", requirements: list, function: function,
                    backend: backend, validator: validator)
                checked = updated
                caseSearch = search
                extraSeconds = search.seconds
                usage.promptTokens = (usage.promptTokens ?? 0) + (search.usage.promptTokens ?? 0)
                usage.completionTokens = (usage.completionTokens ?? 0) + (search.usage.completionTokens ?? 0)
                if updated.allSatisfy({ $0.status == .held }) { status = .passed }
            }
        }
        var result = GenerationResult(
            pattern: template.pattern, status: status, code: report.code, language: toolchain.language,
            languageVersion: toolchain.languageVersion, model: backend.descriptor, prompt: .init(template),
            checks: report.checks, findings: outcome.chosen.findings, tests: report.tests,
            removedDemoCode: report.removedDemoCode,
            chosenAttempt: outcome.chosen.number, selection: outcome.selection, attempts: outcome.attempts,
            usage: usage, tokensPerSecond: outcome.tokensPerSecond,
            timings: .init(
                totalSeconds: outcome.totalSeconds + extraSeconds, modelSeconds: outcome.modelSeconds,
                checkSeconds: outcome.checkSeconds,
                firstTokenSeconds: outcome.firstTokenSeconds),
            outputPath: nil, backupPath: nil)
        result.requirements = checked
        result.requirementCases = caseSearch
        return result
    }

    /// The function the spec is about: a top-level public function of the code the spec names,
    /// else the last one defined (helpers usually come first).
    func entryFunction(in code: String, spec: String) async throws -> String? {
        let functions = try await toolchain.definitions(in: code).filter {
            $0.kind == "function" && !$0.qualifiedName.contains(".") && !$0.qualifiedName.hasPrefix("_")
        }
        return functions.first { spec.contains($0.qualifiedName) }?.qualifiedName ?? functions.last?.qualifiedName
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
