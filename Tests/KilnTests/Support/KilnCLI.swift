import Foundation
import KilnSystem

/// Runs the built `kiln` binary the way a user does.
enum KilnCLI {
    /// The `kiln` executable next to the test bundle (SwiftPM builds it because the tests depend
    /// on it); `KILN_BINARY` overrides.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["KILN_BINARY"] { return path }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kiln")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside.path }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return package.appendingPathComponent(".build/debug/kiln").path
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var seconds: Double

        var json: [String: Any]? {
            try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any]
        }
    }

    /// Runs `kiln ARGS` in `directory`. The config directory is a fresh one holding `config`, so
    /// the user's own settings never leak into a test; the model cache is the shared one, so the
    /// models are installed once per machine.
    static func run(
        _ arguments: [String], in directory: URL, config: String = "idle_timeout = 300\n", timeout: Duration = .seconds(2400)
    ) async throws -> Run {
        let configHome = directory.appendingPathComponent(".test-config")
        try FileManager.default.createDirectory(at: configHome.appendingPathComponent("kiln"), withIntermediateDirectories: true)
        try config.write(to: configHome.appendingPathComponent("kiln/config.toml"), atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CONFIG_HOME"] = configHome.path
        environment["KILN_PROGRESS"] = environment["KILN_PROGRESS"] ?? "plain"
        let started = ContinuousClock.now
        let result = try await ProcessRunner.run(
            binary, arguments, environment: environment, currentDirectory: directory, timeout: timeout)
        let elapsed = ContinuousClock.now - started
        let (whole, atto) = elapsed.components
        // Provisioning output is useful in CI logs when something goes wrong.
        if result.status != 0 { FileHandle.standardError.write(result.stderr) }
        return Run(
            status: result.status, stdout: result.stdoutText, stderr: result.stderrText,
            seconds: Double(whole) + Double(atto) / 1e18)
    }
}
