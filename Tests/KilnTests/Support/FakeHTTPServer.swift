import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A request the fake server received.
struct RecordedRequest: Sendable {
    var method: String
    var uri: String
    var headers: [(String, String)]
    var body: String

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    var json: [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
    }
}

/// What the fake server does, step by step, in answer to one request.
enum FakeAction: Sendable {
    case head(status: Int, headers: [(String, String)])
    case chunk(String)
    case sleep(milliseconds: Int)
    /// Ends the response properly.
    case end
    /// Closes the connection in the middle of the response, as a crashing server does.
    case close
}

/// An HTTP/1.1 server on a loopback port, scripted per request: the backends' tests talk to it
/// instead of a real model server, including ones that misbehave.
final class FakeHTTPServer: @unchecked Sendable {
    // @unchecked: `requests` is guarded by `lock`; the script is immutable.
    typealias Script = @Sendable (RecordedRequest, Int) -> [FakeAction]

    private let channel: Channel
    /// Its own event loop, apart from the shared one Kiln's HTTP client runs on: in the full suite
    /// a shared loop was held up for 10–30 s at a time while dozens of suites started, and a close
    /// scripted as the reply then came after the client's read limit (a CI flake).
    private let group: MultiThreadedEventLoopGroup
    private let lock = NSLock()
    private var recorded: [RecordedRequest] = []
    let script: Script

    var port: Int { channel.localAddress?.port ?? 0 }
    var baseURL: String { "http://127.0.0.1:\(port)" }

    var requests: [RecordedRequest] { lock.withLock { recorded } }

    /// `script` gets each request and its index (0 for the first).
    init(script: @escaping Script) async throws {
        self.script = script
        let box = ServerBox()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.group = group
        do {
            channel = try await Self.bind(group: group, box: box)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        box.server = self
    }

    private static func bind(group: EventLoopGroup, box: ServerBox) async throws -> Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(FakeHandler(box: box))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
    }

    /// A test that threw before `shutdown()` leaves no thread behind.
    deinit {
        group.shutdownGracefully { _ in }
    }

    func record(_ request: RecordedRequest) -> Int {
        lock.withLock {
            recorded.append(request)
            return recorded.count - 1
        }
    }

    func shutdown() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }

    // MARK: - Canned replies

    static func sse(_ events: [String], status: Int = 200) -> [FakeAction] {
        [.head(status: status, headers: [("Content-Type", "text/event-stream")])]
            + events.map { .chunk("data: \($0)\n\n") } + [.end]
    }

    static func json(_ body: String, status: Int = 200) -> [FakeAction] {
        [.head(status: status, headers: [("Content-Type", "application/json")]), .chunk(body), .end]
    }

    /// OpenAI-style stream chunks for `pieces`, then a finish chunk and [DONE].
    static func openAIStream(_ pieces: [String], usage: (Int, Int)? = nil) -> [String] {
        var events = pieces.map { piece in
            jsonText(["choices": [["index": 0, "delta": ["content": piece], "finish_reason": NSNull()]]])
        }
        events.append(#"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#)
        if let usage {
            events.append(jsonText(["choices": [Any](), "usage": ["prompt_tokens": usage.0, "completion_tokens": usage.1]]))
        }
        events.append("[DONE]")
        return events
    }

    static func jsonText(_ object: Any) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
    }
}

private final class ServerBox: @unchecked Sendable {
    // @unchecked: set once, before the first connection can arrive.
    weak var server: FakeHTTPServer?
}

private final class FakeHandler: ChannelInboundHandler, @unchecked Sendable {
    // @unchecked: NIO calls a handler on its channel's event loop only.
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let box: ServerBox
    var head: HTTPRequestHead?
    var body = ""

    init(box: ServerBox) { self.box = box }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = ""
        case .body(var buffer):
            body += buffer.readString(length: buffer.readableBytes) ?? ""
        case .end:
            guard let head, let server = box.server else { return }
            let request = RecordedRequest(
                method: head.method.rawValue, uri: head.uri, headers: head.headers.map { ($0.name, $0.value) }, body: body)
            let index = server.record(request)
            let actions = server.script(request, index)
            // On the channel's event loop, not in a Swift task: the cooperative pool can be busy for
            // seconds while the whole suite runs on two cores.
            Self.perform(actions[...], on: context.channel)
        }
    }

    static func perform(_ actions: ArraySlice<FakeAction>, on channel: Channel) {
        guard let action = actions.first else { return }
        let rest = actions.dropFirst()
        let done: EventLoopFuture<Void>
        switch action {
        case .head(let status, let headers):
            var fields = HTTPHeaders(headers.map { ($0.0, $0.1) })
            if !fields.contains(name: "content-length") { fields.add(name: "Transfer-Encoding", value: "chunked") }
            let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: fields)
            done = channel.writeAndFlush(NIOAny(HTTPServerResponsePart.head(head)))
        case .chunk(let text):
            done = channel.writeAndFlush(NIOAny(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(string: text)))))
        case .sleep(let milliseconds):
            done = channel.eventLoop.scheduleTask(in: .milliseconds(Int64(milliseconds))) {}.futureResult
        case .end:
            done = channel.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)))
        case .close:
            channel.close(promise: nil)
            return
        }
        done.whenComplete { result in
            switch result {
            case .success: perform(rest, on: channel)
            case .failure: channel.close(promise: nil)
            }
        }
    }
}
