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
    public var nCtx: Int
    public var idleTimeout: Double
    /// The helper script the server runs; a server started by another Kiln version is replaced.
    public var script: String?

    enum CodingKeys: String, CodingKey {
        case pid, port, model, alias, script
        case nCtx = "n_ctx"
        case idleTimeout = "idle_timeout"
    }

    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }
}

/// Starts, finds and stops the embedded llama.cpp server. One server per model runs in the
/// background and is reused by later `kiln` commands; it exits by itself after `idleTimeout`
/// seconds without a request.
public struct LocalServer: Sendable {
    public static let defaultContextSize = 8192
    public static let defaultIdleTimeout: Double = 900

    let environment: RuntimeEnvironment
    let progress: ProgressReporter

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

    /// A ready server for `modelFile`, reusing a live one with the same file and context size.
    public func ensure(
        modelFile: URL, alias: String, contextSize: Int, idleTimeout: Double
    ) async throws -> LocalServerState {
        if let state = try await reusable(modelFile: modelFile, alias: alias, contextSize: contextSize) { return state }
        let lock = paths.run.appendingPathComponent("\(alias).lock")
        return try await FileLock.withLock(
            at: lock,
            onWait: { [progress] in
                progress.line("kiln: waiting for another kiln process that is starting the \(alias) server…")
            }
        ) {
            if let state = try await reusable(modelFile: modelFile, alias: alias, contextSize: contextSize) { return state }
            if let live = running(alias: alias) {
                // The right server, answering slowly: it is busy with another kiln process's request on
                // a loaded machine. Killing it would cut that answer off, so it gets a long while to answer.
                if try matches(live, modelFile: modelFile, contextSize: contextSize),
                    await isHealthy(live, timeout: Self.busyServerPatience)
                {
                    return live
                }
                // A server with another model file, context size or helper script, or one that hangs: replace it.
                _ = DetachedProcess.signal(live.pid, SIGTERM)
                try await waitForExit(live.pid)
            }
            return try await start(modelFile: modelFile, alias: alias, contextSize: contextSize, idleTimeout: idleTimeout)
        }
    }

    /// Stops the server for `alias`; returns false when none was running.
    @discardableResult
    public func stop(alias: String) async throws -> Bool {
        guard let state = running(alias: alias) else { return false }
        _ = DetachedProcess.signal(state.pid, SIGTERM)
        try await waitForExit(state.pid)
        try? FileManager.default.removeItem(at: stateURL(alias: alias))
        return true
    }

    /// How long a live server with the right model gets to answer a health check before it is
    /// considered hung and replaced.
    static let busyServerPatience: Duration = .seconds(120)

    private func matches(_ state: LocalServerState, modelFile: URL, contextSize: Int) throws -> Bool {
        let script = try environment.helperScript(named: "server", source: RuntimeHelperSource.server)
        return state.model == modelFile.path && state.nCtx == contextSize && state.script == script.path
    }

    private func reusable(modelFile: URL, alias: String, contextSize: Int) async throws -> LocalServerState? {
        guard let state = running(alias: alias), try matches(state, modelFile: modelFile, contextSize: contextSize)
        else { return nil }
        return await isHealthy(state, timeout: .seconds(3)) ? state : nil
    }

    private func start(modelFile: URL, alias: String, contextSize: Int, idleTimeout: Double) async throws -> LocalServerState {
        let python = try await environment.ensure()
        let script = try environment.helperScript(named: "server", source: RuntimeHelperSource.server)
        try FileManager.default.createDirectory(at: paths.run, withIntermediateDirectories: true)
        let stateFile = stateURL(alias: alias)
        try? FileManager.default.removeItem(at: stateFile)
        let log = logURL(alias: alias)
        try? FileManager.default.removeItem(at: log)
        progress.status("kiln: starting the local model server (\(alias), context \(contextSize) tokens)…", persist: true)
        let started = ContinuousClock.now
        var environmentVariables = ProcessInfo.processInfo.environment
        environmentVariables["PYTHONUNBUFFERED"] = "1"
        let pid = try DetachedProcess.spawn(
            python.path,
            [
                script.path, "--model", modelFile.path, "--alias", alias, "--n-ctx", String(contextSize),
                "--idle-timeout", String(idleTimeout), "--state-file", stateFile.path,
            ],
            environment: environmentVariables, logFile: log)

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
                progress.line(String(format: "kiln: local model server ready on port %d (%.1f s)", state.port, seconds))
                return state
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        _ = DetachedProcess.signal(pid, SIGKILL)
        progress.clear()
        throw EnvironmentError("the local model server did not become ready within 180 s; see \(log.path)")
    }

    func isHealthy(_ state: LocalServerState, timeout: Duration) async -> Bool {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(1), read: .nanoseconds(Int64(timeout.nanoseconds)))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        var request = HTTPClientRequest(url: state.baseURL + "/models")
        request.method = .GET
        var healthy = false
        if let response = try? await client.execute(request, timeout: .nanoseconds(Int64(timeout.nanoseconds))) {
            _ = try? await response.body.collect(upTo: 1 << 20)
            healthy = response.status.code == 200
        }
        try? await client.shutdown()
        return healthy
    }

    private func waitForExit(_ pid: Int32) async throws {
        for _ in 0..<50 {
            if !DetachedProcess.isAlive(pid) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        _ = DetachedProcess.signal(pid, SIGKILL)
    }
}
