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

    public init(_ replies: [String]) { self.replies = replies }

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
