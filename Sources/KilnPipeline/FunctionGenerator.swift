import Foundation
import KilnCore
import KilnModels
import KilnValidation

/// What the generator reports while it works, for progress displays.
public enum GenerationEvent: Sendable {
    case attemptStarted(number: Int, kind: String)
    /// `tokens` streamed so far in this attempt and the decode rate since the first one.
    case streaming(tokens: Int, tokensPerSecond: Double?)
    case attemptFinished(Attempt)
}

/// The `function` pattern: spec → prompt → model → code extraction → parse check, with
/// repair rounds when the reply has no code or the code does not parse.
public struct FunctionGenerator: Sendable {
    public var backend: any ModelBackend
    /// nil turns the checks off (`--no-validate`).
    public var toolchain: PythonToolchain?
    public var parameters: GenerationParameters
    public var maxRepairs: Int

    public init(backend: any ModelBackend, toolchain: PythonToolchain?, parameters: GenerationParameters, maxRepairs: Int) {
        self.backend = backend
        self.toolchain = toolchain
        self.parameters = parameters
        self.maxRepairs = maxRepairs
    }

    public func generate(
        spec: String, onEvent: @escaping @Sendable (GenerationEvent) -> Void = { _ in }
    ) async throws -> GenerationResult {
        let clock = ContinuousClock()
        let started = clock.now
        let languageVersion = try await toolchain?.languageVersion()
        let prompt = FunctionPrompt(spec: spec, languageVersion: languageVersion)
        var messages = prompt.messages
        var attempts: [Attempt] = []
        var modelSeconds = 0.0
        var firstToken: Double?
        var totalUsage = Usage(promptTokens: 0, completionTokens: 0)
        var decodedTokens = 0
        var decodeSeconds = 0.0

        for number in 1...(maxRepairs + 1) {
            let kind = number == 1 ? "initial" : "repair"
            onEvent(.attemptStarted(number: number, kind: kind))
            let attemptStart = clock.now
            let meter = StreamMeter(clock: clock, onEvent: onEvent)
            let response = try await backend.complete(ChatRequest(messages: messages, parameters: parameters)) { piece in
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
            var code: String?
            var prepared: PreparedCode?
            do {
                code = try CodeExtractor().extract(from: response.text)
            } catch let failure as CodeExtractor.Failure {
                findings.append(
                    Finding(
                        rule: "no-code", category: .correctness, severity: .error, message: failure.description,
                        fixHint: "reply with one fenced code block"))
            }
            if let extracted = code, let toolchain {
                prepared = try await toolchain.prepare(extracted)
                if let error = prepared?.syntaxError { findings.append(error) } else { code = prepared?.code }
            }
            if response.finishReason == "length" {
                findings.append(
                    Finding(
                        rule: "truncated", category: .correctness, severity: findings.isEmpty ? .warning : .error,
                        message: "the reply stopped at the \(parameters.maxTokens)-token limit",
                        fixHint: "raise --max-tokens or ask for less"))
            }
            let attempt = Attempt(
                number: number, kind: kind, code: code, findings: findings,
                removedDemoCode: prepared?.removed.map { "line \($0.line): \($0.text)" } ?? [],
                usage: response.usage, seconds: seconds, finishReason: response.finishReason)
            attempts.append(attempt)
            onEvent(.attemptFinished(attempt))
            let blocking = findings.filter { $0.severity == .error }
            if blocking.isEmpty, code != nil { break }
            messages.append(.assistant(response.text))
            messages.append(.user(RepairFeedback.message(for: blocking)))
        }

        let final =
            attempts.last { $0.code != nil && !$0.findings.contains { $0.severity == .error } }
            ?? attempts.last { $0.code != nil }
        guard let chosen = final, let code = chosen.code else {
            throw GenerationError.noCode(attempts: attempts.count, findings: attempts.last?.findings ?? [])
        }
        let status: GenerationStatus
        if toolchain == nil {
            status = .unvalidated
        } else {
            status = chosen.findings.contains { $0.severity == .error } ? .failed : .passed
        }
        return GenerationResult(
            pattern: "function", status: status, code: code, language: "python", languageVersion: languageVersion,
            model: backend.descriptor, prompt: .init(template: FunctionPrompt.name, version: FunctionPrompt.version),
            checks: toolchain == nil ? [] : ["syntax", "demo-code-removed"], findings: chosen.findings,
            removedDemoCode: chosen.removedDemoCode, attempts: attempts, usage: totalUsage,
            tokensPerSecond: decodeSeconds > 0 ? Double(decodedTokens) / decodeSeconds : nil,
            timings: .init(
                totalSeconds: (clock.now - started).seconds, modelSeconds: modelSeconds, firstTokenSeconds: firstToken),
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
            promptTokens: other.promptTokens.map { ($0) + (promptTokens ?? 0) } ?? promptTokens,
            completionTokens: other.completionTokens.map { $0 + (completionTokens ?? 0) } ?? completionTokens,
            estimated: estimated || other.estimated)
    }
}
