import Foundation
import KilnCore
import KilnMCP
import KilnModels
import KilnPipeline
import KilnSystem
import KilnTesting
import MCP
import Testing

/// `kiln mcp`'s translation, through the MCP Swift SDK's own client over an in-memory transport,
/// with a fake toolchain and a scripted model (the real client, model and tools: MCPClientTests).
@Suite("kiln mcp: the agent front end")
struct AgentServerTests {
    static func fenced(_ code: String) -> String { "```fake\n\(code)\n```" }

    /// A connected client and the server's run, ended (and awaited) by `stop`.
    struct Connection {
        var client: Client
        var serving: Task<Void, Error>
        var workspace: URL

        func stop() async throws {
            await client.disconnect()
            try await serving.value
        }
    }

    static func connect(
        backend: ScriptedBackend, toolchain: FakeToolchain = FakeToolchain(), workspace: URL,
        roots: [URL]? = nil
    ) async throws -> Connection {
        let (clientSide, serverSide) = await InMemoryTransport.createConnectedPair()
        let server = AgentServer(
            settings: .init(
                startDirectory: workspace, paths: KilnPaths(home: workspace.appendingPathComponent(".kiln-home")),
                version: "test", log: .silent, toolchainOverride: toolchain, backendOverride: backend))
        let serving = Task { try await server.run(transport: serverSide) }
        let client = Client(
            name: "test", version: "1",
            capabilities: roots == nil ? .init() : .init(roots: .init(listChanged: true)))
        if let roots {
            await client.withRootsHandler { roots.map { Root(uri: $0.absoluteString, name: $0.lastPathComponent) } }
        }
        try await client.connect(transport: clientSide)
        return Connection(client: client, serving: serving, workspace: workspace)
    }

    static func text(_ content: [Tool.Content]) -> String {
        content.compactMap { if case .text(let text, _, _) = $0 { return text } else { return nil } }.joined(separator: "\n")
    }

