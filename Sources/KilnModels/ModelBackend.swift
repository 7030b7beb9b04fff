import Foundation
import KilnCore

/// Which wire protocol a backend speaks.
public enum ModelProvider: String, Codable, Sendable, CaseIterable {
    /// OpenAI's chat completions API, as served by llama.cpp, vLLM, LM Studio, OpenAI and many others.
    case openai
    /// Ollama's native `/api/chat`.
    case ollama
    /// Anthropic's Messages API.
    case anthropic
}

/// What a backend talks to, for reports and provenance.
public struct ModelDescriptor: Codable, Sendable, Equatable {
    public var name: String
    public var provider: ModelProvider
    public var endpoint: String
    /// True when the endpoint is on this machine (loopback): code never leaves it.
    public var isLocal: Bool

    public init(name: String, provider: ModelProvider, endpoint: String, isLocal: Bool) {
        self.name = name
        self.provider = provider
        self.endpoint = endpoint
        self.isLocal = isLocal
    }
}

/// A chat model Kiln can stream from. Implementations cancel their HTTP request when the
/// consumer of the stream goes away.
public protocol ModelBackend: Sendable {
    var descriptor: ModelDescriptor { get }

    /// Streams the model's reply. The stream ends with `.finished` after the last text; a stream
    /// that ends without it is reported as `ModelError.streamInterrupted`.
    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, Error>

    /// Releases connections. Called once, when the backend is no longer needed.
    func shutdown() async

    /// How many requests the model decodes at once: samples of one task are drawn this many at a time.
    var concurrency: Int { get }

    /// Fill-in-the-middle: the code that belongs between `prefix` and `suffix`. Backends whose
    /// server has no such endpoint throw `ModelError.unsupported`.
    func infill(_ request: InfillRequest) async throws -> InfillResponse
}

/// A fill-in-the-middle request (an editor's cursor between `prefix` and `suffix`).
public struct InfillRequest: Sendable, Equatable {
    public var prefix: String
    public var suffix: String
    public var maxTokens: Int
    public var temperature: Double
    public var seed: Int?
    public var stop: [String]

    public init(
        prefix: String, suffix: String, maxTokens: Int = 128, temperature: Double = 0, seed: Int? = nil, stop: [String] = []
    ) {
        self.prefix = prefix
        self.suffix = suffix
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.seed = seed
        self.stop = stop
    }
}

public struct InfillResponse: Sendable, Equatable {
    public var text: String
    public var usage: Usage

    public init(text: String, usage: Usage) {
        self.text = text
        self.usage = usage
    }
}

extension ModelBackend {
    public func shutdown() async {}

    public var concurrency: Int { 1 }

    public func infill(_ request: InfillRequest) async throws -> InfillResponse {
        throw ModelError.unsupported(
            endpoint: descriptor.endpoint, feature: "fill-in-the-middle (the embedded llama.cpp server has it)")
    }

    /// Collects a whole reply, calling `onText` for every piece as it arrives.
    public func complete(
        _ request: ChatRequest,
        onText: (@Sendable (String) -> Void)? = nil
    ) async throws -> ChatResponse {
        var text = ""
        var usage = Usage()
        var finish: String?
        for try await event in stream(request) {
            switch event {
            case .text(let piece):
                text += piece
                onText?(piece)
            case .usage(let reported):
                usage = reported
            case .finished(let reason):
                finish = reason
            }
        }
        return ChatResponse(text: text, usage: usage, finishReason: finish)
    }
}

extension URL {
    /// Whether this URL names this machine, so a request to it keeps code local.
    public var isLoopback: Bool {
        guard let host = host?.lowercased() else { return false }
        return host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
    }
}

extension ModelBackend {
    /// Runs `body`, then shuts the backend down, whether `body` succeeded or threw.
    public func using<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            let value = try await body()
            await shutdown()
            return value
        } catch {
            await shutdown()
            throw error
        }
    }
}
