import Foundation
import KilnCore
import KilnModels
import KilnPrompts
import KilnValidation

/// What the generator reports while it works, for progress displays.
public enum GenerationEvent: Sendable {
    case attemptStarted(number: Int, sample: Int, kind: String)
    /// `tokens` streamed so far in this attempt and the decode rate since the first one.
    case streaming(tokens: Int, tokensPerSecond: Double?)
    case checking(number: Int)
    case attemptFinished(Attempt)
}

/// Limits on how much one generation may spend.
public struct GenerationBudget: Sendable, Equatable {
    public var seconds: Double?
    public var tokens: Int?

    public init(seconds: Double? = nil, tokens: Int? = nil) {
        self.seconds = seconds
        self.tokens = tokens
    }
}

/// The `function` pattern: spec → prompt → model → code extraction → checks, with repair
/// rounds that feed the checks' findings back to the model, several independent samples, and
/// the best candidate kept.
public struct CodeGenerator: Sendable {
    public var backend: any ModelBackend
    /// nil turns the checks off (`--no-validate`).
    public var check: CandidateCheck?
    public var parameters: GenerationParameters
    public var maxRepairs: Int
    public var samples: Int
    public var budget: GenerationBudget
    public var languageVersion: String?
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

    public init(
        backend: any ModelBackend, check: CandidateCheck?, parameters: GenerationParameters, maxRepairs: Int, samples: Int = 1,
        budget: GenerationBudget = GenerationBudget(), languageVersion: String? = nil, template: PromptTemplate,
        context: String? = nil, libraries: [String] = [], agreement: AgreementSelection? = nil, candidatesToCompare: Int = 1
    ) {
        self.agreement = agreement
        self.candidatesToCompare = max(candidatesToCompare, 1)
        self.libraries = libraries
        self.template = template
        self.context = context
        self.backend = backend
        self.check = check
        self.parameters = parameters
        self.maxRepairs = maxRepairs
        self.samples = max(samples, 1)
        self.budget = budget
        self.languageVersion = languageVersion
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
        let clock = ContinuousClock()
        let started = clock.now
        var fields = templateFields
        if let languageVersion { fields["language_version"] = languageVersion }
        if let context { fields["context"] = context }
        if !libraries.isEmpty { fields["libraries"] = libraries.sorted().joined(separator: ", ") }
        let initialMessages = try template.render(fields)
        var attempts: [Attempt] = []
        var reports: [Int: CandidateReport] = [:]
        var modelSeconds = 0.0
        var checkSeconds = 0.0
        var firstToken: Double?
        var totalUsage = Usage(promptTokens: 0, completionTokens: 0)
        var decodedTokens = 0
        var decodeSeconds = 0.0

        func overBudget() -> Bool {
            if let seconds = budget.seconds, (clock.now - started).seconds >= seconds { return true }
            if let tokens = budget.tokens, (totalUsage.completionTokens ?? 0) >= tokens { return true }
            return false
        }

        var passing: [Int] = []
        // Code already checked, by its text: a repeat reuses the report instead of rerunning it.
        var checkedCode: [String: Int] = [:]
        sampling: for sample in 1...samples {
            var sampleCode: Set<String> = []
            var messages = initialMessages
            var sampleParameters = parameters
            // Later samples explore: a higher temperature and their own seed.
            if sample > 1 {
                sampleParameters.temperature = max(parameters.temperature, 0.7)
                sampleParameters.seed = parameters.seed.map { $0 + sample - 1 }
            }
            for round in 0...maxRepairs {
                if !attempts.isEmpty && overBudget() { break sampling }
                let number = attempts.count + 1
                let kind = round == 0 ? "initial" : "repair"
                onEvent(.attemptStarted(number: number, sample: sample, kind: kind))
                let attemptStart = clock.now
                let meter = StreamMeter(clock: clock, onEvent: onEvent)
                let response = try await backend.complete(ChatRequest(messages: messages, parameters: sampleParameters)) {
                    piece in
                    meter.record(piece)
                }
                let seconds = (clock.now - attemptStart).seconds
                modelSeconds += seconds
                if firstToken == nil, let first = meter.firstTokenAt { firstToken = (first - started).seconds }
                totalUsage = totalUsage.adding(response.usage)
                if let first = meter.firstTokenAt, let last = meter.lastTokenAt, meter.pieces > 1 {
                    // Decode rate: tokens after the first over the time since it (prompt processing excluded).
                    decodedTokens += (response.usage.completionTokens ?? meter.pieces) - 1
                    decodeSeconds += (last - first).seconds
                }

                var findings: [Finding] = []
                var report: CandidateReport?
                var repeatOf: Int?
                let checkStart = clock.now
                do {
                    let code = try CodeExtractor().extract(from: response.text)
                    if let earlier = checkedCode[code], var earlierReport = reports[earlier] {
                        repeatOf = earlier
                        // Only the checks carry over; whether this reply was cut off is its own.
                        earlierReport.findings.removeAll { $0.rule == "truncated" }
                        report = earlierReport
                    } else if let check {
                        onEvent(.checking(number: number))
                        report = try await check.check(code)
                    } else {
                        report = CandidateReport(code: code, findings: [], tests: [], checks: [], removedDemoCode: [])
                    }
                    findings = report?.findings ?? []
                } catch let failure as CodeExtractor.Failure {
                    findings = [
                        Finding(
                            rule: "no-code", category: .correctness, severity: .error, message: failure.description,
                            fixHint: "reply with one fenced code block")
                    ]
                }
                let checked = (clock.now - checkStart).seconds
                checkSeconds += checked
                if response.finishReason == "length" {
                    findings.append(
                        Finding(
                            rule: "truncated", category: .correctness, severity: .error,
                            message: "the reply stopped at the \(sampleParameters.maxTokens)-token limit",
                            fixHint: "write shorter code, or raise --max-tokens"))
                }
                let passed = report != nil && !findings.contains { $0.severity == .error } && (report?.failedTests ?? 0) == 0
                let attempt = Attempt(
                    number: number, sample: sample, kind: kind, code: report?.code, findings: findings,
                    tests: report?.tests ?? [],
                    removedDemoCode: report?.removedDemoCode ?? [], usage: response.usage, seconds: seconds,
                    checkSeconds: checked,
                    finishReason: response.finishReason, passed: passed, repeatOf: repeatOf)
                attempts.append(attempt)
                if var report {
                    report.findings = findings
                    reports[number] = report
                    if repeatOf == nil { checkedCode[report.code] = number }
                }
                onEvent(.attemptFinished(attempt))
                let code = report?.code
                if let code, repeatOf != nil, passed || sampleCode.contains(code) {
                    // A repair that returns code this sample already tried is stuck: its feedback
                    // would be the same again. A copy of passing code is no second opinion for
                    // the vote. Either way a fresh sample is worth more.
                    continue sampling
                }
                if let code { sampleCode.insert(code) }
                if passed {
                    passing.append(number)
                    if passing.count >= candidatesToCompare { break sampling }
                    continue sampling
                }
                messages.append(.assistant(response.text))
                messages.append(.user(RepairFeedback.message(for: findings, tests: report?.tests ?? [])))
            }
        }

        // Several passing candidates are compared by agreement; otherwise the first passing
        // attempt, else the candidate with the fewest problems.
        var selection: AgreementSelection.Outcome?
        if passing.count > 1, let agreement {
            let candidates = passing.compactMap { number in reports[number].map { (attempt: number, code: $0.code) } }
            let voteStart = clock.now
            let (outcome, usage, voteModelSeconds) = try await agreement.choose(
                among: candidates, spec: templateFields["spec"] ?? "", backend: backend)
            modelSeconds += voteModelSeconds
            checkSeconds += (clock.now - voteStart).seconds - voteModelSeconds
            totalUsage = totalUsage.adding(usage)
            selection = outcome
        }
        let chosen =
            (selection.flatMap { outcome in attempts.first { $0.number == outcome.chosen } })
            ?? attempts.first(where: \.passed)
            ?? attempts.filter { reports[$0.number] != nil }.min { lhs, rhs in
                let l = reports[lhs.number]?.rank ?? (Int.max, Int.max, Int.max)
                let r = reports[rhs.number]?.rank ?? (Int.max, Int.max, Int.max)
                return l < r
            }
        guard let chosen, let report = reports[chosen.number] else {
            throw GenerationError.noCode(attempts: attempts.count, findings: attempts.last?.findings ?? [])
        }
        let status: GenerationStatus = check == nil ? .unvalidated : (chosen.passed ? .passed : .failed)
        return GenerationResult(
            pattern: template.pattern, status: status, code: report.code, language: "python", languageVersion: languageVersion,
            model: backend.descriptor,
            prompt: .init(template: template.name, version: template.version, sha256: template.sha256, source: template.source),
            checks: report.checks, findings: chosen.findings, tests: report.tests, removedDemoCode: report.removedDemoCode,
            chosenAttempt: chosen.number, selection: selection, attempts: attempts, usage: totalUsage,
            tokensPerSecond: decodeSeconds > 0 ? Double(decodedTokens) / decodeSeconds : nil,
            timings: .init(
                totalSeconds: (clock.now - started).seconds, modelSeconds: modelSeconds, checkSeconds: checkSeconds,
                firstTokenSeconds: firstToken),
            outputPath: nil, backupPath: nil)
    }
}

