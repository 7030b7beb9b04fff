import Foundation
import KilnCore
import KilnModels
import KilnPrompts
import KilnValidation

/// What the generator reports while it works, for progress displays.
public enum GenerationEvent: Sendable {
    /// The model backend is ready; `name` is the model's.
    case modelReady(name: String)
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

/// The one generate → check → repair loop every pattern runs: render the template, ask the
/// model, read the code out of the reply, check it with the pattern's check, and feed the
/// findings back for up to `maxRepairs` rounds; then a fresh sample, up to `samples`. With
/// `candidatesToCompare` > 1 sampling goes on until that many candidates pass and the agreement
/// vote picks one. Patterns differ only in their check and in what they make of the outcome.
public struct RepairLoop: Sendable {
    public var backend: any ModelBackend
    /// nil turns the checks off (`--no-validate`): every reply is accepted as it is.
    public var check: CandidateCheck?
    public var parameters: GenerationParameters
    public var maxRepairs: Int
    public var samples: Int
    public var budget: GenerationBudget
    /// Reads the code out of a reply (the language toolchain's).
    public var extractor: CodeExtractor
    /// Strip the common indentation of the code read (a method comes back as it sits in its class).
    public var dedents: Bool
    public var agreement: AgreementSelection?
    public var candidatesToCompare: Int
    /// The number of the first attempt (a pattern that runs several loops numbers them on).
    public var firstAttemptNumber: Int

    public init(
        backend: any ModelBackend, check: CandidateCheck?, parameters: GenerationParameters, maxRepairs: Int, samples: Int = 1,
        budget: GenerationBudget = GenerationBudget(), extractor: CodeExtractor, dedents: Bool = false,
        agreement: AgreementSelection? = nil, candidatesToCompare: Int = 1, firstAttemptNumber: Int = 1
    ) {
        self.backend = backend
        self.check = check
        self.parameters = parameters
        self.maxRepairs = max(maxRepairs, 0)
        self.samples = max(samples, 1)
        self.budget = budget
        self.extractor = extractor
        self.dedents = dedents
        self.agreement = agreement
        self.candidatesToCompare = max(candidatesToCompare, 1)
        self.firstAttemptNumber = firstAttemptNumber
    }

    /// Everything the loop did, and the candidate it chose.
    public struct Outcome: Sendable {
        public var attempts: [Attempt]
        /// The check's report for each attempt that produced code, by attempt number.
        public var reports: [Int: CandidateReport]
        /// How the candidate was chosen when several passed.
        public var selection: AgreementSelection.Outcome?
        /// The chosen attempt and its report: the vote's choice, else the first passing
        /// attempt, else the one with the fewest problems.
        public var chosen: Attempt
        public var report: CandidateReport
        public var usage: Usage
        public var modelSeconds: Double
        public var checkSeconds: Double
        public var firstTokenSeconds: Double?
        public var tokensPerSecond: Double?
        public var totalSeconds: Double
    }

    /// Runs the loop from `messages` (the rendered template). `spec` is what the agreement vote
    /// asks the model for test cases about.
    public func run(
        messages initialMessages: [ChatMessage], spec: String = "", onEvent: @escaping @Sendable (GenerationEvent) -> Void
    ) async throws -> Outcome {
        let clock = ContinuousClock()
        let started = clock.now
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
                let number = firstAttemptNumber + attempts.count
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
                    let extracted = try extractor.extract(from: response.text)
                    let code = dedents ? CodeExtractor.dedent(extracted) : extracted
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
                    tests: report?.tests ?? [], removedDemoCode: report?.removedDemoCode ?? [], usage: response.usage,
                    seconds: seconds, checkSeconds: checked, finishReason: response.finishReason, passed: passed,
                    repeatOf: repeatOf)
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
                among: candidates, spec: spec, backend: backend)
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
        return Outcome(
            attempts: attempts, reports: reports, selection: selection, chosen: chosen, report: report, usage: totalUsage,
            modelSeconds: modelSeconds, checkSeconds: checkSeconds, firstTokenSeconds: firstToken,
            tokensPerSecond: decodeSeconds > 0 ? Double(decodedTokens) / decodeSeconds : nil,
            totalSeconds: (clock.now - started).seconds)
    }
}

/// Failures of the generation itself.
public enum GenerationError: KilnError {
    case noCode(attempts: Int, findings: [Finding])

    public var kind: FailureKind { .checksFailed }

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
