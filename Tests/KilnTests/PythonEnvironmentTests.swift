import Foundation
import KilnSystem
import Testing

@testable import KilnModels

#if canImport(Glibc)
    import Glibc
#endif

/// The two layers of Kiln's Python environment: checking code or using a remote model must not
/// wait for llama.cpp to compile.
@Suite("Kiln's Python environment layers")
struct PythonEnvironmentTests {
    @Test func theLocalModelEnvironmentServesTheToolsOnceItIsReady() async throws {
        let home = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let paths = KilnPaths(home: home)
        let environment = PythonEnvironment(paths: paths, progress: ProgressReporter(mode: .silent))
        try FileManager.default.createDirectory(at: paths.python.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: "/bin/true"), to: paths.python)
        #expect(!environment.isReady(.localModel))
        try Data((PythonEnvironment.fingerprint(of: .localModel) + "\n").utf8)
            .write(to: paths.venv.appendingPathComponent(".kiln-ready"))

        #expect(try await environment.ensure(.tools) == paths.python)
        #expect(try await environment.ensure(.localModel) == paths.python)
        #expect(!FileManager.default.fileExists(atPath: paths.toolsVenv.path))
        // A marker written for other requirements is not trusted.
        try Data("0123\n".utf8).write(to: paths.venv.appendingPathComponent(".kiln-ready"))
        #expect(!environment.isReady(.localModel))
    }

    @Test(.enabled(if: TestPaths.python != nil))
    func theToolsAreInstalledWhileAnotherProcessHoldsTheCompileLock() async throws {
        let home = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let paths = KilnPaths(home: home)
        // Stands for another kiln process compiling llama.cpp: it holds the local model's lock
        // for the whole test. Waiting on it would hang the test.
        let fd = open(paths.lockFile.path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        #expect(fd >= 0)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)

        let environment = PythonEnvironment(paths: paths, progress: ProgressReporter(mode: .silent))
        let python = try await environment.ensure(.tools)
        #expect(python == paths.toolsVenv.appendingPathComponent("bin/python"))
        #expect(environment.isReady(.tools))
        #expect(!environment.isReady(.localModel))
        let ruff = try await ProcessRunner.run(python.path, ["-m", "ruff", "--version"], timeout: .seconds(60))
        #expect(ruff.succeeded)
        let llama = try await ProcessRunner.run(python.path, ["-c", "import llama_cpp"], timeout: .seconds(60))
        #expect(!llama.succeeded)
    }
}
