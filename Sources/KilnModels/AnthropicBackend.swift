import AsyncHTTPClient
import Foundation
import KilnCore

/// Anthropic's Messages API, streaming.
public struct AnthropicBackend: ModelBackend {
    public static let apiVersion = "2023-06-01"
    public let configuration: EndpointConfiguration
    let session: HTTPSession

    public init(configuration: EndpointConfiguration) {
        self.configuration = configuration
        self.session = HTTPSession(endpoint: configuration.baseURL, timeouts: configuration.timeouts, retry: configuration.retry)
    }

    public var descriptor: ModelDescriptor {
        ModelDescriptor(
            name: configuration.model, provider: .anthropic, endpoint: configuration.baseURL, isLocal: configuration.isLocal)
    }

    public func shutdown() async { await session.shutdown() }

    func requestBody(_ request: ChatRequest) throws -> Data {
        let system = request.messages.filter { $0.role == .system }.map(\.content).joined(separator: "\n\n")
        var body: [String: Any] = [
            "model": configuration.model,
            "max_tokens": request.parameters.maxTokens,
            "temperature": request.parameters.temperature,
            "messages": request.messages.filter { $0.role != .system }.map { ["role": $0.role.rawValue, "content": $0.content] },
            "stream": true,
        ]
        if !system.isEmpty { body["system"] = system }
        if !request.parameters.stop.isEmpty { body["stop_sequences"] = request.parameters.stop }
        return try JSONBody.encode(body)
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, Error> {
        makeStream { continuation in try await run(request, continuation) }
    }

    private func run(_ request: ChatRequest, _ continuation: AsyncThrowingStream<StreamEvent, Error>.Continuation) async throws {
        var headers = configuration.extraHeaders
        headers.append(("anthropic-version", Self.apiVersion))
        if let key = configuration.apiKey { headers.append(("x-api-key", key)) }
        let response: HTTPClientResponse
        do {
            response = try await session.postJSON(
                url: configuration.baseURL + "/v1/messages", headers: headers, body: try requestBody(request))
        } catch let failure as HTTPStatusFailure {
            throw mapStatus(failure)
        }
        let tally = StreamTally()
        var parser = ServerSentEventParser()
        var stopped = false
        var usage = Usage()
        var reason: String?
        func handle(_ event: ServerSentEvent) throws {
            guard let object = JSONObject(text: event.data) else {
                throw ModelError.malformedResponse(
                    endpoint: configuration.baseURL, detail: "an event is not JSON: \(JSONBody.preview(event.data))")
            }
            switch object.string("type") ?? event.event {
            case "message_start":
                usage.promptTokens = object["message"]?["usage"]?.int("input_tokens")
            case "content_block_delta":
                if let text = object["delta"]?.string("text"), !text.isEmpty {
                    tally.characters += text.count
                    continuation.yield(.text(text))
                }
            case "message_delta":
                reason = object["delta"]?.string("stop_reason") ?? reason
                usage.completionTokens = object["usage"]?.int("output_tokens") ?? usage.completionTokens
            case "message_stop":
                stopped = true
            case "error":
                let message = object["error"]?.string("message") ?? JSONBody.preview(event.data)
                throw ModelError.contextOverflow(from: message)
                    ?? .server(
                        status: 200, endpoint: configuration.baseURL, message: "error in the middle of the stream: \(message)")
            default:
                break  // ping, content_block_start, content_block_stop
            }
        }
        try await session.forEachLine(of: response, receivedCharacters: { tally.characters }) { line in
            guard !stopped else { return }
            if let event = parser.feed(line: line) { try handle(event) }
        }
        if !stopped, let event = parser.flush() { try handle(event) }
        guard stopped else {
            throw ModelError.streamInterrupted(
                endpoint: configuration.baseURL, receivedCharacters: tally.characters,
                reason: "the stream ended without its message_stop event")
        }
        continuation.yield(.usage(usage))
        continuation.yield(.finished(reason: reason))
    }

    func mapStatus(_ failure: HTTPStatusFailure) -> ModelError {
        let error = JSONObject(text: failure.body)?["error"]
        let message = error?.string("message") ?? JSONBody.preview(failure.body)
        if let overflow = ModelError.contextOverflow(from: message) { return overflow }
        switch failure.status {
        case 401, 403:
            return .unauthorized(
                endpoint: configuration.baseURL, keyVariable: configuration.apiKeyVariable ?? "ANTHROPIC_API_KEY")
        case 404:
            return .modelNotFound(model: configuration.model, endpoint: configuration.baseURL, detail: message)
        default:
            return .server(status: failure.status, endpoint: configuration.baseURL, message: message)
        }
    }
}