/// Failures of the generation itself.
public enum GenerationError: Error, CustomStringConvertible, Sendable {
    case noCode(attempts: Int, findings: [Finding])

    public var description: String {
        switch self {
        case .noCode(let attempts, let findings):
            let reasons = findings.map(\.message).joined(separator: "; ")
            return
                "the model produced no usable code in \(attempts) attempt(s): \(reasons). Make the spec more specific or try a larger model"
        }
    }
}

/// Counts streamed pieces and reports the decode rate.
final class StreamMeter: @unchecked Sendable {
    // @unchecked: `record` is called from the one task consuming the stream.
    let clock: ContinuousClock
    let onEvent: @Sendable (GenerationEvent) -> Void
    var pieces = 0
    var firstTokenAt: ContinuousClock.Instant?
    var lastTokenAt: ContinuousClock.Instant?
    var lastReport: ContinuousClock.Instant?

    init(clock: ContinuousClock, onEvent: @escaping @Sendable (GenerationEvent) -> Void) {
        self.clock = clock
        self.onEvent = onEvent
    }

    func record(_ piece: String) {
        let now = clock.now
        if firstTokenAt == nil { firstTokenAt = now }
        pieces += 1
        lastTokenAt = now
        if let last = lastReport, now - last < .milliseconds(100) { return }
        lastReport = now
        var rate: Double?
        if let first = firstTokenAt, pieces > 1 {
            let elapsed = (now - first).seconds
            if elapsed > 0 { rate = Double(pieces - 1) / elapsed }
        }
        onEvent(.streaming(tokens: pieces, tokensPerSecond: rate))
    }
}

extension Usage {
    func adding(_ other: Usage) -> Usage {
        Usage(
            promptTokens: other.promptTokens.map { $0 + (promptTokens ?? 0) } ?? promptTokens,
            completionTokens: other.completionTokens.map { $0 + (completionTokens ?? 0) } ?? completionTokens,
            estimated: estimated || other.estimated)
    }
}
