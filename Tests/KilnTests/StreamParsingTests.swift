import Testing

@testable import KilnModels

@Suite("Streaming wire formats")
struct StreamParsingTests {
    @Test func linesSurviveChunkBoundariesAndCRLF() {
        var splitter = LineSplitter()
        #expect(splitter.feed(Array("data: a".utf8)) == [])
        #expect(splitter.feed(Array("bc\r\n\r\ndata: é".utf8)) == ["data: abc", ""])
        #expect(splitter.feed(Array("\n".utf8)) == ["data: é"])
        #expect(splitter.finish() == nil)
        _ = splitter.feed(Array("tail".utf8))
        #expect(splitter.finish() == "tail")
    }

    @Test func multiByteCharactersSplitAcrossChunksStayWhole() {
        var splitter = LineSplitter()
        let bytes = Array("naïve\n".utf8)
        #expect(splitter.feed(bytes[0..<3]) == [])
        #expect(splitter.feed(bytes[3...]) == ["naïve"])
    }

    @Test func serverSentEventsJoinDataLinesAndSkipComments() {
        var parser = ServerSentEventParser()
        var events: [ServerSentEvent] = []
        for line in [": keep-alive", "event: delta", "data: {\"a\":", "data: 1}", "", "data:[DONE]", ""] {
            if let event = parser.feed(line: line) { events.append(event) }
        }
        #expect(events == [ServerSentEvent(event: "delta", data: "{\"a\":\n1}"), ServerSentEvent(event: "", data: "[DONE]")])
    }

    @Test(arguments: [
        ("request (1493 tokens) exceeds the available context size (512 tokens), try increasing it", 1493, 512),
        ("Requested tokens (9000) exceed context window of 8192", 9000, 8192),
        ("This model's maximum context length is 4096 tokens. However, you requested 5000 tokens", 5000, 4096),
        (
            "This model's maximum context length is 512 tokens. However, you requested 1418 tokens (1354 in the messages, 64 in the completion).",
            1354, 512
        ),
        ("prompt is too long: 210000 tokens > 200000 maximum", 210000, 200000),
    ])
    func contextOverflowMessagesYieldTheirCounts(message: String, prompt: Int, limit: Int) {
        guard case .contextLengthExceeded(let p, let l, _)? = ModelError.contextOverflow(from: message) else {
            Issue.record("not recognised: \(message)")
            return
        }
        #expect(p == prompt)
        #expect(l == limit)
    }

    @Test func otherErrorsAreNotContextOverflows() {
        #expect(ModelError.contextOverflow(from: "temperature must be between 0 and 2") == nil)
    }
}
