import Foundation
import KilnCore
@testable import KilnLSP
import KilnModels
import KilnPipeline
import KilnSystem
import KilnTesting
import KilnValidation
import Testing

/// A minimal LSP client over pipes, for driving `EditorServer` in-process.
final class PipeLSPClient: @unchecked Sendable {
    // @unchecked: `received`, `waiters` and `buffer` are guarded by `lock`.
    let toServer = Pipe()
    let fromServer = Pipe()
    private let lock = NSLock()
    private var received: [JSON] = []
    private var buffer = Data()
    /// Answers to the server's own requests (workspace/applyEdit, window/workDoneProgress/create).
    var answer: @Sendable (String, JSON?) -> JSON = { _, _ in nil }

    init() {
        fromServer.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.take(data)
        }
    }

    private func take(_ data: Data) {
        var replies: [(JSON, JSON?)] = []
        lock.withLock {
            buffer.append(data)
            while let end = buffer.range(of: Data("\r\n\r\n".utf8)) {
                let header = String(decoding: buffer[buffer.startIndex..<end.lowerBound], as: UTF8.self)
                guard let length = Int(header.replacingOccurrences(of: "Content-Length: ", with: "")),
                    buffer.distance(from: end.upperBound, to: buffer.endIndex) >= length
                else { break }
                let bodyEnd = buffer.index(end.upperBound, offsetBy: length)
                if let message = try? JSONDecoder().decode(JSON.self, from: Data(buffer[end.upperBound..<bodyEnd])) {
                    received.append(message)
                    if let id = message["id"], let method = message["method"]?.string {
                        replies.append((id, answer(method, message["params"]).self == nil ? nil : answer(method, message["params"])))
                    }
                }
                buffer = Data(buffer[bodyEnd...])
            }
        }
        for (id, result) in replies { send(["jsonrpc": "2.0", "id": id, "result": result ?? nil]) }
    }

    func send(_ message: JSON) {
        guard let body = try? message.data() else { return }
        var frame = Data("Content-Length: \(body.count)\r\n\r\n".utf8)
        frame.append(body)
        toServer.fileHandleForWriting.write(frame)
    }

    func request(_ id: Int, _ method: String, _ params: JSON = nil) { send(["jsonrpc": "2.0", "id": .int(id), "method": .string(method), "params": params]) }
    func notify(_ method: String, _ params: JSON = nil) { send(["jsonrpc": "2.0", "method": .string(method), "params": params]) }

    var messages: [JSON] { lock.withLock { received } }

    /// The first message satisfying `match`, waited for up to a minute.
    func wait(for match: @escaping @Sendable (JSON) -> Bool) async throws -> JSON {
        try await waitUntil { self.messages.contains(where: match) }
        return messages.first(where: match)!
    }

    func response(_ id: Int) async throws -> JSON { try await wait { $0["id"]?.int == id && $0["method"] == nil } }

    func close() { try? toServer.fileHandleForWriting.close() }
}

@Suite("kiln lsp: the editor front end")
struct EditorServerTests {
    static func fenced(_ code: String) -> String { "```fake\n\(code)\n```" }

    struct Connection {
        var client: PipeLSPClient
        var serving: Task<Int32, Never>
        var workspace: URL
    }

    static func start(backend: ScriptedBackend, workspace: URL, toolchain: FakeToolchain = FakeToolchain()) -> Connection {
        let client = PipeLSPClient()
        let server = EditorServer(
            settings: .init(
                ServerSettings(
                    startDirectory: workspace, paths: KilnPaths(home: workspace.appendingPathComponent(".kiln-home")),
                    version: "test", log: .silent, toolchainOverride: toolchain, backendOverride: backend),
                checkDelay: .milliseconds(10)))
        let input = client.toServer.fileHandleForReading.fileDescriptor
        let output = client.fromServer.fileHandleForWriting.fileDescriptor
        let serving = Task { await server.run(input: input, output: output) }
        return Connection(client: client, serving: serving, workspace: workspace)
    }

    static func initialize(_ connection: Connection, capabilities: JSON = [:], options: JSON = nil) async throws -> JSON {
        connection.client.request(
            1, "initialize",
            [
                "capabilities": capabilities, "rootUri": .string(connection.workspace.absoluteString),
                "initializationOptions": options,
            ])
        let reply = try await connection.client.response(1)
        connection.client.notify("initialized", [:])
        return reply
    }

    static func open(_ connection: Connection, _ name: String, _ text: String) throws -> String {
        let url = connection.workspace.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        connection.client.notify(
            "textDocument/didOpen",
            ["textDocument": ["uri": .string(url.absoluteString), "languageId": "fake", "version": 1, "text": .string(text)]])
        return url.absoluteString
    }

