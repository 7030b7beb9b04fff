import AsyncHTTPClient
import Foundation
import KilnCore
import NIOCore
import NIOHTTP1

/// Time limits of one backend's requests.
public struct Timeouts: Sendable, Equatable {
    /// Opening a connection. Short, so a dead endpoint fails in seconds.
    public var connect: Duration
    /// Longest silence between two bytes of a reply (a slow or stuck server).
    public var read: Duration

    public init(connect: Duration = .seconds(5), read: Duration = .seconds(300)) {
        self.connect = connect
        self.read = read
    }
}

/// Retries with exponential back-off and jitter, only where retrying can help: HTTP 429, 5xx and
/// a connection reset before any of the reply was read.
public struct RetryPolicy: Sendable, Equatable {
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// Whether 429 and 5xx replies are tried again (a remote service's overload); a connection
    /// closed before the reply always is, up to `maxAttempts`.
    public var retriesStatuses: Bool

    public init(
        maxAttempts: Int = 3, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(8),
        retriesStatuses: Bool = true
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.retriesStatuses = retriesStatuses
    }

    public static let none = RetryPolicy(maxAttempts: 1)

    /// Kiln's own llama-server: a 5xx there is a real failure (a prompt over the context, a crash)
    /// that asking again would repeat, but a pooled connection it closed is worth a fresh one
    /// (HumanEval runs lost tasks to "I/O on closed channel" while this was `.none`).
    public static let localServer = RetryPolicy(
        maxAttempts: 3, baseDelay: .milliseconds(100), maxDelay: .seconds(1), retriesStatuses: false)

    func delay(forAttempt attempt: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter { return min(retryAfter, maxDelay) }
        let exponential = baseDelay * (1 << min(attempt - 1, 16))
        let capped = min(exponential, maxDelay)
        let jitter = Double.random(in: 0.8...1.2)
        return capped * jitter
    }

    static func isRetryable(status: Int) -> Bool { status == 429 || (500...599).contains(status) }
}

/// A non-2xx reply, handed to the backend to turn into a `ModelError` in its own dialect.
struct HTTPStatusFailure: Error {
    var status: Int
    var body: String
}

/// One HTTP client with Kiln's time limits and retry policy.
final class HTTPSession: Sendable {
    let client: HTTPClient
    let timeouts: Timeouts
    let retry: RetryPolicy
    let endpoint: String

    init(endpoint: String, timeouts: Timeouts, retry: RetryPolicy) {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(
            connect: .nanoseconds(Int64(timeouts.connect.nanoseconds)),
            read: .nanoseconds(Int64(timeouts.read.nanoseconds)))
        configuration.httpVersion = .http1Only
        // A pooled connection is dropped after 2 s idle: llama-server (cpp-httplib) closes an idle
        // keep-alive connection after 5 s, and a request sent on one it is closing fails with
        // "connection closed by the server" (seen on a loaded machine, where the close is noticed late).
        configuration.connectionPool.idleTimeout = .seconds(2)
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.timeouts = timeouts
        self.retry = retry
        self.endpoint = endpoint
    }

    func shutdown() async {
        try? await client.shutdown()
    }

    /// A session dropped without `shutdown()` (a front end's error path, a test that threw before
    /// its cleanup) is shut down here: AsyncHTTPClient stops a debug build at the deinit of a client
    /// that is still up, which took a whole test run down with it once. The shutdown keeps the
    /// client alive until it completes; after an explicit `shutdown()` it is a no-op.
    deinit {
        client.shutdown { _ in }
    }

