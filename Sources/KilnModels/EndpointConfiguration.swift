import Foundation
import KilnCore

/// Where and how to reach a remote model.
public struct EndpointConfiguration: Sendable, Equatable {
    public var provider: ModelProvider
    /// Base URL, e.g. `http://127.0.0.1:8080/v1`, `http://localhost:11434`, `https://api.anthropic.com`.
    public var baseURL: String
    /// The model name the server knows.
    public var model: String
    public var apiKey: String?
    /// The environment variable the key came from, named in error messages (never the key itself).
    public var apiKeyVariable: String?
    public var headers: [String: String]
    public var timeouts: Timeouts
    public var retry: RetryPolicy
    /// Context size to request where the protocol lets Kiln choose it (Ollama's `num_ctx`).
    public var contextSize: Int
    /// Requests the server decodes at once (the embedded server's slots); 1 for others.
    public var concurrency: Int
    /// llama.cpp's fill-in-the-middle endpoint, where the server has one.
    public var infillURL: String?

    public init(
        provider: ModelProvider, baseURL: String, model: String, apiKey: String? = nil,
        apiKeyVariable: String? = nil, headers: [String: String] = [:], timeouts: Timeouts = Timeouts(),
        retry: RetryPolicy = RetryPolicy(), contextSize: Int = 8192, concurrency: Int = 1, infillURL: String? = nil
    ) {
        self.concurrency = max(1, concurrency)
        self.infillURL = infillURL
        self.provider = provider
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.model = model
        self.apiKey = apiKey
        self.apiKeyVariable = apiKeyVariable
        self.headers = headers
        self.timeouts = timeouts
        self.retry = retry
        self.contextSize = contextSize
    }

    public var isLocal: Bool { URL(string: baseURL)?.isLoopback ?? false }

    var extraHeaders: [(String, String)] { headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
}

/// Runs a backend's request in a task tied to the stream: when the consumer stops listening,
/// the HTTP request is cancelled.
func makeStream(
    _ body: @escaping @Sendable (AsyncThrowingStream<StreamEvent, Error>.Continuation) async throws -> Void
) -> AsyncThrowingStream<StreamEvent, Error> {
    AsyncThrowingStream { continuation in
        let task = Task {
            do {
                try await body(continuation)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
    }
}

/// Counts what has streamed so far, for error messages and usage estimates.
final class StreamTally: @unchecked Sendable {
    // @unchecked: only touched from the single task that reads one response.
    var characters = 0
    var chunks = 0
}