    static func finish(_ connection: Connection) async throws -> Int32 {
        connection.client.request(99, "shutdown")
        _ = try await connection.client.response(99)
        connection.client.notify("exit")
        return await connection.serving.value
    }

    @Test func lifecycleRefusalsAndDiagnosticsOnOpen() async throws {
        let workspace = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let connection = Self.start(backend: ScriptedBackend([]), workspace: workspace)
        connection.client.request(0, "textDocument/codeAction", [:])
        #expect(try await connection.client.response(0)["error"]?["code"]?.int == -32002)
        let reply = try await Self.initialize(connection)
        let commands = reply["result"]?["capabilities"]?["executeCommandProvider"]?["commands"]?.array?.compactMap(\.string)
        #expect(commands == ["kiln.implement", "kiln.tests", "kiln.docstring", "kiln.refactor"])
        #expect(reply["result"]?["capabilities"]?["inlineCompletionProvider"] != nil)

        let uri = try Self.open(connection, "m.fake", "def f(x):\n    return x  # BUG\n")
        let published = try await connection.client.wait { $0["method"]?.string == "textDocument/publishDiagnostics" }
        #expect(published["params"]?["uri"]?.string == uri)
        let diagnostic = try #require(published["params"]?["diagnostics"]?.array?.first)
        #expect(diagnostic["code"]?.string == "fake/flagged")
        #expect(diagnostic["range"]?["start"]?["line"]?.int == 1)
        #expect(diagnostic["severity"]?.int == 1)

        connection.client.request(2, "kiln/unknown")
        #expect(try await connection.client.response(2)["error"]?["code"]?.int == -32601)
        connection.client.request(3, "workspace/executeCommand", ["command": "kiln.refactor", "arguments": [["uri": .string(uri), "name": "f"]]])
        let refused = try await connection.client.response(3)
        #expect(refused["error"]?["message"]?.string?.contains("needs an instruction") == true)
        #expect(try await Self.finish(connection) == 0)
    }

    @Test func aStubIsImplementedThroughApplyEditWithProgress() async throws {
        let workspace = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let backend = ScriptedBackend([Self.fenced("def double(x):\n    return x * 2")])
        let connection = Self.start(backend: backend, workspace: workspace)
        let applied = LockedBox<[JSON]>([])
        connection.client.answer = { method, params in
            if method == "workspace/applyEdit" {
                applied.mutate { $0.append(params ?? nil) }
                return ["applied": true]
            }
            return nil
        }
        _ = try await Self.initialize(
            connection,
            capabilities: ["window": ["workDoneProgress": true], "workspace": ["workspaceEdit": ["documentChanges": true]]])
        let text = "def keep(y):\n    return y\n\ndef double(x):\n    # return twice x\n    pass\n\ndef tail():\n    return 1\n"
        let uri = try Self.open(connection, "m.fake", text)
        connection.client.request(
            4, "textDocument/codeAction",
            ["textDocument": ["uri": .string(uri)], "range": ["start": ["line": 4, "character": 0], "end": ["line": 4, "character": 0]], "context": ["diagnostics": []]])
        let actions = try #require(try await connection.client.response(4)["result"]?.array)
        let implement = try #require(actions.first { $0["command"]?["command"]?.string == "kiln.implement" })
        #expect(implement["title"]?.string == "Kiln: implement `double` (checked)")
        connection.client.request(5, "workspace/executeCommand", implement["command"] ?? nil)
        let done = try await connection.client.response(5)
        #expect(done["error"] == nil, "\(done)")
        let edit = try #require(applied.value.first?["edit"]?["documentChanges"]?.array?.first)
        #expect(edit["textDocument"]?["version"]?.int == 1)
        let change = try #require(edit["edits"]?.array?.first)
        // Only the stub's body changes: its signature and the definitions around it stay untouched.
        #expect(change["range"]?["start"]?["line"]?.int == 4)
        #expect(change["range"]?["end"]?["line"]?.int == 6)
        #expect(change["newText"]?.string == "    return x * 2\n")
        // The model was asked for the stub as its comment says, with the signature kept.
        #expect(backend.requests.first?.messages.last?.content.contains("def double(x):") == true)
        #expect(backend.requests.first?.messages.last?.content.contains("return twice x") == true)
        let progress = connection.client.messages.filter { $0["method"]?.string == "$/progress" }.compactMap { $0["params"]?["value"]?["kind"]?.string }
        #expect(progress.first == "begin" && progress.last == "end")
        #expect(try await Self.finish(connection) == 0)
    }

