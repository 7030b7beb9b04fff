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
///
/// A repair that comes back with code its sample already tried ends that sample: the same
/// feedback would follow. The repairs it had left go to fresh samples (never more calls than
/// `samples` × (1 + `maxRepairs`)); other samples are still repaired. Measured with the 1.5B:
/// replayed stuck repairs, a fresh sample passed the hidden tests 13 times in 24 and another
/// repair message 6–7 times; ending repairs for the whole run at the first stuck one lost more
/// HumanEval tasks than it gained (BENCHMARKS.md, "Stuck repairs" and "Examples given by their
/// inputs"). A template that restates its repairs (`repair: restate`, the function template)
/// asks each repair as the opening request with the findings and without the failed code, so
/// the model has no answer to copy.
///
/// With `secondOpinion` and an agreement vote, a candidate that passes only after an earlier
/// attempt failed is not taken on its own: sampling goes on (within `samples` and the budget)
/// until a second candidate passes, and the vote compares the two. On HumanEval with the 1.5B a
/// first-try pass was right 100 times in 103 and a pass after a failed attempt 18 times in 27
/// (BENCHMARKS.md, "A second opinion for late passes").
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
    /// The spec's requirements, so repair feedback names the ones an attempt breaks.
    public var requirements: SpecRequirements?
    /// A candidate that passes after a failed attempt waits for a second passing one to be
    /// compared with (needs `agreement`).
    public var secondOpinion: Bool
    /// Sample 2's opening when the template asks it another way (`PromptTemplate.SecondSample`):
    /// it runs at the loop's own temperature and seed, where the other later samples run at 0.7.
    public var secondOpening: [ChatMessage]?
    /// How a failed attempt is repaired (the template's `repair`): `.restate` asks the sample's
    /// opening again with the findings, at the exploring temperature and a seed of its own.
    public var repair: PromptTemplate.Repair

    public init(
        backend: any ModelBackend, check: CandidateCheck?, parameters: GenerationParameters, maxRepairs: Int, samples: Int = 1,
        budget: GenerationBudget = GenerationBudget(), extractor: CodeExtractor, dedents: Bool = false,
        agreement: AgreementSelection? = nil, candidatesToCompare: Int = 1, firstAttemptNumber: Int = 1,
        requirements: SpecRequirements? = nil, secondOpinion: Bool = false, secondOpening: [ChatMessage]? = nil,
        repair: PromptTemplate.Repair = .reply
    ) {
        self.repair = repair
        self.secondOpinion = secondOpinion
        self.secondOpening = secondOpening
        self.requirements = requirements
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
        /// attempt, else the failing one closest to the spec's examples and the other candidates
        /// (`selection.method` "closest"), else the one with the fewest problems.
        public var chosen: Attempt
        public var report: CandidateReport
        public var usage: Usage
        public var modelSeconds: Double
        public var checkSeconds: Double
        public var firstTokenSeconds: Double?
        public var tokensPerSecond: Double?
        public var totalSeconds: Double
        /// A repair came back unchanged: its sample ended and its repairs left went to fresh samples.
        public var repairsStuck: Bool = false
        /// The first candidate passed only after a failed attempt, so sampling went on for a second
        /// passing one to compare it with (`selection` says whether one came).
        public var soughtSecondOpinion: Bool = false
    }

    /// Runs the loop from `messages` (the rendered template). `spec` is what the agreement vote
    /// asks the model for test cases about.
    ///
    /// When the backend decodes several requests at once (the embedded server's slots), samples
    /// run together: as many as the vote still needs at first (one in single mode, so the usual
    /// first-try success is not slowed down), then, if none of those passed, as many as the
    /// server decodes at once.
    public func run(
        messages initialMessages: [ChatMessage], spec: String = "", onEvent: @escaping @Sendable (GenerationEvent) -> Void
    ) async throws -> Outcome {
        let clock = ContinuousClock()
        let ledger = Ledger(
            started: clock.now, budget: budget, candidatesToCompare: candidatesToCompare,
            maxCalls: samples * (1 + maxRepairs), firstAttempt: firstAttemptNumber,
            secondOpinion: secondOpinion && agreement != nil)
        let slots = max(1, backend.concurrency)
        var next = 1
        while await !ledger.isDone(clock: clock) {
            // Samples not started yet, plus one for each repair a stuck sample left unused.
            let remaining = samples - next + 1 + (await ledger.extraSamples)
            guard remaining > 0 else { break }
            let needed = max(1, (await ledger.candidatesToCompare) - (await ledger.passing.count))
            let triedBefore = next > 1
            let wave = min(remaining, slots, triedBefore ? slots : needed)
            let numbers = Array(next..<(next + wave))
            next += wave
            if wave == 1 {
                try await runSample(numbers[0], messages: initialMessages, ledger: ledger, clock: clock, onEvent: onEvent)
                try Task.checkCancellation()
                continue
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for sample in numbers {
                    group.addTask {
                        try await runSample(sample, messages: initialMessages, ledger: ledger, clock: clock, onEvent: onEvent)
                    }
                }
                while true {
                    do {
                        guard try await group.next() != nil else { break }
                    } catch is CancellationError {
                        continue  // a sample stopped because enough others passed
                    }
                    // Enough candidates passed: the samples still being written are not needed.
                    if await ledger.isDone(clock: clock) { group.cancelAll() }
                }
            }
            try Task.checkCancellation()
        }
        return try await finish(ledger: ledger, spec: spec, clock: clock)
    }

    /// What the samples share: every attempt, the checked code, the passing candidates, the usage.
    actor Ledger {
        let started: ContinuousClock.Instant
        let budget: GenerationBudget
        /// Passing candidates wanted: the loop's own number, or two once a late pass asks for a second opinion.
        var candidatesToCompare: Int
        let firstAttempt: Int
        let secondOpinion: Bool
        var soughtSecondOpinion = false
        var attempts: [Attempt] = []
        var reports: [Int: CandidateReport] = [:]
        var passing: [Int] = []
        /// Code already checked, by its text as the model wrote it and as the check prepared it (a
        /// toolchain's `prepare` normalises it, so the two differ): a repeat reuses the report
        /// instead of rerunning it.
        var checkedCode: [String: Int] = [:]
        var modelSeconds = 0.0
        var checkSeconds = 0.0
        var firstToken: Double?
        var usage = Usage(promptTokens: 0, completionTokens: 0)
        var decodedTokens = 0
        var decodeSeconds = 0.0
        var issued = 0
        /// The most model calls the loop makes: `samples` × (1 + `maxRepairs`).
        let maxCalls: Int
        /// A repair returned code its sample had already tried (that sample ended there).
        var repairsStuck = false
        /// Fresh samples owed to stuck samples: the repairs they did not use.
        var extraSamples = 0

        init(
            started: ContinuousClock.Instant, budget: GenerationBudget, candidatesToCompare: Int, maxCalls: Int,
            firstAttempt: Int = 1, secondOpinion: Bool = false
        ) {
            self.firstAttempt = firstAttempt
            self.secondOpinion = secondOpinion
            self.maxCalls = maxCalls
            self.started = started
            self.budget = budget
            self.candidatesToCompare = candidatesToCompare
        }

        func overBudget(clock: ContinuousClock) -> Bool {
            if let seconds = budget.seconds, (clock.now - started).seconds >= seconds { return true }
            if let tokens = budget.tokens, (usage.completionTokens ?? 0) >= tokens { return true }
            return false
        }

        func isDone(clock: ContinuousClock) -> Bool {
            passing.count >= candidatesToCompare || (!attempts.isEmpty && overBudget(clock: clock))
        }

        /// The next attempt's number, or nil when the loop is over (budget spent, enough passed).
        func nextNumber(first: Int, clock: ContinuousClock) -> Int? {
            if isDone(clock: clock) || (issued > 0 && overBudget(clock: clock)) || issued >= maxCalls { return nil }
            issued += 1
            return first + issued - 1
        }

        func recordModel(seconds: Double, usage reported: Usage, firstTokenAt: Double?, decoded: (tokens: Int, seconds: Double)?)
        {
            modelSeconds += seconds
            if firstToken == nil, let firstTokenAt { firstToken = firstTokenAt }
            usage = usage.adding(reported)
            if let decoded {
                decodedTokens += decoded.tokens
                decodeSeconds += decoded.seconds
            }
        }

        func earlierCheck(of code: String) -> (number: Int, report: CandidateReport)? {
            guard let number = checkedCode[code], let report = reports[number] else { return nil }
            return (number, report)
        }

        func record(_ attempt: Attempt, report: CandidateReport?, written: String?, checkSeconds checked: Double) {
            attempts.append(attempt)
            checkSeconds += checked
            if let report {
                reports[attempt.number] = report
                if attempt.repeatOf == nil {
                    checkedCode[report.code] = attempt.number
                    if let written { checkedCode[written] = attempt.number }
                }
            }
        }

        /// A passing attempt. The first one to pass after a failed attempt (any number but the
        /// first) asks for a second passing candidate when second opinions are on.
        func pass(_ number: Int) {
            if passing.isEmpty, secondOpinion, number != firstAttempt, candidatesToCompare < 2 {
                candidatesToCompare = 2
                soughtSecondOpinion = true
            }
            passing.append(number)
        }

        func sampleStuck(unusedRepairs: Int) {
            repairsStuck = true
            extraSamples += max(unusedRepairs, 0)
        }
    }

    /// One sample: the initial attempt and its repairs, until it passes, gets stuck or the loop is done.
    private func runSample(
        _ sample: Int, messages initialMessages: [ChatMessage], ledger: Ledger, clock: ContinuousClock,
        onEvent: @escaping @Sendable (GenerationEvent) -> Void
    ) async throws {
        var sampleCode: Set<String> = []
        var messages = initialMessages
        var sampleParameters = parameters
        let askedAnotherWay = sample == 2 && secondOpening != nil
        if askedAnotherWay, let secondOpening {
            messages = secondOpening
        } else if sample > 1 {
            // Later samples explore: a higher temperature and their own seed.
            sampleParameters.temperature = max(parameters.temperature, 0.7)
            sampleParameters.seed = parameters.seed.map { $0 + sample - 1 }
        }
        let opening = messages
        for round in 0...maxRepairs {
            guard let number = await ledger.nextNumber(first: firstAttemptNumber, clock: clock) else { return }
            let kind = round == 0 ? "initial" : "repair"
            onEvent(.attemptStarted(number: number, sample: sample, kind: kind))
            let attemptStart = clock.now
            let meter = StreamMeter(clock: clock, onEvent: onEvent)
            let request = ChatRequest(messages: messages, parameters: sampleParameters)
            let response: ChatResponse
            do {
                response = try await backend.complete(request) { piece in meter.record(piece) }
            } catch  where Task.isCancelled {
                return  // enough other samples passed
            }
            let seconds = (clock.now - attemptStart).seconds
            var decoded: (Int, Double)?
            if let first = meter.firstTokenAt, let last = meter.lastTokenAt, meter.pieces > 1 {
                // Decode rate: tokens after the first over the time since it (prompt processing excluded).
                decoded = ((response.usage.completionTokens ?? meter.pieces) - 1, (last - first).seconds)
            }
            await ledger.recordModel(
                seconds: seconds, usage: response.usage, firstTokenAt: meter.firstTokenAt.map { ($0 - ledger.started).seconds },
                decoded: decoded)

            var findings: [Finding] = []
            var report: CandidateReport?
            var repeatOf: Int?
            /// The code as the model wrote it (before the check prepares it).
            var written: String?
            let checkStart = clock.now
            do {
                let extracted = try extractor.extract(from: response.text)
                let code = dedents ? CodeExtractor.dedent(extracted) : extracted
                written = code
                if let earlier = await ledger.earlierCheck(of: code) {
                    repeatOf = earlier.number
                    // Only the checks carry over; whether this reply was cut off is its own.
                    var earlierReport = earlier.report
                    earlierReport.findings.removeAll { $0.rule == "truncated" }
                    report = earlierReport
                } else if let check {
                    onEvent(.checking(number: number))
                    do {
                        report = try await check.check(code)
                    } catch  where Task.isCancelled {
                        // Enough other samples passed while this one was being checked: its tools
                        // were stopped, which is no verdict on the code.
                        return
                    }
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
                repeatOf: repeatOf, variant: askedAnotherWay ? "second-sample" : nil)
            if var report {
                report.findings = findings
                await ledger.record(attempt, report: report, written: written, checkSeconds: checked)
            } else {
                await ledger.record(attempt, report: nil, written: written, checkSeconds: checked)
            }
            onEvent(.attemptFinished(attempt))
            // The code as written and as the checks left it (formatted, safe fixes applied): a
            // repair that only changed the layout is the same code.
            let forms = [written, report?.code].compactMap { $0 }
            let triedBefore = forms.contains(where: sampleCode.contains)
            if (repeatOf != nil && passed) || (triedBefore && !passed) {
                // A repair that returns code this sample already tried is stuck: its feedback
                // would be the same again. A copy of passing code is no second opinion for the
                // vote. Either way a fresh sample is worth more.
                if !passed, round > 0 { await ledger.sampleStuck(unusedRepairs: maxRepairs - round) }
                return
            }
            sampleCode.formUnion(forms)
            if passed {
                await ledger.pass(number)
                return
            }
            let feedback = RepairFeedback.message(
                for: findings, tests: report?.tests ?? [],
                requirements: requirements?.evaluate(tests: report?.tests ?? []) ?? [], restated: repair == .restate)
            switch repair {
            case .reply:
                messages.append(.assistant(response.text))
                messages.append(.user(feedback))
            case .restate:
                messages = RepairFeedback.restating(opening, with: feedback)
                sampleParameters.temperature = max(parameters.temperature, 0.7)
                sampleParameters.seed = parameters.seed.map { $0 + 1000 * (round + 1) + sample - 1 }
            }
        }
    }

    /// Several passing candidates are compared by agreement; otherwise the first passing
    /// attempt. When none passed: with `agreement`, the candidate closest to the spec's examples
    /// and to the other candidates (`AgreementSelection.closest`), else the one with the fewest
    /// problems.
    private func finish(ledger: Ledger, spec: String, clock: ContinuousClock) async throws -> Outcome {
        let attempts = await ledger.attempts.sorted { $0.number < $1.number }
        let reports = await ledger.reports
        let passing = await ledger.passing.sorted()
        var modelSeconds = await ledger.modelSeconds
        var checkSeconds = await ledger.checkSeconds
        var totalUsage = await ledger.usage
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
        // Fewest problems first; the earlier attempt on a tie.
        let ranked = attempts.filter { reports[$0.number] != nil }.sorted { lhs, rhs in
            let l = reports[lhs.number]?.rank ?? (Int.max, Int.max, Int.max)
            let r = reports[rhs.number]?.rank ?? (Int.max, Int.max, Int.max)
            return l < r || (l == r && lhs.number < rhs.number)
        }
        // None passed: the candidate closest to the spec's examples and to the others (no model
        // call), which also names the examples every candidate failed alike.
        if passing.isEmpty, let agreement {
            let pool = ranked.filter { reports[$0.number]?.syntaxFree == true }.compactMap { attempt in
                reports[attempt.number].map { (attempt: attempt.number, sample: attempt.sample, code: $0.code) }
            }
            let started = clock.now
            // A choice among failures only: if running them fails, the fewest findings decide.
            selection = (try? await agreement.closest(among: pool, spec: spec)) ?? nil
            checkSeconds += (clock.now - started).seconds
        }
        let chosen =
            (selection.flatMap { outcome in attempts.first { $0.number == outcome.chosen } })
            ?? attempts.first(where: \.passed) ?? ranked.first
        guard let chosen, let report = reports[chosen.number] else {
            throw GenerationError.noCode(attempts: attempts.count, findings: attempts.last?.findings ?? [])
        }
        let decodeSeconds = await ledger.decodeSeconds
        let decodedTokens = await ledger.decodedTokens
        return Outcome(
            attempts: attempts, reports: reports, selection: selection, chosen: chosen, report: report, usage: totalUsage,
            modelSeconds: modelSeconds, checkSeconds: checkSeconds, firstTokenSeconds: await ledger.firstToken,
            tokensPerSecond: decodeSeconds > 0 ? Double(decodedTokens) / decodeSeconds : nil,
            totalSeconds: (clock.now - ledger.started).seconds, repairsStuck: await ledger.repairsStuck,
            soughtSecondOpinion: await ledger.soughtSecondOpinion)
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
