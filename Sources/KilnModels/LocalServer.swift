import AsyncHTTPClient
import Foundation
import KilnCore
import KilnSystem

#if canImport(Glibc)
    import Glibc
#endif

/// What a running embedded server wrote about itself.
public struct LocalServerState: Codable, Sendable, Equatable {
    public var pid: Int32
    public var port: Int
    public var model: String
    public var alias: String
    /// Context per slot, in tokens.
    public var nCtx: Int
    /// Slots: requests the server decodes at once (continuous batching).
    public var parallel: Int
    public var idleTimeout: Double
    /// The supervising helper script; a server started by another Kiln version is replaced when idle.
    public var script: String?
    /// The llama-server binary it runs.
    public var engine: String?
    /// llama-server's own process id (`pid` is its supervisor's).
    public var serverPID: Int32?

    public init(
        pid: Int32, port: Int, model: String, alias: String, nCtx: Int, parallel: Int = 1, idleTimeout: Double,
        script: String? = nil, engine: String? = nil, serverPID: Int32? = nil
    ) {
        self.pid = pid
        self.port = port
        self.model = model
        self.alias = alias
        self.nCtx = nCtx
        self.parallel = parallel
        self.idleTimeout = idleTimeout
        self.script = script
        self.engine = engine
        self.serverPID = serverPID
    }

    enum CodingKeys: String, CodingKey {
        case pid, port, model, alias, script, engine, parallel
        case nCtx = "n_ctx"
        case idleTimeout = "idle_timeout"
        case serverPID = "server_pid"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        pid = try container.decode(Int32.self, forKey: .pid)
        port = try container.decode(Int.self, forKey: .port)
        model = try container.decode(String.self, forKey: .model)
        alias = try container.decode(String.self, forKey: .alias)
        nCtx = try container.decode(Int.self, forKey: .nCtx)
        parallel = try container.decodeIfPresent(Int.self, forKey: .parallel) ?? 1
        idleTimeout = try container.decode(Double.self, forKey: .idleTimeout)
        script = try container.decodeIfPresent(String.self, forKey: .script)
        engine = try container.decodeIfPresent(String.self, forKey: .engine)
        serverPID = try container.decodeIfPresent(Int32.self, forKey: .serverPID)
    }

    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }
    /// llama-server's own endpoints (`/health`, `/infill`, `/metrics`).
    public var serverURL: String { "http://127.0.0.1:\(port)" }
}

/// Starts, finds, shares and stops the embedded llama.cpp server. One server per model runs in
/// the background with `parallel` slots and is shared by later `kiln` commands and any other
/// OpenAI client; its supervisor stops it after `idleTimeout` seconds in which no slot worked.
///
/// A live server is never killed for being busy: `/health` answers while every slot decodes, so
/// only a server whose process is gone, or that answers nothing at `/health` for
/// `unresponsivePatience`, is replaced, and its log is rotated, not truncated.
public struct LocalServer: Sendable {
    public static let defaultContextSize = 8192
    public static let defaultIdleTimeout: Double = 900
    /// Slots by default: Kiln draws up to five samples per request, and two cores batch four
    /// streams faster than they decode one after another (BENCHMARKS.md).
    public static let defaultParallel = 4
    /// Logs kept per server: the current one and this many before it.
    static let keptLogs = 3

    let environment: RuntimeEnvironment
    let progress: ProgressReporter
    /// How long a live server may leave `/health` unanswered before it counts as hung. llama-server
    /// answers it from its HTTP threads even while every slot decodes.
    var unresponsivePatience: Duration = .seconds(30)

    public init(environment: RuntimeEnvironment, progress: ProgressReporter) {
        self.environment = environment
        self.progress = progress
    }

    var paths: KilnPaths { environment.paths }

    func stateURL(alias: String) -> URL { paths.run.appendingPathComponent("\(alias).json") }
    public func logURL(alias: String) -> URL { paths.logs.appendingPathComponent("\(alias)-server.log") }

