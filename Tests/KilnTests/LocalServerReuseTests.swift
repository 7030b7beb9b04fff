import Foundation
import KilnSystem
import Testing

@testable import KilnModels

#if canImport(Glibc)
    import Glibc
#endif

/// The embedded server is shared: a second kiln process or another OpenAI client must never have
/// its answer cut off because Kiln replaced a busy server, and a dead or hung one is replaced
/// with its log kept. Runs Kiln's real supervisor around a stand-in llama-server.
@Suite("Sharing and replacing the local server", .serialized)
struct LocalServerReuseTests {
    struct Setup {
        var home: URL
        var server: LocalServer
        var model: URL
        var paths: KilnPaths
    }

    static func setup(busy: Bool = false) throws -> Setup {
        let home = try TestPaths.temporaryDirectory()
        let fake = try FakeLlamaServer.install(in: home)
        let model = home.appendingPathComponent("model.gguf")
        try Data("GGUF".utf8).write(to: model)
        let paths = KilnPaths(home: home)
        let environment = RuntimeEnvironment(paths: paths, progress: ProgressReporter(mode: .silent), prebuiltServer: fake.path)
        if busy { setenv("FAKE_LLAMA_BUSY", "1", 1) } else { unsetenv("FAKE_LLAMA_BUSY") }
        return Setup(
            home: home, server: LocalServer(environment: environment, progress: ProgressReporter(mode: .silent)), model: model,
            paths: paths)
    }

    static func cleanUp(_ setup: Setup, alias: String) async {
        _ = try? await setup.server.stop(alias: alias)
        unsetenv("FAKE_LLAMA_BUSY")
        try? FileManager.default.removeItem(at: setup.home)
    }

    /// Runs `body` with a fresh home and stand-in server, and stops what it started either way.
    static func withServer(
        alias: String, busy: Bool = false, patience: Duration? = nil, _ body: (Setup) async throws -> Void
    ) async throws {
        var setup = try setup(busy: busy)
        if let patience { setup.server.unresponsivePatience = patience }
        do {
            try await body(setup)
        } catch {
            await cleanUp(setup, alias: alias)
            throw error
        }
        await cleanUp(setup, alias: alias)
    }

    @Test func aLiveServerIsSharedByTheNextCaller() async throws {
        try await Self.withServer(alias: "shared") { setup in
            let first = try await setup.server.ensure(
                modelFile: setup.model, alias: "shared", contextSize: 4096, parallel: 2, idleTimeout: 60)
            #expect(first.parallel == 2 && first.nCtx == 4096)
            #expect(await setup.server.isHealthy(first, timeout: .seconds(2)))
            let second = try await setup.server.ensure(
                modelFile: setup.model, alias: "shared", contextSize: 4096, parallel: 2, idleTimeout: 60)
            #expect(second == first)
            _ = try await setup.server.stop(alias: "shared")
            #expect(!DetachedProcess.isAlive(first.pid))
            #expect(first.serverPID.map { !DetachedProcess.isAlive($0) } ?? false)
        }
    }

    /// Asked for other settings while the server works for someone else: shared, not replaced.
    @Test func aBusyServerWithOtherSettingsIsSharedNotKilled() async throws {
        try await Self.withServer(alias: "busy", busy: true) { setup in
            let running = try await setup.server.ensure(
                modelFile: setup.model, alias: "busy", contextSize: 4096, parallel: 2, idleTimeout: 60)
            #expect(await setup.server.isBusy(running))
            let asked = try await setup.server.ensure(
                modelFile: setup.model, alias: "busy", contextSize: 8192, parallel: 4, idleTimeout: 60)
            #expect(asked == running)
            #expect(DetachedProcess.isAlive(running.pid))
        }
    }

    /// Idle and started with other settings: replaced by one with the settings asked for.
    @Test func anIdleServerWithOtherSettingsIsReplaced() async throws {
        try await Self.withServer(alias: "idle") { setup in
            let old = try await setup.server.ensure(
                modelFile: setup.model, alias: "idle", contextSize: 4096, parallel: 2, idleTimeout: 60)
            let new = try await setup.server.ensure(
                modelFile: setup.model, alias: "idle", contextSize: 4096, parallel: 3, idleTimeout: 60)
            #expect(new.parallel == 3 && new.pid != old.pid)
            #expect(!DetachedProcess.isAlive(old.pid))
        }
    }

    /// A server killed outright is replaced on the next call; the dead one's log is kept beside the new one.
    @Test func aKilledServerIsReplacedWithItsLogKept() async throws {
        try await Self.withServer(alias: "killed") { setup in
            let first = try await setup.server.ensure(
                modelFile: setup.model, alias: "killed", contextSize: 4096, parallel: 1, idleTimeout: 60)
            _ = DetachedProcess.signal(first.pid, SIGKILL)
            if let server = first.serverPID { _ = DetachedProcess.signal(server, SIGKILL) }
            for _ in 0..<50 where DetachedProcess.isAlive(first.pid) { try await Task.sleep(for: .milliseconds(100)) }
            let second = try await setup.server.ensure(
                modelFile: setup.model, alias: "killed", contextSize: 4096, parallel: 1, idleTimeout: 60)
            #expect(second.pid != first.pid)
            let log = setup.server.logURL(alias: "killed")
            let kept = try String(contentsOf: URL(fileURLWithPath: log.path + ".1"), encoding: .utf8)
            #expect(kept.contains("ready on port \(first.port)"))
            let current = try String(contentsOf: log, encoding: .utf8)
            #expect(current.contains("ready on port \(second.port)") && !current.contains("ready on port \(first.port)"))
        }
    }

    /// A live process that answers nothing at /health (hung) is replaced once the patience runs out.
    @Test func aServerThatAnswersNothingIsReplaced() async throws {
        try await Self.withServer(alias: "hung", patience: .seconds(1)) { setup in
            let hung = Process()
            hung.executableURL = URL(fileURLWithPath: "/bin/sleep")
            hung.arguments = ["60"]
            try hung.run()
            defer { hung.terminate() }
            let silent = try TestPaths.unusedPort()
            let script = try setup.server.environment.helperScript(
                named: "llama_supervisor", source: RuntimeHelperSource.llamaSupervisor)
            let state = LocalServerState(
                pid: hung.processIdentifier, port: silent, model: setup.model.path, alias: "hung", nCtx: 4096, parallel: 1,
                idleTimeout: 60, script: script.path, engine: setup.server.environment.engine.identity)
            try FileManager.default.createDirectory(at: setup.paths.run, withIntermediateDirectories: true)
            try JSONEncoder().encode(state).write(to: setup.paths.run.appendingPathComponent("hung.json"))
            let replaced = try await setup.server.ensure(
                modelFile: setup.model, alias: "hung", contextSize: 4096, parallel: 1, idleTimeout: 60)
            #expect(replaced.pid != hung.processIdentifier)
            #expect(await setup.server.isHealthy(replaced, timeout: .seconds(2)))
        }
    }

    /// Logs rotate: the newest is `.1`, the oldest kept is `.3`, older ones go.
    @Test func logsRotateInsteadOfBeingTruncated() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.appendingPathComponent("m-server.log")
        for run in 1...5 {
            LocalServer.rotate(log, keeping: 3)
            try "run \(run)\n".write(to: log, atomically: true, encoding: .utf8)
        }
        let read = { (suffix: String) in try? String(contentsOfFile: log.path + suffix, encoding: .utf8) }
        #expect(read("") == "run 5\n" && read(".1") == "run 4\n" && read(".3") == "run 2\n" && read(".4") == nil)
    }
}
