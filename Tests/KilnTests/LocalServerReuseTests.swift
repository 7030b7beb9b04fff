import Foundation
import KilnSystem
import Testing

@testable import KilnModels

/// A second kiln process must not kill the local server while it answers another process's
/// request slowly: that would cut the other answer off mid-stream.
@Suite("Reusing a busy local server")
struct LocalServerReuseTests {
    @Test func aSlowButLiveServerWithTheRightModelIsReusedNotReplaced() async throws {
        let python = try await RuntimeEnvironment(paths: KilnPaths.fromEnvironment(), progress: ProgressReporter(mode: .plain))
            .ensure()
        let home = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        // Kiln's real environment, so that a wrongly started replacement fails fast instead of provisioning.
        try FileManager.default.createSymbolicLink(
            at: home.appendingPathComponent("venv"),
            withDestinationURL: python.deletingLastPathComponent().deletingLastPathComponent())
        let paths = KilnPaths(home: home)
        let environment = RuntimeEnvironment(paths: paths, progress: ProgressReporter(mode: .silent))

        // The "server": a process that stays alive, and a health endpoint that takes 5 s to answer.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/bin/sleep")
        holder.arguments = ["120"]
        try holder.run()
        defer { holder.terminate() }
        let http = try await FakeHTTPServer { _, _ in [.sleep(milliseconds: 5_000)] + FakeHTTPServer.json(#"{"data":[]}"#) }
        let model = home.appendingPathComponent("model.gguf")
        let script = try environment.helperScript(named: "server", source: RuntimeHelperSource.server)
        let state = LocalServerState(
            pid: holder.processIdentifier, port: http.port, model: model.path, alias: "busy", nCtx: 8192, idleTimeout: 60,
            script: script.path)
        try FileManager.default.createDirectory(at: paths.run, withIntermediateDirectories: true)
        try JSONEncoder().encode(state).write(to: paths.run.appendingPathComponent("busy.json"))

        let reused = try await LocalServer(environment: environment, progress: ProgressReporter(mode: .silent)).ensure(
            modelFile: model, alias: "busy", contextSize: 8192, idleTimeout: 60)
        await http.shutdown()
        #expect(reused == state)
        #expect(holder.isRunning)
    }
}
