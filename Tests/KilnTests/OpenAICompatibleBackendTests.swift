import Foundation
import KilnCore
import NIOCore
import Testing

@testable import KilnModels

@Suite("OpenAI-compatible backend against a fake server")
struct OpenAICompatibleBackendTests {
    static let request = ChatRequest(
        messages: [.system("be brief"), .user("write median")],
        parameters: GenerationParameters(temperature: 0.1, maxTokens: 64, stop: ["###"], seed: 7))

    func backend(
        _ server: FakeHTTPServer, key: String? = nil, read: Duration = .seconds(60),
        retry: RetryPolicy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10))
    ) -> OpenAICompatibleBackend {
        OpenAICompatibleBackend(
            configuration: EndpointConfiguration(
                provider: .openai, baseURL: server.baseURL + "/v1", model: "test-model", apiKey: key,
                apiKeyVariable: "TEST_KEY", headers: ["X-Team": "kiln"], timeouts: Timeouts(connect: .seconds(2), read: read),
                retry: retry))
    }

    @Test func streamsTextAndSendsTheRequestItWasGiven() async throws {
        let server = try await FakeHTTPServer { _, _ in
            FakeHTTPServer.sse(FakeHTTPServer.openAIStream(["def ", "median", "(x):\n"], usage: (12, 3)))
        }
        let backend = backend(server, key: "sk-test")
        let response = try await backend.complete(Self.request)
        await backend.shutdown()
        await server.shutdown()

        #expect(response.text == "def median(x):\n")
        #expect(response.usage == Usage(promptTokens: 12, completionTokens: 3))
        #expect(response.finishReason == "stop")
        let sent = try #require(server.requests.first)
        #expect(sent.uri == "/v1/chat/completions")
        #expect(sent.header("Authorization") == "Bearer sk-test")
        #expect(sent.header("X-Team") == "kiln")
        let body = try #require(sent.json)
        #expect(body["model"] as? String == "test-model")
        #expect(body["stream"] as? Bool == true)
        #expect(body["max_tokens"] as? Int == 64)
        #expect(body["seed"] as? Int == 7)
        #expect(body["stop"] as? [String] == ["###"])
        #expect((body["messages"] as? [[String: String]])?.map { $0["role"] } == ["system", "user"])
    }

    @Test func estimatesUsageWhenTheServerReportsNone() async throws {
        let server = try await FakeHTTPServer { _, _ in FakeHTTPServer.sse(FakeHTTPServer.openAIStream(["a", "b", "c"])) }
        let backend = backend(server)
        let response = try await backend.complete(Self.request)
        await backend.shutdown()
        await server.shutdown()
        #expect(response.usage == Usage(completionTokens: 3, estimated: true))
    }

    @Test func acceptsAServerThatIgnoresStreaming() async throws {
        let server = try await FakeHTTPServer { _, _ in
            FakeHTTPServer.json(
                #"{"choices":[{"message":{"role":"assistant","content":"x = 1"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":2}}"#
            )
        }
        let backend = backend(server)
        let response = try await backend.complete(Self.request)
        await backend.shutdown()
        await server.shutdown()
        #expect(response.text == "x = 1")
        #expect(response.usage.completionTokens == 2)
    }

    @Test func aServerThatDiesMidStreamIsAnInterruptionNotAnAnswer() async throws {
        let server = try await FakeHTTPServer { _, _ in
            [.head(status: 200, headers: [("Content-Type", "text/event-stream")])]
                + FakeHTTPServer.openAIStream(["def median", "(numbers):"]).prefix(2).map { .chunk("data: \($0)\n\n") }
                + [.sleep(milliseconds: 200), .close]
        }
        let backend = backend(server)
        await #expect {
            _ = try await backend.complete(Self.request)
        } throws: { error in
            guard case .streamInterrupted(_, let received, _) = error as? ModelError else { return false }
            // What was counted before the close: both chunks, or (on a loaded machine, where the
            // HTTP client can report the closed connection before it hands over the last chunk it
            // had buffered) the first; never nothing, never more than was sent.
            return [10, "def median(numbers):".count].contains(received)
        }
        await backend.shutdown()
        await server.shutdown()
    }

    @Test func aStreamWithoutDoneIsAnInterruption() async throws {
        let server = try await FakeHTTPServer { _, _ in
            [
                .head(status: 200, headers: [("Content-Type", "text/event-stream")]),
                .chunk("data: " + FakeHTTPServer.openAIStream(["x"])[0] + "\n\n"), .end,
            ]
        }
        let backend = backend(server)
        await #expect {
            _ = try await backend.complete(Self.request)
        } throws: { error in
            if case .streamInterrupted = error as? ModelError { return true }
            return false
        }
        await backend.shutdown()
        await server.shutdown()
    }

    @Test func malformedJSONIsReportedWithWhatArrived() async throws {
        let server = try await FakeHTTPServer { _, _ in FakeHTTPServer.sse(["{\"choices\": [oops"]) }
        let backend = backend(server)
        await #expect {
            _ = try await backend.complete(Self.request)
        } throws: { error in
            guard case .malformedResponse(_, let detail) = error as? ModelError else { return false }
            return detail.contains("[oops")
        }
        await backend.shutdown()
        await server.shutdown()
    }

    @Test func aSilentServerTimesOut() async throws {
        let server = try await FakeHTTPServer { _, _ in
            [.head(status: 200, headers: [("Content-Type", "text/event-stream")]), .sleep(milliseconds: 90000), .end]
        }
        let backend = backend(server, read: .milliseconds(400))
        let started = ContinuousClock.now
        await #expect {
            _ = try await backend.complete(Self.request)
        } throws: { error in
            if case .timedOut = error as? ModelError { return true }
            return false
        }
        // The server would answer after 90 s; ending well before proves the read timeout fired.
        // (Generous: a loaded 2-core machine delays everything.)
        #expect(ContinuousClock.now - started < .seconds(60))
        await backend.shutdown()
        await server.shutdown()
    }

    @Test func retriesRateLimitsAndServerErrors() async throws {
        let server = try await FakeHTTPServer { _, index in
            switch index {
            case 0: return FakeHTTPServer.json(#"{"error":{"message":"slow down"}}"#, status: 429)
            case 1: return FakeHTTPServer.json(#"{"error":{"message":"busy"}}"#, status: 503)
            default: return FakeHTTPServer.sse(FakeHTTPServer.openAIStream(["ok"]))
            }
        }
        let backend = backend(server)
        let response = try await backend.complete(Self.request)
        await backend.shutdown()
        await server.shutdown()
        #expect(response.text == "ok")
        #expect(server.requests.count == 3)
    }

    /// Seen once in a HumanEval run on a loaded machine: "I/O on closed channel" ended a task
    /// as `error` where a second try on a fresh connection would have gone through.
    @Test func writingOnAConnectionTheServerClosedIsRetried() {
        #expect(HTTPSession.classify(ChannelError.ioOnClosedChannel) == .reset)
        #expect(HTTPSession.classify(ChannelError.alreadyClosed) == .reset)
        #expect(HTTPSession.classify(ChannelError.connectPending) == .other)
    }

    @Test func aConnectionClosedBeforeTheReplyIsTriedAgain() async throws {
        let server = try await FakeHTTPServer { _, index in
            index == 0 ? [.close] : FakeHTTPServer.sse(FakeHTTPServer.openAIStream(["ok"]))
        }
        let backend = backend(server)
        let response = try await backend.complete(Self.request)
        await backend.shutdown()
        await server.shutdown()
        #expect(response.text == "ok")
        #expect(server.requests.count == 2)
    }

    /// Kiln's own llama-server (`RetryPolicy.localServer`): a 500 there is answered at once, never
    /// asked again, but a connection it closed before replying gets a fresh one. The local
    /// backend had no retries at all, so HumanEval tasks ended as `error` on "I/O on closed channel".
    @Test func theLocalServerPolicyRetriesAClosedConnectionButNotAServerError() async throws {
        let closing = try await FakeHTTPServer { _, index in
            index == 0 ? [.close] : FakeHTTPServer.sse(FakeHTTPServer.openAIStream(["ok"]))
        }
        let first = backend(closing, retry: .localServer)
        #expect(try await first.complete(Self.request).text == "ok")
        #expect(closing.requests.count == 2)
        await first.shutdown()
        await closing.shutdown()

        let failing = try await FakeHTTPServer { _, _ in FakeHTTPServer.json(#"{"error":{"message":"context full"}}"#, status: 500) }
        let second = backend(failing, retry: .localServer)
        await #expect(throws: ModelError.self) { _ = try await second.complete(Self.request) }
        #expect(failing.requests.count == 1)
        await second.shutdown()
        await failing.shutdown()
    }

    /// The error of a server that keeps closing says so, with the transport's own name for the
    /// close and how many tries were made, so a rare failure in a long run can be diagnosed.
    @Test func aServerThatKeepsClosingIsUnreachableAfterEveryTry() async throws {
        let server = try await FakeHTTPServer { _, _ in [.close] }
        let backend = backend(server)
        await #expect {
            _ = try await backend.complete(Self.request)
        } throws: { error in
            guard case .unreachable(_, let reason) = error as? ModelError else { return false }
            return reason.contains("closed by the server before it replied") && reason.contains("3 tries")
        }
        #expect(server.requests.count == 3)
        await backend.shutdown()
        await server.shutdown()
    }

    /// A backend dropped on an error path, without `shutdown()`, must not stop the process: a debug
    /// build of AsyncHTTPClient traps on a client deinitialised while still up, and a test that threw
    /// before its cleanup once took the whole run down that way.
    @Test func aBackendDroppedWithoutShutdownDoesNotStopTheProcess() async throws {
        let server = try await FakeHTTPServer { _, _ in FakeHTTPServer.sse(FakeHTTPServer.openAIStream(["ok"])) }
        do {
            let dropped = backend(server)
            #expect(try await dropped.complete(Self.request).text == "ok")
        }
        // The session's own deinit shut the client down; a second client still works after it.
        try await Task.sleep(for: .milliseconds(200))
        let next = backend(server)
        #expect(try await next.complete(Self.request).text == "ok")
        await next.shutdown()
        await server.shutdown()
    }

    @Test func givesUpAfterTheLastRetry() async throws {
        let server = try await FakeHTTPServer { _, _ in FakeHTTPServer.json(#"{"error":{"message":"overloaded"}}"#, status: 500) }
        let backend = backend(server)
        await #expect(throws: ModelError.server(status: 500, endpoint: server.baseURL + "/v1", message: "overloaded")) {
            _ = try await backend.complete(Self.request)
        }
        #expect(server.requests.count == 3)
        await backend.shutdown()
        await server.shutdown()
    }

    @Test func doesNotRetryAClientError() async throws {
        let server = try await FakeHTTPServer { _, _ in
            FakeHTTPServer.json(#"{"error":{"message":"bad temperature"}}"#, status: 400)
        }
        let backend = backend(server)
        await #expect(throws: ModelError.self) { _ = try await backend.complete(Self.request) }
        #expect(server.requests.count == 1)
        await backend.shutdown()
        await server.shutdown()
    }

    @Test func aRejectedKeyNamesTheVariableNotTheKey() async throws {
        let server = try await FakeHTTPServer { _, _ in
            FakeHTTPServer.json(#"{"error":{"message":"invalid api key"}}"#, status: 401)
        }
        let backend = backend(server, key: "sk-secret")
        await #expect {
            _ = try await backend.complete(Self.request)
        } throws: { error in
            let text = String(describing: error)
            return text.contains("$TEST_KEY") && !text.contains("sk-secret")
        }
        await backend.shutdown()
        await server.shutdown()
    }

    @Test func anUnknownModelIsNamed() async throws {
        let server = try await FakeHTTPServer { _, _ in
            FakeHTTPServer.json(#"{"error":{"message":"The model `test-model` does not exist"}}"#, status: 404)
        }
        let backend = backend(server)
        await #expect {
            _ = try await backend.complete(Self.request)
        } throws: { error in
            if case .modelNotFound(model: "test-model", _, _) = error as? ModelError { return true }
            return false
        }
        await backend.shutdown()
        await server.shutdown()
    }

    @Test func contextOverflowCarriesTheTokenCounts() async throws {
        let message =
            "This model's maximum context length is 8192 tokens. However, you requested 9500 tokens (8476 in the messages, 1024 in the completion)."
        let server = try await FakeHTTPServer { _, _ in
            FakeHTTPServer.json(
                FakeHTTPServer.jsonText(["error": ["message": message, "type": "invalid_request_error"]]), status: 400)
        }
        let backend = backend(server)
        await #expect {
            _ = try await backend.complete(Self.request)
        } throws: { error in
            guard case .contextLengthExceeded(let prompt, let limit, _) = error as? ModelError else { return false }
            return prompt == 8476 && limit == 8192 && String(describing: error).contains("8476 tokens")
        }
        await backend.shutdown()
        await server.shutdown()
    }

    @Test func anEmptyStreamIsExplainedByAskingAgainWithoutStreaming() async throws {
        let message =
            "This model's maximum context length is 512 tokens. However, you requested 1418 tokens (1354 in the messages, 64 in the completion)."
        let server = try await FakeHTTPServer { request, _ in
            if request.json?["stream"] as? Bool == true {
                return [.head(status: 200, headers: [("Content-Type", "text/event-stream")]), .end]
            }
            return FakeHTTPServer.json(FakeHTTPServer.jsonText(["error": ["message": message]]), status: 400)
        }
        let backend = backend(server)
        await #expect(throws: ModelError.contextLengthExceeded(promptTokens: 1354, limit: 512, detail: message)) {
            _ = try await backend.complete(Self.request)
        }
        #expect(server.requests.count == 2)
        #expect(server.requests.last?.json?["max_tokens"] as? Int == 1)
        await backend.shutdown()
        await server.shutdown()
    }

    @Test func anUnreachableServerFailsFast() async throws {
        let backend = OpenAICompatibleBackend(
            configuration: EndpointConfiguration(
                provider: .openai, baseURL: "http://127.0.0.1:9/v1", model: "m"))
        let started = ContinuousClock.now
        await #expect {
            _ = try await backend.complete(Self.request)
        } throws: { error in
            guard case .unreachable = error as? ModelError else { return false }
            return String(describing: error).contains("127.0.0.1:9")
        }
        // A hang would last until the test run is killed; the connect timeout is 5 s.
        #expect(ContinuousClock.now - started < .seconds(60))
        await backend.shutdown()
    }

    @Test func cancellingTheConsumerStopsTheRequest() async throws {
        let server = try await FakeHTTPServer { _, _ in
            [
                .head(status: 200, headers: [("Content-Type", "text/event-stream")]),
                .chunk("data: " + FakeHTTPServer.openAIStream(["first"])[0] + "\n\n"), .sleep(milliseconds: 90000), .end,
            ]
        }
        let backend = backend(server)
        let consumer = Task {
            var pieces = 0
            for try await event in backend.stream(Self.request) {
                if case .text = event { pieces += 1 }
            }
            return pieces
        }
        try await Task.sleep(for: .milliseconds(500))
        let started = ContinuousClock.now
        consumer.cancel()
        _ = try? await consumer.value
        // The server would hold the stream for 90 s; the bound is loose because 2 cores running the
        // whole suite in parallel can delay any task by seconds (speed belongs in benchmarks).
        #expect(ContinuousClock.now - started < .seconds(60))
        await backend.shutdown()
        await server.shutdown()
    }
}
