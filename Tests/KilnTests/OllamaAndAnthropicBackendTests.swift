import Foundation
import KilnCore
import Testing

@testable import KilnModels

@Suite("Ollama backend against a fake server")
struct OllamaBackendTests {
    func backend(_ server: FakeHTTPServer, contextSize: Int = 8192) -> OllamaBackend {
        OllamaBackend(
            configuration: EndpointConfiguration(
                provider: .ollama, baseURL: server.baseURL, model: "qwen2.5-coder:1.5b",
                timeouts: Timeouts(connect: .seconds(2), read: .seconds(60)),
                retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10)),
                contextSize: contextSize))
    }

    static func lines(_ pieces: [String], promptEval: Int = 40, eval: Int = 3) -> [FakeAction] {
        [.head(status: 200, headers: [("Content-Type", "application/x-ndjson")])]
            + pieces.map {
                .chunk(FakeHTTPServer.jsonText(["message": ["role": "assistant", "content": $0], "done": false]) + "\n")
            }
            + [
                .chunk(
                    FakeHTTPServer.jsonText([
                        "done": true, "done_reason": "stop", "prompt_eval_count": promptEval, "eval_count": eval,
                    ]) + "\n"), .end,
            ]
    }

    @Test func alwaysSendsAnExplicitContextSize() async throws {
        let server = try await FakeHTTPServer { _, _ in Self.lines(["def f", "():\n    return 1\n"]) }
        let backend = backend(server)
        let response = try await backend.complete(
            ChatRequest(messages: [.user("hi")], parameters: GenerationParameters(maxTokens: 100)))
        await backend.shutdown()
        await server.shutdown()
        #expect(response.text == "def f():\n    return 1\n")
        #expect(response.usage == Usage(promptTokens: 40, completionTokens: 3))
        let sent = try #require(server.requests.first)
        #expect(sent.uri == "/api/chat")
        let options = try #require(sent.json?["options"] as? [String: Any])
        #expect(options["num_ctx"] as? Int == 8192)
        #expect(options["num_predict"] as? Int == 100)
    }

    @Test func growsTheContextForALongPromptInsteadOfTruncating() async throws {
        let server = try await FakeHTTPServer { _, _ in Self.lines(["ok"]) }
        let backend = backend(server, contextSize: 2048)
        let longPrompt = String(repeating: "def helper(): pass\n", count: 600)  // ~11k characters
        _ = try await backend.complete(
            ChatRequest(messages: [.user(longPrompt)], parameters: GenerationParameters(maxTokens: 512)))
        await backend.shutdown()
        await server.shutdown()
        let numCtx = try #require((server.requests.first?.json?["options"] as? [String: Any])?["num_ctx"] as? Int)
        #expect(numCtx >= longPrompt.utf8.count / 3 + 512)
    }

    @Test func aReplyThatFilledTheWindowIsAnError() async throws {
        let server = try await FakeHTTPServer { _, _ in Self.lines(["partial"], promptEval: 8000, eval: 192) }
        let backend = backend(server)
        await #expect {
            _ = try await backend.complete(ChatRequest(messages: [.user("x")]))
        } throws: { error in
            guard case .contextLengthExceeded(let prompt, let limit, _) = error as? ModelError else { return false }
            return prompt == 8000 && limit == 8192
        }
        await backend.shutdown()
        await server.shutdown()
    }

    @Test func aMissingModelSaysHowToPullIt() async throws {
        let server = try await FakeHTTPServer { _, _ in
            FakeHTTPServer.json(#"{"error":"model 'qwen2.5-coder:1.5b' not found"}"#, status: 404)
        }
        let backend = backend(server)
        await #expect {
            _ = try await backend.complete(ChatRequest(messages: [.user("x")]))
        } throws: { error in
            String(describing: error).contains("ollama pull qwen2.5-coder:1.5b")
        }
        await backend.shutdown()
        await server.shutdown()
    }

    @Test func dyingMidStreamIsAnInterruption() async throws {
        let server = try await FakeHTTPServer { _, _ in
            Array(Self.lines(["a", "b"]).prefix(3)) + [.sleep(milliseconds: 50), .close]
        }
        let backend = backend(server)
        await #expect {
            _ = try await backend.complete(ChatRequest(messages: [.user("x")]))
        } throws: { error in
            // The count says how much arrived; when the peer closes, the HTTP client may drop a chunk it
            // had not handed over yet, so on a loaded machine "a" alone is also a correct count.
            guard case .streamInterrupted(_, let received, _) = error as? ModelError else { return false }
            return (1...2).contains(received)
        }
        await backend.shutdown()
        await server.shutdown()
    }

    @Test func malformedLinesAreReported() async throws {
        let server = try await FakeHTTPServer { _, _ in
            [.head(status: 200, headers: [("Content-Type", "application/x-ndjson")]), .chunk("{not json}\n"), .end]
        }
        let backend = backend(server)
        await #expect {
            _ = try await backend.complete(ChatRequest(messages: [.user("x")]))
        } throws: { error in
            if case .malformedResponse = error as? ModelError { return true }
            return false
        }
        await backend.shutdown()
        await server.shutdown()
    }
}

