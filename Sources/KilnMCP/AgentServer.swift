import Foundation
import KilnCore
import KilnModels
import KilnPipeline
import KilnSystem
import KilnValidation
import MCP
import SystemPackage

/// `kiln mcp`: Kiln's validated generation and checks as Model Context Protocol tools, the
/// team's templates as prompts. A translator only: each call is read into a library request,
/// run by the same flow as the command line, and its result turned back into MCP's shapes.
public struct AgentServer: Sendable {
    public typealias Settings = ServerSettings

    public var settings: Settings

    public init(settings: Settings) { self.settings = settings }

    static let instructions = """
        Kiln generates code with a local model and checks it before returning it: examples and tests run \
        in a sandbox, plus lint, security, secret, licence and hallucinated-import checks. Trust the \
        status: passed means every requirement of the spec was checked by an executed case; unverified \
        lists what nothing checked; failed means nothing was written. Use check on code you wrote \
        yourself before committing it. Paths are inside the workspace; relative ones resolve against its first root.
        """

    /// Serves one client on `transport` until it disconnects (stdin closes); then stops whatever
    /// calls are still running, with their model requests and sandboxed processes, and returns.
    public func run(transport: any Transport) async throws {
        let session = AgentSession(startDirectory: settings.startDirectory)
        let tools = ToolRunner(settings: settings, session: session)
        let prompts = PromptCatalog(settings: settings, session: session)
        let server = Server(
            name: "kiln", version: settings.version, title: "Kiln", instructions: Self.instructions,
            capabilities: .init(
                prompts: .init(listChanged: false), resources: .init(subscribe: false, listChanged: false),
                tools: .init(listChanged: false)))
        await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: AgentTool.all.map(\.definition)) }
        await server.withMethodHandler(CallTool.self) { parameters in
            try await session.track { try await tools.call(parameters, server: server) }
        }
        await server.withMethodHandler(ListPrompts.self) { _ in try await prompts.list(server: server) }
        await server.withMethodHandler(GetPrompt.self) { parameters in try await prompts.get(parameters, server: server) }
        let records = RecordResources(session: session)
        await server.withMethodHandler(ListResources.self) { _ in try await records.list(server: server) }
        await server.withMethodHandler(ReadResource.self) { parameters in try await records.read(parameters, server: server) }
        await server.onNotification(RootsListChangedNotification.self) { _ in await session.forgetRoots() }
        try await server.start(transport: transport) { _, capabilities in
            await session.clientAnnounced(roots: capabilities.roots != nil)
        }
        await server.waitUntilCompleted()
        await session.stopAll()
        await server.stop()
    }
}

/// What one client connection shares between its calls: the workspace it announced and the
/// calls still running.
actor AgentSession {
    let startDirectory: URL
    private var clientHasRoots = false
    private var workspace: Workspace?
    private var running: [UUID: (cancel: @Sendable () -> Void, done: Task<Void, Never>)] = [:]

    init(startDirectory: URL) { self.startDirectory = startDirectory }

    func clientAnnounced(roots: Bool) { clientHasRoots = roots }

    func forgetRoots() { workspace = nil }

    /// The client's roots (asked once, again after it says they changed), else the start directory.
    func workspace(server: Server) async -> Workspace {
        if let workspace { return workspace }
        var roots: [URL] = []
        if clientHasRoots {
            let listed = await withTaskGroup(of: [Root]?.self) { group in
                group.addTask { try? await server.listRoots() }
                group.addTask {
                    try? await Task.sleep(for: .seconds(10))
                    return nil
                }
                let first = await group.next() ?? nil
                group.cancelAll()
                return first
            }
            roots = Workspace.roots(fromURIs: (listed ?? []).map(\.uri))
        }
        let resolved = Workspace(roots: roots.isEmpty ? [startDirectory] : roots)
        workspace = resolved
        return resolved
    }

    /// Runs `work` as a call this session can stop when the client goes away; a cancelled call
    /// (the client's `notifications/cancelled`) stops `work` too.
    func track<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await work() }
        let id = UUID()
        running[id] = (cancel: { task.cancel() }, done: Task { _ = try? await task.value })
        defer { running[id] = nil }
        return try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }

    /// Stops every running call and waits until each has stopped its model request and processes.
    func stopAll() async {
        let calls = Array(running.values)
        for call in calls { call.cancel() }
        for call in calls { await call.done.value }
    }
}

/// Forwards a call's progress to the client as `notifications/progress` with the call's token,
/// in order, with a rising count; nothing is sent after the call's result.
final class CallProgress: Sendable {
    private let continuation: AsyncStream<String>.Continuation?
    private let sender: Task<Void, Never>?
    private let throttle = Throttle()

    init(token: ProgressToken?, server: Server) {
        guard let token else {
            continuation = nil
            sender = nil
            return
        }
        let (stream, continuation) = AsyncStream<String>.makeStream()
        self.continuation = continuation
        sender = Task {
            var count = 0.0
            for await message in stream {
                count += 1
                try? await server.notify(
                    ProgressNotification.message(.init(progressToken: token, progress: count, message: message)))
            }
        }
    }

    /// A step to tell the client; `frequent` ones (tokens streaming) at most once a second.
    func report(_ message: String, frequent: Bool = false) {
        guard let continuation, !frequent || throttle.allows() else { return }
        continuation.yield(message)
    }

    /// Sends what is queued; call before the result goes out.
    func finish() async {
        continuation?.finish()
        await sender?.value
    }
}

extension AgentServer {
    /// Serves the client on standard input and output (`kiln mcp`); the protocol keeps standard
    /// output to itself, everything else Kiln prints goes to standard error.
    public func runOnStandardStreams() async throws {
        let output = try StandardStreams.reserveStandardOutput()
        try await run(transport: StdioTransport(input: .standardInput, output: FileDescriptor(rawValue: output)))
    }
}
