import Foundation
import KilnCore
import KilnModels

/// A model that replies with scripted texts, one per call, and records what it was asked: the
/// double of `ModelBackend` for tests that must not depend on a real model.
public final class ScriptedBackend: ModelBackend, @unchecked Sendable {
    // @unchecked: `calls` is guarded by `lock`.
    private let replies: [String]
    private let lock = NSLock()
    private var received: [ChatRequest] = []
    private var inFlight = 0
    private var mostInFlight = 0
    /// Requests it claims to decode at once (the embedded server's slots).
    public let concurrency: Int
    /// How long each reply takes, so that concurrent requests overlap.
    let delay: Duration

    /// Fill-in-the-middle replies, one per call (the last repeats); none makes `infill` unsupported.
    private let infillReplies: [String]
    private var infillCalls: [InfillRequest] = []

    /// `concurrency` > 1 makes the repair loop draw samples together; `delay` makes them overlap.
    public init(_ replies: [String], concurrency: Int = 1, delay: Duration = .zero, infillReplies: [String] = []) {
        self.replies = replies
        self.concurrency = concurrency
        self.delay = delay
        self.infillReplies = infillReplies
    }

    /// Every fill-in-the-middle request received, in order.
    public var infillRequests: [InfillRequest] { lock.withLock { infillCalls } }

    public func infill(_ request: InfillRequest) async throws -> InfillResponse {
        let index = lock.withLock {
            infillCalls.append(request)
            return infillCalls.count - 1
        }
        guard let last = infillReplies.last else {
            throw ModelError.unsupported(endpoint: "memory", feature: "fill-in-the-middle")
        }
        if delay > .zero { try await Task.sleep(for: delay) }
        let text = index < infillReplies.count ? infillReplies[index] : last
        return InfillResponse(text: text, usage: Usage(promptTokens: 10, completionTokens: text.count / 4 + 1))
    }

    /// The most requests that were being answered at the same time.
    public var mostConcurrentRequests: Int { lock.withLock { mostInFlight } }

    /// Requests being answered now (a cancelled one stops counting once its stream ends).
    public var requestsInFlight: Int { lock.withLock { inFlight } }

    /// Every request received, in order.
    public var requests: [ChatRequest] { lock.withLock { received } }

    public var descriptor: ModelDescriptor {
        ModelDescriptor(name: "scripted", provider: .openai, endpoint: "memory", isLocal: true)
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, Error> {
        let index = lock.withLock {
            received.append(request)
            return received.count - 1
        }
        let reply = index < replies.count ? replies[index] : (replies.last ?? "")
        if delay > .zero {
            return AsyncThrowingStream { continuation in
                let task = Task {
                    self.lock.withLock {
                        self.inFlight += 1
                        self.mostInFlight = max(self.mostInFlight, self.inFlight)
                    }
                    defer { self.lock.withLock { self.inFlight -= 1 } }
                    do {
                        try await Task.sleep(for: self.delay)
                    } catch {
                        continuation.finish(throwing: error)
                        return
                    }
                    continuation.yield(.text(reply))
                    continuation.yield(.usage(Usage(promptTokens: 50, completionTokens: reply.count / 4 + 1)))
                    continuation.yield(.finished(reason: "stop"))
                    continuation.finish()
                }
                continuation.onTermination = { _ in task.cancel() }
            }
        }
        return AsyncThrowingStream { continuation in
            // Stream word by word, like a real server.
            var words = 0
            for piece in reply.split(separator: " ", omittingEmptySubsequences: false).enumerated().map({
                $0.offset == 0 ? String($0.element) : " " + $0.element
            }) {
                continuation.yield(.text(piece))
                words += 1
            }
            continuation.yield(.usage(Usage(promptTokens: 50, completionTokens: words)))
            continuation.yield(.finished(reason: "stop"))
            continuation.finish()
        }
    }
}