    /// Sends a POST with a JSON body; returns the response once its head arrived with a 2xx
    /// status. Non-2xx statuses throw `HTTPStatusFailure` (after retries where they apply).
    func postJSON(url: String, headers: [(String, String)], body: Data) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        return try await send(request)
    }

    func get(url: String, headers: [(String, String)] = []) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        return try await send(request)
    }

    private func send(_ request: HTTPClientRequest) async throws -> HTTPClientResponse {
        var attempt = 1
        while true {
            do {
                let response = try await client.execute(request, deadline: .distantFuture)
                let status = Int(response.status.code)
                if (200...299).contains(status) { return response }
                let body = try await Self.readText(response, limit: 64 * 1024)
                if retry.retriesStatuses, RetryPolicy.isRetryable(status: status), attempt < retry.maxAttempts {
                    try await Task.sleep(for: retry.delay(forAttempt: attempt, retryAfter: Self.retryAfter(response.headers)))
                    attempt += 1
                    continue
                }
                throw HTTPStatusFailure(status: status, body: body)
            } catch let error as HTTPStatusFailure {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                let kind = Self.classify(error)
                if kind == .reset, attempt < retry.maxAttempts {
                    try await Task.sleep(for: retry.delay(forAttempt: attempt, retryAfter: nil))
                    attempt += 1
                    continue
                }
                throw mapTransportError(error, phase: "connecting", attempts: attempt)
            }
        }
    }

    enum TransportErrorKind { case refused, reset, readTimeout, connectTimeout, other }

    static func classify(_ error: Error) -> TransportErrorKind {
        if let error = error as? HTTPClientError {
            switch error {
            case .readTimeout: return .readTimeout
            case .connectTimeout: return .connectTimeout
            case .remoteConnectionClosed: return .reset
            default: break
            }
        }
        // A pooled connection the server closed between requests, noticed only when the next
        // request is written on it: the same stale keep-alive as a reset, worth one more try.
        if let error = error as? ChannelError, error == .ioOnClosedChannel || error == .alreadyClosed { return .reset }
        let text = String(describing: error).lowercased()
        if text.contains("refused") { return .refused }
        if text.contains("reset") || text.contains("broken pipe") { return .reset }
        if text.contains("timeout") || text.contains("timed out") { return .connectTimeout }
        return .other
    }

    /// Turns a transport error into a `ModelError` worded for the phase it happened in.
    func mapTransportError(_ error: Error, phase: String, attempts: Int = 1) -> ModelError {
        if let error = error as? ModelError { return error }
        switch Self.classify(error) {
        case .refused:
            return .unreachable(endpoint: endpoint, reason: "connection refused")
        case .connectTimeout:
            return .unreachable(endpoint: endpoint, reason: "no answer within \(ModelError.format(timeouts.connect.seconds)) s")
        case .readTimeout:
            return .timedOut(endpoint: endpoint, seconds: timeouts.read.seconds, phase: phase)
        case .reset:
            // Which close it was (a reset, a close before the reply, a write on a closed channel) and
            // how often it was tried, so a rare failure can be told apart in a log.
            let tries = attempts > 1 ? ", \(attempts) tries" : ""
            return .unreachable(
                endpoint: endpoint,
                reason: "the connection was closed by the server before it replied (\(Self.errorName(error))\(tries))")
        case .other:
            return .unreachable(endpoint: endpoint, reason: String(describing: error))
        }
    }

    /// The transport error's own name, short: `HTTPClientError.remoteConnectionClosed`, `ioOnClosedChannel`.
    static func errorName(_ error: Error, limit: Int = 80) -> String {
        let text = String(describing: error)
        return text.count > limit ? String(text.prefix(limit)) + "…" : text
    }

    static func retryAfter(_ headers: HTTPHeaders) -> Duration? {
        guard let value = headers.first(name: "retry-after"), let seconds = Double(value) else { return nil }
        return .milliseconds(Int(seconds * 1000))
    }

    static func readText(_ response: HTTPClientResponse, limit: Int) async throws -> String {
        var buffer = try await response.body.collect(upTo: limit)
        return buffer.readString(length: buffer.readableBytes) ?? ""
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (s, atto) = components
        return s * 1_000_000_000 + atto / 1_000_000_000
    }
}