    @Test func cancellingACommandStopsTheModelAndEndOfInputStopsTheServer() async throws {
        let workspace = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let backend = ScriptedBackend([Self.fenced("def double(x):\n    return x * 2")], delay: .seconds(600))
        let connection = Self.start(backend: backend, workspace: workspace)
        _ = try await Self.initialize(connection)
        let uri = try Self.open(connection, "m.fake", "def double(x):\n    pass\n")
        connection.client.request(6, "workspace/executeCommand", ["command": "kiln.implement", "arguments": [["uri": .string(uri), "name": "double"]]])
        try await waitUntil { backend.requestsInFlight == 1 }
        connection.client.notify("$/cancelRequest", ["id": 6])
        #expect(try await connection.client.response(6)["error"]?["code"]?.int == -32800)
        try await waitUntil { backend.requestsInFlight == 0 }
        // A second long command is left running when the editor goes away: it is stopped too.
        connection.client.request(7, "workspace/executeCommand", ["command": "kiln.implement", "arguments": [["uri": .string(uri), "name": "double"]]])
        try await waitUntil { backend.requestsInFlight == 1 }
        connection.client.close()
        #expect(await connection.serving.value == 1)  // no shutdown came first
        // The scripted model's request ends as its stream is torn down (it would run 600 s otherwise).
        try await waitUntil { backend.requestsInFlight == 0 }
    }

    @Test func aModelServerThatIsNotThereFailsTheCommandAndTheServerGoesOn() async throws {
        let workspace = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: workspace) }
        var flags = KilnConfiguration()
        flags.endpoint = "http://127.0.0.1:\(try TestPaths.unusedPort())/v1"
        flags.model = "anything"
        flags.connectTimeout = 2
        let client = PipeLSPClient()
        let server = EditorServer(
            settings: .init(
                ServerSettings(
                    flags: flags, startDirectory: workspace, paths: KilnPaths(home: workspace.appendingPathComponent(".kiln-home")),
                    version: "test", log: .silent, toolchainOverride: FakeToolchain()),
                checkDelay: .milliseconds(10)))
        let input = client.toServer.fileHandleForReading.fileDescriptor
        let output = client.fromServer.fileHandleForWriting.fileDescriptor
        let connection = Connection(client: client, serving: Task { await server.run(input: input, output: output) }, workspace: workspace)
        _ = try await Self.initialize(connection)
        let uri = try Self.open(connection, "m.fake", "def double(x):\n    pass\n")
        connection.client.request(8, "workspace/executeCommand", ["command": "kiln.implement", "arguments": [["uri": .string(uri), "name": "double"]]])
        let failed = try await connection.client.response(8)
        #expect(failed["error"]?["code"]?.int == -32803, "\(failed)")
        let shown = try await connection.client.wait { $0["method"]?.string == "window/showMessage" }
        #expect(shown["params"]?["type"]?.int == 1)
        #expect(shown["params"]?["message"]?.string?.contains("127.0.0.1") == true, "\(shown)")
        // The server goes on: code actions are still answered.
        connection.client.request(
            9, "textDocument/codeAction",
            ["textDocument": ["uri": .string(uri)], "range": ["start": ["line": 0, "character": 0], "end": ["line": 0, "character": 0]], "context": ["diagnostics": []]])
        #expect(try await connection.client.response(9)["result"]?.array?.isEmpty == false)
        #expect(try await Self.finish(connection) == 0)
    }

    @Test func theSmallestWholeLineEditAndUTF16Positions() throws {
        func applied(_ old: String, _ new: String) throws -> String {
            let (range, text) = try #require(Text.edit(from: old, to: new))
            return Text.replacing(range, in: old, with: text)
        }
        #expect(try applied("a\nb\nc\n", "a\nB\nB2\nc\n") == "a\nB\nB2\nc\n")
        #expect(Text.edit(from: "a\nb\nc\n", to: "a\nB\nB2\nc\n")?.range.start.line == 1)
        #expect(try applied("x", "x\ny") == "x\ny")
        #expect(try applied("x\ny\n", "y\n") == "y\n")
        #expect(try applied("", "def f():\n    pass\n") == "def f():\n    pass\n")
        #expect(Text.edit(from: "same", to: "same") == nil)
        // A character past an emoji counts it as two UTF-16 units, as LSP does.
        let text = "😀x=1\nnext"
        #expect(text[Text.index(of: Position(line: 0, character: 2), in: text)...].hasPrefix("x=1"))
        #expect(Text.replacing(Range(start: Position(line: 0, character: 2), end: Position(line: 0, character: 3)), in: text, with: "y") == "😀y=1\nnext")
        // Out of range positions are clamped, not a crash.
        #expect(Text.index(of: Position(line: 9, character: 9), in: text) == text.endIndex)
        #expect(Text.end(of: text) == Position(line: 1, character: 4))
    }
}

/// A value shared with a callback.
final class LockedBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    var value: T { lock.withLock { stored } }
    func mutate(_ change: (inout T) -> Void) { lock.withLock { change(&stored) } }
}