    @Test func aGenerationReturnsTheLibrarysResultWritesTheFileAndReportsProgressInOrder() async throws {
        let workspace = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let backend = ScriptedBackend([
            Self.fenced("def add(a, b):\n    return a + b  # BUG"), Self.fenced("def add(a, b):\n    return a + b"),
        ])
        let connection = try await Self.connect(backend: backend, workspace: workspace)
        let progress = ProgressLog()
        await connection.client.onNotification(ProgressNotification.self) { message in
            progress.record(message.params)
        }
        let result = try await connection.client.send(
            CallTool.request(
                .init(
                    name: "generate_function", arguments: ["spec": "add two numbers", "out": "add.fake", "samples": 1.0],
                    meta: Metadata(progressToken: .string("call-1"))))
        ).value

        #expect(result.isError == false, "\(Self.text(result.content))")
        let structured = try #require(result.structuredContent?.objectValue)
        // Nothing executed a case for "add two numbers": the library's honest status comes through.
        #expect(structured["status"]?.stringValue == "unverified")
        let requirement = try #require(structured["requirements"]?.arrayValue?.first?.objectValue)
        #expect(requirement["status"]?.stringValue == "unchecked")
        #expect(structured["code"]?.stringValue == "def add(a, b):\n    return a + b\n")
        #expect(structured["output_path"]?.stringValue == workspace.appendingPathComponent("add.fake").path)
        #expect(structured["attempts"]?.arrayValue?.count == 2)
        // Its record is a resource an agent can read.
        let (resources, _) = try await connection.client.listResources()
        let resource = try #require(resources.first)
        #expect(resource.uri.hasPrefix("kiln-record:///") && resource.description == "unverified, review pending")
        let contents = try await connection.client.readResource(uri: resource.uri)
        if case .some(let first) = contents.first { #expect(first.text?.contains("kiln.record/1") == true) }
        await #expect(throws: MCPError.self) { _ = try await connection.client.readResource(uri: "kiln-record:///../../etc/passwd") }
        let written = try String(contentsOf: workspace.appendingPathComponent("add.fake"), encoding: .utf8)
        #expect(written == "def add(a, b):\n    return a + b\n")
        #expect(Self.text(result.content).contains("kiln:   R1 unchecked: add two numbers"))
        // Every progress notification carries the call's token, counts up, and tells the attempts.
        let notes = progress.entries
        #expect(!notes.isEmpty && notes.allSatisfy { $0.progressToken == .string("call-1") })
        #expect(notes.map(\.progress) == (1...notes.count).map(Double.init))
        #expect(notes.contains { $0.message?.contains("attempt 2 (sample 1, repair)") == true })
        #expect(notes.contains { $0.message?.contains("has 1 problem(s)") == true })
        try await connection.stop()
    }

    @Test func argumentsAreCheckedAgainstTheSchemaAndOptionsNamedAsTheAgentSendsThem() async throws {
        let workspace = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let backend = ScriptedBackend([Self.fenced("def one():\n    return 1")])
        let connection = try await Self.connect(backend: backend, workspace: workspace)
        let cases: [(String, [String: Value], String)] = [
            ("generate_sql", [:], "there is no tool 'generate_sql'; the tools are: generate_function"),
            ("generate_function", [:], "generate_function needs 'spec'"),
            ("generate_function", ["spec": "x", "samples": 0], "'samples' must be an integer of at least 1, not 0"),
            ("generate_function", ["spec": "x", "samples": 2.5], "'samples' must be an integer of at least 1, not 2.5"),
            ("generate_function", ["spec": "x", "colour": "red"], "takes no argument 'colour'; it takes: spec, out"),
            ("generate_function", ["spec": "x", "samples": 1, "agree": 2], "agree must be between 1 and samples (1)"),
            ("generate_function", ["spec": "x", "out": "a.fake", "into": "b.fake"], "give 'out' or 'into', not both"),
            ("generate_docs", ["source": "m.fake", "style": "rst"], "'style' must be one of \"numpy\", \"google\""),
            ("refactor", ["source": "m.fake", "target": "f", "instruction": "x", "out": "n.fake", "write": false], "drop one"),
            ("check", ["paths": ["a.fake"], "code": "x"], "give 'paths' or 'code', not both"),
            ("check", ["code": "x", "filename": "notes.txt"], "is not a fake file name"),
        ]
        for (tool, arguments, expected) in cases {
            let (content, isError) = try await connection.client.callTool(name: tool, arguments: arguments)
            #expect(isError == true, "\(tool) \(arguments)")
            #expect(Self.text(content).contains(expected), "\(tool): \(Self.text(content))")
        }
        // Refusals cost nothing: the model was never called.
        #expect(backend.requests.isEmpty)
        // null is "not given"; a whole number sent as 1.0 is an integer.
        let (content, isError) = try await connection.client.callTool(
            name: "generate_function", arguments: ["spec": "return one", "out": .null, "samples": 1.0, "max_repairs": 0])
        #expect(isError == false, "\(Self.text(content))")
        try await connection.stop()
    }

    @Test func pathsStayInsideTheRootsTheClientAnnounces() async throws {
        let base = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: base) }
        let started = base.appendingPathComponent("started")
        let project = base.appendingPathComponent("project")
        for directory in [started, project] { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        try "x = 1  # BUG\n".write(to: project.appendingPathComponent("m.fake"), atomically: true, encoding: .utf8)
        try "y = 2  # BUG\n".write(to: started.appendingPathComponent("m.fake"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            at: project.appendingPathComponent("escape"), withDestinationURL: started)
        let connection = try await Self.connect(
            backend: ScriptedBackend([]), workspace: started, roots: [project])

        let (content, isError) = try await connection.client.callTool(name: "check", arguments: ["paths": ["m.fake"]])
        #expect(isError == false, "\(Self.text(content))")
        #expect(Self.text(content).contains("m.fake:1"))
        #expect(Self.text(content).contains("\"files\":[\"m.fake\"]"))
        for outside in ["../started/m.fake", started.appendingPathComponent("m.fake").path, "escape/m.fake"] {
            let (refused, isError) = try await connection.client.callTool(name: "check", arguments: ["paths": [.string(outside)]])
            #expect(isError == true, "\(outside)")
            #expect(Self.text(refused).contains("outside the workspace (\(Workspace_realPath(project)))"), "\(Self.text(refused))")
        }
        try await connection.stop()
    }

    @Test func eachCallReadsTheConfigOfItsWorkspace() async throws {
        let base = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: base) }
        let project = base.appendingPathComponent("project")
        try FileManager.default.createDirectory(at: project.appendingPathComponent(".kiln"), withIntermediateDirectories: true)
        try "model = \"no-such-model\"\n".write(
            to: project.appendingPathComponent(".kiln/config.toml"), atomically: true, encoding: .utf8)
        let backend = ScriptedBackend([Self.fenced("def one():\n    return 1")])
        let connection = try await Self.connect(backend: backend, workspace: base, roots: [project])
        let (content, isError) = try await connection.client.callTool(name: "generate_function", arguments: ["spec": "return one"])
        #expect(isError == true)
        #expect(Self.text(content).contains("no-such-model"), "\(Self.text(content))")
        #expect(backend.requests.isEmpty)
        try await connection.stop()
    }

    @Test func anAgentCanCommitWhatItHadGenerated() async throws {
        let root = try await WorkflowTests.repository()
        defer { try? FileManager.default.removeItem(at: root) }
        let connection = try await Self.connect(backend: ScriptedBackend([Self.fenced("def one():\n    return 1")]), workspace: root)
        let result = try await connection.client.send(
            CallTool.request(
                .init(name: "generate_function", arguments: ["spec": "a function named one that returns 1", "out": "one.fake", "commit": true]))
        ).value
        try await connection.stop()
        #expect(result.isError == false, "\(Self.text(result.content))")
        let provenance = try #require(result.structuredContent?.objectValue?["provenance"]?.objectValue)
        #expect(provenance["commit"]?.objectValue?["branch"]?.stringValue == "kiln/one")
        #expect(try await WorkflowTests.git(root, "rev-parse", "--abbrev-ref", "HEAD") == "kiln/one")
        #expect(Self.text(result.content).contains("committed"))
    }

    @Test func aModelServerThatIsNotThereIsAToolErrorOfItsOwnKind() async throws {
        let workspace = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: workspace) }
        var flags = KilnConfiguration()
        flags.endpoint = "http://127.0.0.1:\(try TestPaths.unusedPort())/v1"
        flags.model = "anything"
        flags.connectTimeout = 2
        let (clientSide, serverSide) = await InMemoryTransport.createConnectedPair()
        let server = AgentServer(
            settings: .init(
                flags: flags, startDirectory: workspace, paths: KilnPaths(home: workspace.appendingPathComponent(".kiln-home")),
                version: "test", log: .silent, toolchainOverride: FakeToolchain()))
        let serving = Task { try await server.run(transport: serverSide) }
        let client = Client(name: "test", version: "1")
        try await client.connect(transport: clientSide)
        let (content, isError) = try await client.callTool(name: "generate_function", arguments: ["spec": "return one"])
        #expect(isError == true)
        #expect(Self.text(content).hasPrefix("kiln: model failed: "), "\(Self.text(content))")
        let (lint, lintError) = try await client.callTool(name: "lint_prompt", arguments: ["spec": "takes a list, returns its sum"])
        #expect(lintError == false && !Self.text(lint).isEmpty)
        await client.disconnect()
        try await serving.value
    }

    @Test func aCancelledCallStopsTheModelAndTheServerGoesOn() async throws {
        let workspace = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let backend = ScriptedBackend([Self.fenced("def one():\n    return 1")], delay: .seconds(600))
        let connection = try await Self.connect(backend: backend, workspace: workspace)
        let context = try await connection.client.send(
            CallTool.request(.init(name: "generate_function", arguments: ["spec": "return one", "out": "one.fake"])))
        try await waitUntil { backend.requestsInFlight == 1 }
        try await connection.client.cancelRequest(context.requestID, reason: "the user changed their mind")
        try await waitUntil { backend.requestsInFlight == 0 }
        #expect(!FileManager.default.fileExists(atPath: workspace.appendingPathComponent("one.fake").path))
        let (content, isError) = try await connection.client.callTool(name: "lint_prompt", arguments: ["spec": "write code"])
        #expect(isError == false)
        #expect(Self.text(content).contains("\"has_errors\":true"))
        try await connection.stop()
    }

    @Test func aClosedConnectionStopsTheCallsStillRunning() async throws {
        let workspace = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let backend = ScriptedBackend([Self.fenced("def one():\n    return 1")], delay: .seconds(600))
        let connection = try await Self.connect(backend: backend, workspace: workspace)
        _ = try await connection.client.send(CallTool.request(.init(name: "generate_function", arguments: ["spec": "return one"])))
        try await waitUntil { backend.requestsInFlight == 1 }
        try await connection.stop()  // returns only once the running call has stopped
        // The scripted model's request ends as its stream is torn down (it would run 600 s otherwise).
        try await waitUntil { backend.requestsInFlight == 0 }
    }

    @Test func templatesArePromptsRenderedAsKilnWouldSendThem() async throws {
        let workspace = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let connection = try await Self.connect(backend: ScriptedBackend([]), workspace: workspace)
        let (prompts, _) = try await connection.client.listPrompts()
        let function = try #require(prompts.first { $0.name == "function" })
        #expect(function.arguments?.map(\.name) == ["spec"])
        #expect(function.arguments?.first?.required == true)
        let (_, messages) = try await connection.client.getPrompt(name: "function", arguments: ["spec": "add two numbers"])
        #expect(messages.count == 2)
        if case .text(let text) = messages[1].content { #expect(text == "Write a fake function: add two numbers") }
        await #expect(throws: MCPError.self) { _ = try await connection.client.getPrompt(name: "function", arguments: [:]) }
        await #expect(throws: MCPError.self) { _ = try await connection.client.getPrompt(name: "nope") }
        try await connection.stop()
    }
}

/// Resolved the way the server resolves its roots (macOS and some CI machines link /tmp elsewhere).
func Workspace_realPath(_ url: URL) -> String {
    guard let pointer = realpath(url.path, nil) else { return url.path }
    defer { free(pointer) }
    return String(cString: pointer)
}

/// Progress notifications as the client received them.
final class ProgressLog: @unchecked Sendable {
    // @unchecked: `items` is guarded by `lock`.
    private let lock = NSLock()
    private var items: [ProgressNotification.Parameters] = []

    func record(_ item: ProgressNotification.Parameters) { lock.withLock { items.append(item) } }
    var entries: [ProgressNotification.Parameters] { lock.withLock { items } }
}

/// Polls `condition` until it holds (a minute at most).
func waitUntil(_ condition: @Sendable () -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(60)
    while !condition() {
        guard ContinuousClock.now < deadline else { throw CancellationError() }
        try await Task.sleep(for: .milliseconds(20))
    }
}