    /// The state of a live server for `alias`, or nil.
    public func running(alias: String) -> LocalServerState? {
        guard let data = try? Data(contentsOf: stateURL(alias: alias)),
            let state = try? JSONDecoder().decode(LocalServerState.self, from: data),
            DetachedProcess.isAlive(state.pid)
        else { return nil }
        return state
    }

    /// A ready server for `modelFile`, sharing a live one when it serves that file.
    public func ensure(
        modelFile: URL, alias: String, contextSize: Int, parallel: Int = LocalServer.defaultParallel, idleTimeout: Double
    ) async throws -> LocalServerState {
        let wanted = Wanted(modelFile: modelFile.path, contextSize: contextSize, parallel: parallel)
        if let state = running(alias: alias), try matches(state, wanted), await isHealthy(state, timeout: .seconds(5)) {
            return state
        }
        let lock = paths.run.appendingPathComponent("\(alias).lock")
        try FileManager.default.createDirectory(at: paths.run, withIntermediateDirectories: true)
        return try await FileLock.withLock(
            at: lock,
            onWait: { [progress] in
                progress.line("kiln: waiting for another kiln process that is starting the \(alias) server…")
            }
        ) {
            if let live = running(alias: alias) {
                if await isHealthy(live, timeout: unresponsivePatience) {
                    // Alive and answering. The same model with other settings (slots, context, an
                    // older Kiln's supervisor) is replaced only when idle, so no one's answer is cut off.
                    if try matches(live, wanted) { return live }
                    if live.model == wanted.modelFile, await isBusy(live) {
                        progress.line(
                            "kiln: sharing the busy \(alias) server on port \(live.port) (started with other settings; it is replaced once idle)"
                        )
                        return live
                    }
                } else {
                    progress.line(
                        "kiln: the \(alias) server (pid \(live.pid)) answered nothing at /health for \(Int(unresponsivePatience.seconds)) s; replacing it (its log is kept)"
                    )
                }
                try await terminate(live)
            }
            return try await start(modelFile: modelFile, alias: alias, wanted: wanted, idleTimeout: idleTimeout)
        }
    }

    /// Stops the server for `alias`; returns false when none was running.
    @discardableResult
    public func stop(alias: String) async throws -> Bool {
        guard let state = running(alias: alias) else { return false }
        try await terminate(state)
        try? FileManager.default.removeItem(at: stateURL(alias: alias))
        return true
    }

    struct Wanted {
        var modelFile: String
        var contextSize: Int
        var parallel: Int
    }

    private func matches(_ state: LocalServerState, _ wanted: Wanted) throws -> Bool {
        let script = try environment.helperScript(named: "llama_supervisor", source: RuntimeHelperSource.llamaSupervisor)
        return state.model == wanted.modelFile && state.nCtx == wanted.contextSize && state.parallel == wanted.parallel
            && state.script == script.path && state.engine == environment.engine.identity
    }

