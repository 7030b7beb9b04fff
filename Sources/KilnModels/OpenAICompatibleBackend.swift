import AsyncHTTPClient
import Foundation
import KilnCore

/// OpenAI's chat completions protocol, streaming over server-sent events. Used for the embedded
/// llama.cpp server, vLLM, LM Studio, OpenAI itself and every other compatible server.
public struct OpenAICompatibleBackend: ModelBackend {
    public let configuration: EndpointConfiguration
    let session: HTTPSession

    public init(configuration: EndpointConfiguration) {
        self.configuration = configuration
        self.session = HTTPSession(endpoint: configuration.baseURL, timeouts: configuration.timeouts, retry: configuration.retry)
    }

    public var descriptor: ModelDescriptor {
        ModelDescriptor(
            name: configuration.model, provider: .openai, endpoint: configuration.baseURL, isLocal: configuration.isLocal)
    }

    public func shutdown() async { await session.shutdown() }

    public var concurrency: Int { configuration.concurrency }

    /// llama.cpp's `/infill`, which wraps prefix and suffix in the model's own FIM tokens.
    public func infill(_ request: InfillRequest) async throws -> InfillResponse {
        guard let url = configuration.infillURL else {
            throw ModelError.unsupported(
                endpoint: configuration.baseURL, feature: "fill-in-the-middle (the embedded llama.cpp server has it)")
        }
        var body: [String: Any] = [
            "input_prefix": request.prefix, "input_suffix": request.suffix, "n_predict": request.maxTokens,
            "temperature": request.temperature, "cache_prompt": true, "stream": false,
        ]
        if let seed = request.seed { body["seed"] = seed }
        if !request.stop.isEmpty { body["stop"] = request.stop }
        let response: HTTPClientResponse
        do {
            response = try await session.postJSON(url: url, headers: configuration.extraHeaders, body: try JSONBody.encode(body))
        } catch let failure as HTTPStatusFailure {
            throw mapStatus(failure)
        }
        let text = try await HTTPSession.readText(response, limit: 16 << 20)
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            let content = object["content"] as? String
        else {
            throw ModelError.malformedResponse(endpoint: url, detail: "no `content` in the infill reply: \(text.prefix(200))")
        }
        let usage = Usage(
            promptTokens: object["tokens_evaluated"] as? Int, completionTokens: object["tokens_predicted"] as? Int)
        return InfillResponse(text: content, usage: usage)
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, Error> {
        makeStream { continuation in try await run(request, continuation) }
    }

    func requestBody(_ request: ChatRequest) throws -> Data {
        var body: [String: Any] = [
            "model": configuration.model,
            "messages": request.messages.map { ["role": $0.role.rawValue, "content": $0.content] },
            "temperature": request.parameters.temperature,
            "max_tokens": request.parameters.maxTokens,
            "stream": true,
        ]
        if !request.parameters.stop.isEmpty { body["stop"] = request.parameters.stop }
        if let seed = request.parameters.seed { body["seed"] = seed }
        return try JSONBody.encode(body)
    }

    private func run(_ request: ChatRequest, _ continuation: AsyncThrowingStream<StreamEvent, Error>.Continuation) async throws {
        var headers = configuration.extraHeaders
        if let key = configuration.apiKey { headers.append(("Authorization", "Bearer \(key)")) }
        headers.append(("Accept", "text/event-stream"))
        let response: HTTPClientResponse
        do {
            response = try await session.postJSON(
                url: configuration.baseURL + "/chat/completions", headers: headers, body: try requestBody(request))
        } catch let failure as HTTPStatusFailure {
            throw mapStatus(failure)
        }
        let contentType = response.headers.first(name: "content-type") ?? ""
        if !contentType.contains("event-stream") && contentType.contains("json") {
            // A server that ignores `stream: true` answers with one JSON object.
            let text = try await HTTPSession.readText(response, limit: 16 << 20)
            try emitWhole(text, continuation)
            return
        }
        let tally = StreamTally()
        var parser = ServerSentEventParser()
        var finished = false
        var usage: Usage?
        var finishReason: String?
        func handle(_ event: ServerSentEvent) throws {
            if event.data == "[DONE]" {
                finished = true
                return
            }
            guard let chunk = JSONObject(text: event.data) else {
                throw ModelError.malformedResponse(
                    endpoint: configuration.baseURL, detail: "a stream chunk is not JSON: \(JSONBody.preview(event.data))")
            }
            if let error = chunk["error"] {
                let message = error.string("message") ?? JSONBody.preview(event.data)
                throw ModelError.contextOverflow(from: message)
                    ?? .server(
                        status: 200, endpoint: configuration.baseURL, message: "error in the middle of the stream: \(message)")
            }
            if let reported = chunk["usage"] {
                usage = Usage(promptTokens: reported.int("prompt_tokens"), completionTokens: reported.int("completion_tokens"))
            }
            for choice in chunk.array("choices") ?? [] {
                if let text = choice["delta"]?.string("content"), !text.isEmpty {
                    tally.characters += text.count
                    tally.chunks += 1
                    continuation.yield(.text(text))
                }
                if let reason = choice.string("finish_reason") { finishReason = reason }
            }
        }
        try await session.forEachLine(of: response, receivedCharacters: { tally.characters }) { line in
            guard !finished else { return }
            if let event = parser.feed(line: line) { try handle(event) }
        }
        if !finished, let event = parser.flush() { try handle(event) }
        guard finished else {
            let interrupted = ModelError.streamInterrupted(
                endpoint: configuration.baseURL, receivedCharacters: tally.characters,
                reason: "the stream ended without its final [DONE] event")
            // Some servers (llama-cpp-python among them) reject a request only after starting the
            // stream, and then close it empty. Asking again without streaming gets the real error.
            if tally.characters == 0, let rejection = await diagnoseEmptyStream(request) { throw rejection }
            throw interrupted
        }
        continuation.yield(.usage(usage ?? Usage(completionTokens: tally.chunks, estimated: true)))
        continuation.yield(.finished(reason: finishReason))
    }

    /// The error a non-streaming, one-token copy of `request` gets, if it gets one.
    private func diagnoseEmptyStream(_ request: ChatRequest) async -> ModelError? {
        var probe = request
        probe.parameters.maxTokens = 1
        guard var body = try? JSONSerialization.jsonObject(with: requestBody(probe)) as? [String: Any] else { return nil }
        body["stream"] = false
        var headers = configuration.extraHeaders
        if let key = configuration.apiKey { headers.append(("Authorization", "Bearer \(key)")) }
        // Two tries: the server may have dropped the pooled connection the failed stream used.
        for _ in 0..<2 {
            do {
                let response = try await session.postJSON(
                    url: configuration.baseURL + "/chat/completions", headers: headers, body: try JSONBody.encode(body))
                _ = try? await response.body.collect(upTo: 1 << 20)
                return nil
            } catch let failure as HTTPStatusFailure {
                return mapStatus(failure)
            } catch {
                continue
            }
        }
        return nil
    }

    private func emitWhole(_ text: String, _ continuation: AsyncThrowingStream<StreamEvent, Error>.Continuation) throws {
        guard let object = JSONObject(text: text) else {
            throw ModelError.malformedResponse(
                endpoint: configuration.baseURL, detail: "the reply is not JSON: \(JSONBody.preview(text))")
        }
        guard let choice = object.array("choices")?.first, let content = choice["message"]?.string("content") else {
            throw ModelError.malformedResponse(
                endpoint: configuration.baseURL, detail: "the reply has no choices[0].message.content: \(JSONBody.preview(text))")
        }
        continuation.yield(.text(content))
        let usage = object["usage"]
        continuation.yield(
            .usage(Usage(promptTokens: usage?.int("prompt_tokens"), completionTokens: usage?.int("completion_tokens"))))
        continuation.yield(.finished(reason: choice.string("finish_reason")))
    }

    func mapStatus(_ failure: HTTPStatusFailure) -> ModelError {
        let object = JSONObject(text: failure.body)
        let message =
            object?["error"]?.string("message") ?? object?.string("detail") ?? object?.string("error")
            ?? JSONBody.preview(failure.body)
        if let overflow = ModelError.contextOverflow(from: message) { return overflow }
        switch failure.status {
        case 401, 403:
            return .unauthorized(endpoint: configuration.baseURL, keyVariable: configuration.apiKeyVariable ?? "OPENAI_API_KEY")
        case 404 where message.lowercased().contains("model"):
            return .modelNotFound(model: configuration.model, endpoint: configuration.baseURL, detail: message)
        default:
            return .server(status: failure.status, endpoint: configuration.baseURL, message: message)
        }
    }
}