@Suite("Anthropic backend against a fake server")
struct AnthropicBackendTests {
    func backend(_ server: FakeHTTPServer) -> AnthropicBackend {
        AnthropicBackend(
            configuration: EndpointConfiguration(
                provider: .anthropic, baseURL: server.baseURL, model: "claude-test", apiKey: "key-123",
                apiKeyVariable: "ANTHROPIC_API_KEY", timeouts: Timeouts(connect: .seconds(2), read: .seconds(60)),
                retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10))))
    }

    static func events(_ pieces: [String], stop: Bool = true) -> [FakeAction] {
        var events: [(String, String)] = [
            ("message_start", #"{"type":"message_start","message":{"usage":{"input_tokens":21,"output_tokens":1}}}"#),
            ("ping", #"{"type":"ping"}"#),
        ]
        for piece in pieces {
            events.append(
                (
                    "content_block_delta",
                    FakeHTTPServer.jsonText([
                        "type": "content_block_delta", "index": 0, "delta": ["type": "text_delta", "text": piece],
                    ])
                ))
        }
        events.append(
            ("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":9}}"#))
        if stop { events.append(("message_stop", #"{"type":"message_stop"}"#)) }
        return [.head(status: 200, headers: [("Content-Type", "text/event-stream")])]
            + events.map { .chunk("event: \($0.0)\ndata: \($0.1)\n\n") } + [.end]
    }

    @Test func streamsAndSendsTheSystemPromptSeparately() async throws {
        let server = try await FakeHTTPServer { _, _ in Self.events(["def ", "f(): pass"]) }
        let backend = backend(server)
        let response = try await backend.complete(ChatRequest(messages: [.system("rules"), .user("go")]))
        await backend.shutdown()
        await server.shutdown()
        #expect(response.text == "def f(): pass")
        #expect(response.usage == Usage(promptTokens: 21, completionTokens: 9))
        #expect(response.finishReason == "end_turn")
        let sent = try #require(server.requests.first)
        #expect(sent.uri == "/v1/messages")
        #expect(sent.header("x-api-key") == "key-123")
        #expect(sent.header("anthropic-version") == AnthropicBackend.apiVersion)
        #expect(sent.json?["system"] as? String == "rules")
        #expect((sent.json?["messages"] as? [[String: String]])?.map { $0["role"] } == ["user"])
    }

    @Test func anErrorEventMidStreamIsReported() async throws {
        let server = try await FakeHTTPServer { _, _ in
            [
                .head(status: 200, headers: [("Content-Type", "text/event-stream")]),
                .chunk(
                    "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"
                ), .end,
            ]
        }
        let backend = backend(server)
        await #expect {
            _ = try await backend.complete(ChatRequest(messages: [.user("go")]))
        } throws: { error in
            String(describing: error).contains("Overloaded")
        }
        await backend.shutdown()
        await server.shutdown()
    }

    @Test func aMissingStopEventIsAnInterruption() async throws {
        let server = try await FakeHTTPServer { _, _ in Self.events(["x"], stop: false) }
        let backend = backend(server)
        await #expect {
            _ = try await backend.complete(ChatRequest(messages: [.user("go")]))
        } throws: { error in
            if case .streamInterrupted = error as? ModelError { return true }
            return false
        }
        await backend.shutdown()
        await server.shutdown()
    }

    @Test func aBadKeyPointsAtTheVariable() async throws {
        let server = try await FakeHTTPServer { _, _ in
            FakeHTTPServer.json(
                #"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#, status: 401)
        }
        let backend = backend(server)
        await #expect(throws: ModelError.unauthorized(endpoint: server.baseURL, keyVariable: "ANTHROPIC_API_KEY")) {
            _ = try await backend.complete(ChatRequest(messages: [.user("go")]))
        }
        await backend.shutdown()
        await server.shutdown()
    }

    @Test func aTooLongPromptIsAContextError() async throws {
        let server = try await FakeHTTPServer { _, _ in
            FakeHTTPServer.json(
                #"{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}"#,
                status: 400)
        }
        let backend = backend(server)
        await #expect(throws: ModelError.self) {
            _ = try await backend.complete(ChatRequest(messages: [.user("go")]))
        }
        if case .contextLengthExceeded(let prompt, let limit, _)? = ModelError.contextOverflow(
            from: "prompt is too long: 210000 tokens > 200000 maximum")
        {
            #expect(prompt == 210000 && limit == 200000)
        } else {
            Issue.record("not recognised as a context overflow")
        }
        await backend.shutdown()
        await server.shutdown()
    }
}
