import Foundation

/// Puts a generation's events into words, the same words on every front end: a terminal's status
/// line, an editor's work-done progress, an agent's progress notifications.
public final class GenerationNarrator: @unchecked Sendable {
    // @unchecked: `name` is guarded by `lock`.
    public enum Kind: Sendable, Equatable {
        /// Replaces the previous status (a terminal rewrites its line).
        case status
        /// A step worth keeping (a terminal prints it on its own line).
        case line
    }

    private let lock = NSLock()
    private var name = "the model"

    public init() {}

    /// The words for `event`, or nil when it has none of its own (the model became ready).
    public func narrate(_ event: GenerationEvent) -> (text: String, kind: Kind)? {
        switch event {
        case .modelReady(let model):
            lock.withLock { name = model }
            return nil
        case .attemptStarted(let number, let sample, let kind):
            let model = lock.withLock { name }
            return (
                number == 1
                    ? "kiln: generating with \(model)…" : "kiln: attempt \(number) (sample \(sample), \(kind)) with \(model)…",
                .status
            )
        case .checking(let number):
            return ("kiln: checking attempt \(number) (lint, security, imports, tests in the sandbox)…", .status)
        case .streaming(let tokens, let rate):
            let model = lock.withLock { name }
            let speed = rate.map { String(format: " · %.1f tok/s", $0) } ?? ""
            return ("kiln: generating with \(model) · \(tokens) tokens\(speed)", .status)
        case .attemptFinished(let attempt):
            let problems = attempt.findings.filter { $0.severity == .error }
            if let earlier = attempt.repeatOf {
                return (
                    "kiln: attempt \(attempt.number) repeats attempt \(earlier) exactly; its checks are reused"
                        + (attempt.kind == "repair" && !attempt.passed ? " and a fresh sample follows" : ""), .line
                )
            }
            guard !problems.isEmpty else { return nil }
            let shown = problems.prefix(3).map(\.message).joined(separator: "; ")
            return ("kiln: attempt \(attempt.number) has \(problems.count) problem(s): \(shown)", .line)
        }
    }
}
