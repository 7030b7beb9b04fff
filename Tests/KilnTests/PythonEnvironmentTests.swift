import Foundation
import KilnSystem
import KilnValidation
import Testing

@testable import KilnModels

#if canImport(Glibc)
    import Glibc
#endif

/// Kiln's one Python environment (the validation tools) and the model runtime's engine. Checking
/// code or using a remote model must never wait for llama.cpp to compile.
@Suite("Kiln's Python environment and engine")
struct PythonEnvironmentTests {
    /// A built engine is trusted only with a marker for this source and these build options.
    @Test func anEngineIsTrustedOnlyWithAMarkerForItsBuild() async throws {
        let home = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let paths = KilnPaths(home: home)
        let runtime = RuntimeEnvironment(paths: paths, progress: ProgressReporter(mode: .silent), prebuiltServer: "")
        let engine = runtime.engine
        try FileManager.default.createDirectory(at: engine.directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: "/bin/true"), to: engine.builtBinary)
        #expect(!runtime.isReady)
        try Data((LlamaServerEngine.fingerprint + "\n").utf8).write(to: engine.readyMarker)
        #expect(runtime.isReady)
        #expect(try await runtime.ensure() == engine.builtBinary)
        // A marker written for another source or other options is not trusted.
        try Data("0123\n".utf8).write(to: engine.readyMarker)
        #expect(!runtime.isReady)
    }

    /// Another `$KILN_HOME` on the same machine copies the server from the machine's build cache
    /// instead of compiling it again.
    @Test func aBuildInTheMachinesCacheIsCopiedNotCompiled() async throws {
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = root.appendingPathComponent("cache/llama-server-x")
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: "/bin/true"), to: cache.appendingPathComponent("llama-server"))
        let engine = LlamaServerEngine(
            paths: KilnPaths(home: root.appendingPathComponent("home")), progress: ProgressReporter(mode: .silent), prebuilt: "",
            buildCache: .some(cache))
        #expect(!engine.isReady)
        #expect(try await engine.ensure() == engine.builtBinary)
        #expect(engine.isReady)
        // The cache key covers the build and this CPU's flags.
        let key = try #require(LlamaServerEngine.sharedCache(environment: ["XDG_CACHE_HOME": "/x"]))
        #expect(key.path.hasPrefix("/x/kiln-build-cache/llama-server-\(LlamaServerEngine.sourceVersion)-"))
        #expect(LlamaServerEngine.sharedCache(environment: ["KILN_BUILD_CACHE": "off"]) == nil)
    }

    /// clang first (it builds llama.cpp faster here), the system compiler as the fallback when
    /// clang cannot; a `CXX` the user set is the only choice.
    @Test func theEngineIsBuiltWithClangFirstAndTheSystemCompilerAsFallback() {
        let all = ["clang": "/t/clang", "clang++": "/t/clang++", "c++": "/usr/bin/c++", "g++": "/usr/bin/g++"]
        let choices = LlamaServerEngine.compilers(environment: [:], which: { all[$0] })
        #expect(choices.map(\.cxx) == ["/t/clang++", "/usr/bin/c++"])
        #expect(choices.map(\.c) == ["/t/clang", nil])
        let withoutClang = LlamaServerEngine.compilers(environment: [:], which: { $0.hasPrefix("clang") ? nil : all[$0] })
        #expect(withoutClang.map(\.cxx) == ["/usr/bin/c++"])
        let chosen = LlamaServerEngine.compilers(environment: ["CXX": "g++", "CC": "gcc"], which: { "/usr/bin/" + $0 })
        #expect(chosen.map(\.cxx) == ["/usr/bin/g++"])
        #expect(chosen.map(\.c) == ["/usr/bin/gcc"])
        #expect(LlamaServerEngine.compilers(environment: [:], which: { _ in nil }).isEmpty)
    }

    /// A prebuilt llama-server is used only when it accepts every option Kiln starts it with.
    @Test func aPrebuiltServerMustAcceptKilnsOptions() async throws {
        let home = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let old = home.appendingPathComponent("old-llama-server")
        try FakeLlamaServer.writeExecutable("#!/bin/sh\necho 'usage: llama-server --ctx-size N --alias NAME'\n", to: old)
        let engine = LlamaServerEngine(
            paths: KilnPaths(home: home), progress: ProgressReporter(mode: .silent), prebuilt: old.path)
        await #expect {
            try await engine.ensure()
        } throws: { error in
            error.failureKind == .environmentFailed && "\(error)".contains("--parallel")
                && "\(error)".contains("KILN_LLAMA_SERVER")
        }
        let current = try FakeLlamaServer.install(in: home)
        let accepted = LlamaServerEngine(
            paths: KilnPaths(home: home), progress: ProgressReporter(mode: .silent), prebuilt: current.path)
        #expect(try await accepted.ensure() == current)
    }

    /// The tools install while another process holds the runtime's lock (compiling llama.cpp), and
    /// their console scripts run from where the environment lives: it is built in place, so the
    /// scripts' first lines name its own interpreter, not a temporary folder.
    @Test(.enabled(if: TestPaths.python != nil))
    func theToolsInstallBesideACompileAndTheirScriptsRun() async throws {
        let home = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let paths = KilnPaths(home: home)
        let engineLock = LlamaServerEngine(paths: paths, progress: ProgressReporter(mode: .silent)).lockFile
        let fd = open(engineLock.path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        #expect(fd >= 0)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)

        let python = try await PythonToolsEnvironment.ensure(paths: paths, progress: ProgressReporter(mode: .silent))
        #expect(python == paths.toolsVenv.appendingPathComponent("bin/python"))
        #expect(PythonToolsEnvironment.environment(paths: paths, progress: ProgressReporter(mode: .silent)).isReady)
        #expect(!RuntimeEnvironment(paths: paths, progress: ProgressReporter(mode: .silent), prebuiltServer: "").isReady)
        for tool in ["ruff", "bandit", "pytest", "mypy"] {
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
