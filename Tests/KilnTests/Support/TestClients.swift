import Foundation
import KilnSystem

/// The protocol clients end-to-end tests drive Kiln's servers with, as real editors and agents
/// would: the official Python MCP client, pytest-lsp's LSP client (and pytest to run the scripts
/// in Tests/clients/), in a
/// virtual environment of their own under .build/, made once per checkout.
enum TestClients {
    static let requirements = [
        "mcp==2.3.0", "pytest==9.2.0", "pytest-lsp==1.0.1", "pre-commit==4.7.0", "check-jsonschema==0.39.0",
    ]

    static var package: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    static func python() async throws -> URL {
        let build = package.appendingPathComponent(".build")
        return try await VirtualEnvironment(
            directory: build.appendingPathComponent("test-clients"), requirements: requirements,
            lockFile: build.appendingPathComponent("test-clients.lock"), purpose: "the test clients (MCP, LSP, pre-commit, check-jsonschema)",
            progress: ProgressReporter(mode: .plain)
        ).ensure()
    }

    /// Runs one of Tests/clients/ with pytest against the built `kiln`, with the same fresh config
    /// as `KilnCLI` (so the shared model server is the one the other integration tests use).
    static func pytest(_ script: String) async throws -> (status: Int32, output: String, passed: Int) {
        let python = try await python()
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configHome = directory.appendingPathComponent("config")
        try FileManager.default.createDirectory(at: configHome.appendingPathComponent("kiln"), withIntermediateDirectories: true)
        try "idle_timeout = 300\n".write(
            to: configHome.appendingPathComponent("kiln/config.toml"), atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        environment["KILN_BINARY"] = KilnCLI.binary
        environment["XDG_CONFIG_HOME"] = configHome.path
        environment["KILN_PROGRESS"] = "plain"
        let result = try await ProcessRunner.run(
            python.path,
            [
                "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "asyncio_default_fixture_loop_scope=function", "--basetemp", directory.appendingPathComponent("pytest").path,
                package.appendingPathComponent("Tests/clients/\(script)").path,
            ],
            environment: environment, currentDirectory: directory, timeout: .seconds(2400))
        let output = result.stdoutText + result.stderrText
        let passed = output.firstMatch(of: /(\d+) passed/).flatMap { Int($0.output.1) } ?? 0
        return (result.status, output, passed)
    }

    /// How many tests a script holds, so a test that silently stopped being collected is noticed.
    static func testCount(_ script: String) throws -> Int {
        let text = try String(
            contentsOf: package.appendingPathComponent("Tests/clients/\(script)"), encoding: .utf8)
        return text.matches(of: /(?m)^(async )?def test_/).count
    }
}
