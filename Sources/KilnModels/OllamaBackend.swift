import AsyncHTTPClient
import Foundation
import KilnCore

/// Ollama's native chat API. Ollama silently truncates prompts longer than its context window
/// (2048 tokens unless told otherwise), so Kiln always sends `num_ctx`, sized to hold the prompt
/// and the answer, and treats a reply that filled the whole window as an error.
public struct OllamaBackend: ModelBackend {
    public let configuration: EndpointConfiguration
    let session: HTTPSession

    public init(configuration: EndpointConfiguration) {
        self.configuration = configuration
        self.session = HTTPSession(endpoint: configuration.baseURL, timeouts: configuration.timeouts, retry: configuration.retry)
    }

    public var descriptor: ModelDescriptor {
        ModelDescriptor(
            name: configuration.model, provider: .ollama, endpoint: configuration.baseURL, isLocal: configuration.isLocal)
    }

    public func shutdown() async { await session.shutdown() }

    /// A deliberately high estimate of the prompt's tokens: about three bytes a token for code and
    /// English, plus the chat template's overhead per message.
    static func estimatedPromptTokens(_ request: ChatRequest) -> Int {
        request.messages.reduce(0) { $0 + $1.content.utf8.count / 3 + 8 }
    }

    /// The context size to ask for: the configured one, or more when the prompt and the answer
    /// would not fit in it.
    func contextSize(for request: ChatRequest) -> Int {
        let needed = Self.estimatedPromptTokens(request) + request.parameters.maxTokens
        var size = configuration.contextSize
        while size < needed { size *= 2 }
        return size
    }

    func requestBody(_ request: ChatRequest, numCtx: Int) throws -> Data {
        var options: [String: Any] = [
            "temperature": request.parameters.temperature,
            "num_predict": request.parameters.maxTokens,
            "num_ctx": numCtx,
        ]
        if !request.parameters.stop.isEmpty { options["stop"] = request.parameters.stop }
        if let seed = request.parameters.seed { options["seed"] = seed }
        return try JSONBody.encode([
            "model": configuration.model,
            "messages": request.messages.map { ["role": $0.role.rawValue, "content": $0.content] },
            "stream": true,
            "options": options,
        ])
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, Error> {
        makeStream { continuation in try await run(request, continuation) }
    }

    private func run(_ request: ChatRequest, _ continuation: AsyncThrowingStream<StreamEvent, Error>.Continuation) async throws {
        let numCtx = contextSize(for: request)
        let response: HTTPClientResponse
        do {
            response = try await session.postJSON(
                url: configuration.baseURL + "/api/chat", headers: configuration.extraHeaders,
                body: try requestBody(request, numCtx: numCtx))
        } catch let failure as HTTPStatusFailure {
            throw mapStatus(failure)
        }
        let tally = StreamTally()
        var done = false
        var usage = Usage()
        var reason: String?
        try await session.forEachLine(of: response, receivedCharacters: { tally.characters }) { line in
            guard !done, !line.trimmingCharacters(in: .whitespaces).isEmpty else { return }
            guard let object = JSONObject(text: line) else {
                throw ModelError.malformedResponse(
                    endpoint: configuration.baseURL, detail: "a stream line is not JSON: \(JSONBody.preview(line))")
            }
            if let message = object.string("error") {
                throw ModelError.server(
                    status: 200, endpoint: configuration.baseURL, message: "error in the middle of the stream: \(message)")
            }
            if let text = object["message"]?.string("content"), !text.isEmpty {
                tally.characters += text.count
                continuation.yield(.text(text))
            }
            if object.bool("done") == true {
                done = true
                reason = object.string("done_reason")
                usage = Usage(promptTokens: object.int("prompt_eval_count"), completionTokens: object.int("eval_count"))
            }
        }
        guard done else {
            throw ModelError.streamInterrupted(
                endpoint: configuration.baseURL, receivedCharacters: tally.characters,
                reason: "the stream ended without its final \"done\": true line")
        }
        if let prompt = usage.promptTokens, prompt + (usage.completionTokens ?? 0) >= numCtx {
            throw ModelError.contextLengthExceeded(
                promptTokens: prompt, limit: numCtx,
                detail: "Ollama filled its whole context window, so it truncated the prompt or the answer")
        }
        continuation.yield(.usage(usage))
        continuation.yield(.finished(reason: reason))
    }

    func mapStatus(_ failure: HTTPStatusFailure) -> ModelError {
        let message = JSONObject(text: failure.body)?.string("error") ?? JSONBody.preview(failure.body)
        if let overflow = ModelError.contextOverflow(from: message) { return overflow }
        switch failure.status {
        case 401, 403:
            return .unauthorized(endpoint: configuration.baseURL, keyVariable: configuration.apiKeyVariable)
        case 404:
            return .modelNotFound(
                model: configuration.model, endpoint: configuration.baseURL,
                detail: message + "; run `ollama pull \(configuration.model)`")
        default:
            return .server(status: failure.status, endpoint: configuration.baseURL, message: message)
        }
    }
}