    private func start(modelFile: URL, alias: String, wanted: Wanted, idleTimeout: Double) async throws -> LocalServerState {
        let server = try await environment.ensure()
        let python = try environment.helperPython()
        let script = try environment.helperScript(named: "llama_supervisor", source: RuntimeHelperSource.llamaSupervisor)
        try FileManager.default.createDirectory(at: paths.logs, withIntermediateDirectories: true)
        let stateFile = stateURL(alias: alias)
        try? FileManager.default.removeItem(at: stateFile)
        let log = logURL(alias: alias)
        Self.rotate(log, keeping: Self.keptLogs)
        progress.status(
            "kiln: starting the local model server (\(alias), \(wanted.parallel) slots of \(wanted.contextSize) tokens)…",
            persist: true)
        let started = ContinuousClock.now
        let threads = ProcessInfo.processInfo.activeProcessorCount
        let pid = try DetachedProcess.spawn(
            python,
            [
                "-I", script.path, "--server", server.path, "--model", modelFile.path, "--alias", alias, "--ctx-per-slot",
                String(wanted.contextSize), "--parallel", String(wanted.parallel), "--threads", String(threads),
                "--idle-timeout", String(idleTimeout), "--state-file", stateFile.path, "--engine", environment.engine.identity,
            ],
            environment: ProcessInfo.processInfo.environment, logFile: log)

        let deadline = ContinuousClock.now + .seconds(180)
        while ContinuousClock.now < deadline {
            guard DetachedProcess.isAlive(pid) else {
                progress.clear()
                let tail = (try? String(contentsOf: log, encoding: .utf8)).map { String($0.suffix(1500)) } ?? ""
                throw EnvironmentError(
                    "the local model server exited during start-up; its log (\(log.path)) ends with:\n\(tail)")
            }
            if let data = try? Data(contentsOf: stateFile),
                let state = try? JSONDecoder().decode(LocalServerState.self, from: data), state.pid == pid,
                await isHealthy(state, timeout: .seconds(2))
            {
                progress.clear()
                let seconds = (ContinuousClock.now - started).seconds
                progress.line(
                    String(
                        format: "kiln: local model server ready on port %d, %d slots (%.1f s)", state.port, state.parallel,
                        seconds))
                return state
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        _ = DetachedProcess.signal(pid, SIGTERM)
        progress.clear()
        throw EnvironmentError("the local model server did not become ready within 180 s; see \(log.path)")
    }

    /// `name.log` → `name.log.1` → … → `name.log.N`; the oldest is dropped.
    static func rotate(_ log: URL, keeping count: Int) {
        let fm = FileManager.default
        guard fm.fileExists(atPath: log.path) else { return }
        let numbered = { (index: Int) in URL(fileURLWithPath: log.path + ".\(index)") }
        try? fm.removeItem(at: numbered(count))
        for index in stride(from: count - 1, through: 1, by: -1) where fm.fileExists(atPath: numbered(index).path) {
            try? fm.moveItem(at: numbered(index), to: numbered(index + 1))
        }
        try? fm.moveItem(at: log, to: numbered(1))
    }

    /// `/health` answers 200: the model is loaded and the HTTP side lives (busy slots or not).
    func isHealthy(_ state: LocalServerState, timeout: Duration) async -> Bool {
        await Self.get(state.serverURL + "/health", timeout: timeout)?.status == 200
    }

    /// Whether any slot is working, from `/metrics`.
    func isBusy(_ state: LocalServerState) async -> Bool {
        guard let reply = await Self.get(state.serverURL + "/metrics", timeout: .seconds(5)), reply.status == 200 else {
            return false
        }
        return reply.body.split(separator: "\n").contains { line in
            line.hasPrefix("llamacpp:requests_processing") && (Double(line.split(separator: " ").last ?? "") ?? 0) > 0
        }
    }

    static func get(_ url: String, timeout: Duration) async -> (status: Int, body: String)? {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(1), read: .nanoseconds(Int64(timeout.nanoseconds)))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        var reply: (status: Int, body: String)?
        if let response = try? await client.execute(request, timeout: .nanoseconds(Int64(timeout.nanoseconds))) {
            let body = (try? await response.body.collect(upTo: 1 << 20)).map { String(buffer: $0) } ?? ""
            reply = (Int(response.status.code), body)
        }
        try? await client.shutdown()
        return reply
    }

    private func terminate(_ state: LocalServerState) async throws {
        _ = DetachedProcess.signal(state.pid, SIGTERM)
        try await waitForExit(state.pid)
        if let server = state.serverPID, DetachedProcess.isAlive(server) {
            _ = DetachedProcess.signal(server, SIGTERM)
            try await waitForExit(server)
        }
    }

    private func waitForExit(_ pid: Int32) async throws {
        for _ in 0..<100 {
            if !DetachedProcess.isAlive(pid) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        _ = DetachedProcess.signal(pid, SIGKILL)
    }
}
