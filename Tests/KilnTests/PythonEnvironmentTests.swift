import Foundation
import KilnSystem
import KilnValidation
import Testing

@testable import KilnModels

#if canImport(Glibc)
    import Glibc
#endif

/// Kiln's two private environments: the validation tools and the model runtime. Checking code or
/// using a remote model must never wait for llama.cpp to compile.
@Suite("Kiln's Python environments")
struct PythonEnvironmentTests {
    @Test func anEnvironmentIsTrustedOnlyWithAMarkerForItsRequirements() async throws {
        let home = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let paths = KilnPaths(home: home)
        let runtime = RuntimeEnvironment(paths: paths, progress: ProgressReporter(mode: .silent))
        let environment = runtime.virtualEnvironment
        try FileManager.default.createDirectory(
            at: environment.python.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: "/bin/true"), to: environment.python)
        #expect(!runtime.isReady)
        try Data((environment.fingerprint + "\n").utf8).write(to: paths.venv.appendingPathComponent(".kiln-ready"))
        #expect(runtime.isReady)
        #expect(try await runtime.ensure() == environment.python)
        // The environment earlier versions built here held the runtime and the tools together: kept.
        try Data((RuntimeEnvironment.combinedEnvironmentFingerprint + "\n").utf8)
            .write(to: paths.venv.appendingPathComponent(".kiln-ready"))
        #expect(runtime.isReady)
        // A marker written for other requirements is not trusted.
        try Data("0123\n".utf8).write(to: paths.venv.appendingPathComponent(".kiln-ready"))
        #expect(!runtime.isReady)
    }

    /// The tools install while another process holds the runtime's lock (compiling llama.cpp), and
    /// their console scripts run from where the environment lives: it is built in place, so the
    /// scripts' first lines name its own interpreter, not a temporary folder.
    @Test(.enabled(if: TestPaths.python != nil))
    func theToolsInstallBesideACompileAndTheirScriptsRun() async throws {
        let home = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let paths = KilnPaths(home: home)
        let fd = open(paths.lockFile.path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        #expect(fd >= 0)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)

        let python = try await PythonToolsEnvironment.ensure(paths: paths, progress: ProgressReporter(mode: .silent))
        #expect(python == paths.toolsVenv.appendingPathComponent("bin/python"))
        #expect(PythonToolsEnvironment.environment(paths: paths, progress: ProgressReporter(mode: .silent)).isReady)
        #expect(!RuntimeEnvironment(paths: paths, progress: ProgressReporter(mode: .silent)).isReady)
        for tool in ["ruff", "bandit", "pytest"] {
            let script = paths.toolsVenv.appendingPathComponent("bin/\(tool)")
            let run = try await ProcessRunner.run(script.path, ["--version"], timeout: .seconds(60))
            #expect(run.succeeded, "\(tool): \(run.stderrText)")
            // ruff's is its own binary; the others are Python scripts naming their interpreter.
            guard tool != "ruff" else { continue }
            let firstLine = try String(contentsOf: script, encoding: .utf8).split(separator: "\n").first.map(String.init) ?? ""
            #expect(firstLine == "#!" + python.path, "\(tool): \(firstLine)")
        }
        let llama = try await ProcessRunner.run(python.path, ["-c", "import llama_cpp"], timeout: .seconds(60))
        #expect(!llama.succeeded)
    }
}
