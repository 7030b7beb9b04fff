import Foundation
import KilnCore
import KilnSystem

#if canImport(Glibc)
    import Glibc
#endif

/// llama.cpp's own `llama-server`, the embedded engine: built on first use from the llama.cpp
/// tree that a pinned, hash-checked llama-cpp-python source release carries (Kiln uses only that
/// tree, not the Python bindings), into `$KILN_HOME/engine`, atomically and under a lock. A
/// prebuilt `llama-server` can be used instead (`KILN_LLAMA_SERVER` or `llama_server` in the
/// configuration) when it accepts every option Kiln starts it with.
public struct LlamaServerEngine: Sendable {
    public static let sourceProject = "llama-cpp-python"
    public static let sourceVersion = "0.3.36"
    static let sourceFile = "llama_cpp_python-0.3.36.tar.gz"
    static let sourceSHA256 = "832db0699007f1be95a7e41ef12e88926b02ba836461e36a36372db2760c1a2e"
    /// The options Kiln starts the server with; a prebuilt server must list them all in `--help`.
    static let requiredOptions = [
        "--parallel", "--ctx-size", "--alias", "--metrics", "--no-webui", "--threads-batch", "--spec-type",
    ]
    /// cmake and ninja from PyPI when the machine has no cmake (a fresh Debian has none).
    static let buildToolRequirements = ["cmake==4.4.5", "ninja==1.13.2"]
    static let cmakeOptions = [
        "-DCMAKE_BUILD_TYPE=Release", "-DBUILD_SHARED_LIBS=OFF", "-DLLAMA_BUILD_SERVER=ON", "-DLLAMA_BUILD_TOOLS=ON",
        "-DLLAMA_BUILD_TESTS=OFF", "-DLLAMA_BUILD_EXAMPLES=OFF", "-DLLAMA_BUILD_APP=OFF", "-DLLAMA_BUILD_UI=OFF",
        // The prebuilt web UI would be fetched from the network at build time; Kiln needs no UI.
        "-DLLAMA_USE_PREBUILT_UI=OFF", "-DLLAMA_OPENSSL=OFF", "-DGGML_NATIVE=ON", "-DGGML_CCACHE=OFF",
    ]

    public let paths: KilnPaths
    let progress: ProgressReporter
    /// A prebuilt server to use instead of building one.
    public let prebuilt: URL?
    /// The machine-wide build cache (`sharedCache()`), nil for none.
    let buildCache: URL?

    public init(paths: KilnPaths, progress: ProgressReporter, prebuilt: String? = nil, buildCache: URL?? = nil) {
        self.paths = paths
        self.progress = progress
        self.buildCache = buildCache ?? Self.sharedCache()
        let chosen = prebuilt ?? ProcessInfo.processInfo.environment["KILN_LLAMA_SERVER"]
        self.prebuilt =
            chosen.flatMap { $0.isEmpty ? nil : ProcessRunner.which($0).map(URL.init(fileURLWithPath:)) }
            ?? chosen.flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
    }

    /// What identifies a build: the source and the options.
    static var fingerprint: String {
        FileDigest.sha256(of: Data(([sourceSHA256] + cmakeOptions).joined(separator: "\n").utf8))
    }

    /// A machine-wide cache of built servers, like pip's wheel cache, so that another `$KILN_HOME`
    /// on the same machine copies the build instead of compiling for five minutes. Keyed by the
    /// build and by the CPU's feature flags (the build is tuned with `-march=native`).
    /// `KILN_BUILD_CACHE=off` turns it off.
    static func sharedCache(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if environment["KILN_BUILD_CACHE"] == "off" { return nil }
        let base =
            environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
        let flags =
            (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.split(separator: "\n")
            .first { $0.hasPrefix("flags") }.map(String.init) ?? ""
        let key = FileDigest.sha256(of: Data((fingerprint + "\n" + flags).utf8)).prefix(24)
        return base.appendingPathComponent("kiln-build-cache/llama-server-\(sourceVersion)-\(key)")
    }

    public var directory: URL { paths.home.appendingPathComponent("engine/llama.cpp-\(Self.sourceVersion)") }
    var builtBinary: URL { directory.appendingPathComponent("llama-server") }
    var readyMarker: URL { directory.appendingPathComponent(".kiln-ready") }
    var lockFile: URL { paths.home.appendingPathComponent("engine.lock") }
    public var buildLog: URL { paths.logs.appendingPathComponent("llama-server-build.log") }

    /// Whether a built engine (or the prebuilt one) is there.
    public var isReady: Bool {
        if let prebuilt { return FileManager.default.isExecutableFile(atPath: prebuilt.path) }
        guard let marker = try? String(contentsOf: readyMarker, encoding: .utf8) else { return false }
        return marker.trimmingCharacters(in: .whitespacesAndNewlines) == Self.fingerprint
            && FileManager.default.isExecutableFile(atPath: builtBinary.path)
    }

    /// The server binary, built on first use.
    @discardableResult
    public func ensure() async throws -> URL {
        if let prebuilt { return try await checkedPrebuilt(prebuilt) }
        if isReady { return builtBinary }
        try FileManager.default.createDirectory(at: paths.home, withIntermediateDirectories: true)
        return try await FileLock.withLock(
            at: lockFile,
            onWait: { [progress] in progress.line("kiln: waiting for another kiln process that is building llama-server…") }
        ) {
            if isReady { return builtBinary }
            if let cached = buildCache?.appendingPathComponent("llama-server"),
                FileManager.default.isExecutableFile(atPath: cached.path)
            {
                try install(cached)
                progress.line(
                    "kiln: llama-server copied from this machine's build cache (\(cached.deletingLastPathComponent().path))")
                return builtBinary
            }
            try await build()
            return builtBinary
        }
    }

    /// What a running server's state records, so that a server of another build is not shared.
    public var identity: String {
        prebuilt?.path ?? "\(builtBinary.path)#\(Self.fingerprint.prefix(16))"
    }

    private func checkedPrebuilt(_ binary: URL) async throws -> URL {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw InputError("the configured llama-server \(binary.path) is not an executable file")
        }
        let result = try await ProcessRunner.run(binary.path, ["--help"], timeout: .seconds(30))
        let help = result.stdoutText + result.stderrText
        let missing = Self.requiredOptions.filter { !help.contains($0) }
        guard missing.isEmpty else {
            throw EnvironmentError(
                "\(binary.path) does not accept \(missing.joined(separator: ", ")), which Kiln starts llama-server with: use a newer build, or unset KILN_LLAMA_SERVER (and `llama_server`) to let Kiln build its own"
            )
        }
        return binary
    }

    private func build() async throws {
        let fm = FileManager.default
        let choices = Self.compilers()
        guard !choices.isEmpty else {
            throw EnvironmentError(
                "building llama.cpp's server needs a C++ compiler, and there is none on PATH: install one (Debian: apt-get install -y g++), or point KILN_LLAMA_SERVER at a prebuilt llama-server"
            )
        }
        let work = paths.home.appendingPathComponent("engine/.build-\(Self.sourceVersion)")
        try? fm.removeItem(at: work)
        try fm.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: work) }
        let started = ContinuousClock.now
        progress.line(
            "kiln: building llama.cpp's server from \(Self.sourceProject) \(Self.sourceVersion)'s source (once; about 4 minutes on 2 cores)"
        )

        progress.line("kiln: [1/4] build tools")
        let (cmake, generator) = try await buildTools()
        progress.line("kiln: [2/4] downloading the source (\(Self.sourceFile), SHA-256 checked)")
        let archive = work.appendingPathComponent(Self.sourceFile)
        try await PyPIDownload.fetch(
            project: Self.sourceProject, version: Self.sourceVersion, fileName: Self.sourceFile, sha256: Self.sourceSHA256,
            to: archive, progress: progress)
        let tree = "llama_cpp_python-\(Self.sourceVersion)/vendor/llama.cpp"
        let unpacked = try await ProcessRunner.run(
            "/bin/tar", ["-xzf", archive.path, "-C", work.path, tree], timeout: .seconds(600))
        guard unpacked.succeeded else {
            throw EnvironmentError("unpacking \(Self.sourceFile) failed: \(unpacked.stderrText.suffix(400))")
        }
        try? fm.removeItem(at: archive)

        try fm.createDirectory(at: paths.logs, withIntermediateDirectories: true)
        try? fm.removeItem(at: buildLog)
        let source = work.appendingPathComponent(tree)
        var binary: URL?
        for (index, choice) in choices.enumerated() {
            let output = work.appendingPathComponent("build-\(index)")
            do {
                binary = try await compile(
                    source: source, into: output, cmake: cmake, generator: generator, compilers: choice)
                break
            } catch is EnvironmentError where index + 1 < choices.count {
                // A clang that cannot build here (no C++ headers it can find, say) is no reason to
                // fail while the system compiler can; the build log keeps both attempts.
                progress.clear()
                progress.line(
                    "kiln: \(URL(fileURLWithPath: choice.cxx).lastPathComponent) could not build llama.cpp (see \(buildLog.path)); trying \(URL(fileURLWithPath: choices[index + 1].cxx).lastPathComponent)"
                )
            }
        }
        guard let binary else { throw EnvironmentError("no compiler could build llama.cpp's server; see \(buildLog.path)") }
        try install(binary)
        if let cache = buildCache {
            // Best effort, written by rename so that a reader never sees half a binary.
            let partial = cache.appendingPathComponent("llama-server.partial-\(getpid())")
            if (try? fm.createDirectory(at: cache, withIntermediateDirectories: true)) != nil,
                (try? fm.copyItem(at: binary, to: partial)) != nil,
                rename(partial.path, cache.appendingPathComponent("llama-server").path) != 0
            {
                try? fm.removeItem(at: partial)
            }
        }
        progress.line(
            String(format: "kiln: llama-server built in %.0f s at %@", (ContinuousClock.now - started).seconds, directory.path))
    }

    /// Configures and compiles the server with one choice of compilers; its output goes to the build log.
    private func compile(
        source: URL, into output: URL, cmake: String, generator: (name: String, toolDirectory: String?),
        compilers: (c: String?, cxx: String)
    ) async throws -> URL {
        progress.line(
            "kiln: [3/4] configuring (cmake, \(generator.name), \(URL(fileURLWithPath: compilers.cxx).lastPathComponent))")
        var environment = ProcessInfo.processInfo.environment
        if let directory = generator.toolDirectory {
            environment["PATH"] = directory + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        }
        if let c = compilers.c { environment["CC"] = c }
        environment["CXX"] = compilers.cxx
        let configured = try await logged(
            cmake, ["-S", source.path, "-B", output.path, "-G", generator.name] + Self.cmakeOptions, environment: environment,
            timeout: .seconds(600))
        guard configured.succeeded else { throw buildFailure("configuring", configured) }
        let jobs = String(ProcessInfo.processInfo.activeProcessorCount)
        progress.line("kiln: [4/4] compiling llama-server (\(jobs) jobs; log: \(buildLog.path))")
        let compiled = try await withThrowingTaskGroup(of: ProcessResult?.self) { group in
            group.addTask { [self, environment] in
                try await logged(
                    cmake, ["--build", output.path, "--target", "llama-server", "-j", jobs], environment: environment,
                    timeout: .seconds(7200))
            }
            group.addTask { [progress, buildLog] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(2))
                    if let step = Self.lastStep(in: buildLog) { progress.status("kiln: compiling llama-server \(step)") }
                }
                return nil
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let result { return result }
            }
            throw CancellationError()
        }
        progress.clear()
        guard compiled.succeeded else { throw buildFailure("compiling", compiled) }
        let binary = output.appendingPathComponent("bin/llama-server")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw EnvironmentError("the build finished without bin/llama-server; see \(buildLog.path)")
        }
        return binary
    }

    /// The compilers to try, in order: clang when the machine has it (the Swift toolchain Kiln is
    /// built with carries one), because it compiles llama.cpp in three quarters of g++'s time here
    /// (242 s against 320 s on 2 cores) for the same decode speed (BENCHMARKS.md); then the
    /// system's C++ compiler (cmake choosing the C one). `CXX` (and `CC`) set by the user are the
    /// only choice.
    static func compilers(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        which: (String) -> String? = { ProcessRunner.which($0) }
    ) -> [(c: String?, cxx: String)] {
        if let cxx = environment["CXX"].flatMap({ $0.isEmpty ? nil : which($0) }) {
            return [(environment["CC"].flatMap { $0.isEmpty ? nil : which($0) }, cxx)]
        }
        var choices: [(c: String?, cxx: String)] = []
        if let clang = which("clang"), let clangxx = which("clang++") { choices.append((clang, clangxx)) }
        if let system = which("c++") ?? which("g++") { choices.append((nil, system)) }
        return choices
    }

    /// Puts `binary` in place: a fresh folder with the binary and the marker replaces the old one in one rename.
    private func install(_ binary: URL) throws {
        let fm = FileManager.default
        let staged = paths.home.appendingPathComponent("engine/.staged-\(Self.sourceVersion)-\(getpid())")
        try? fm.removeItem(at: staged)
        try fm.createDirectory(at: staged, withIntermediateDirectories: true)
        try fm.copyItem(at: binary, to: staged.appendingPathComponent("llama-server"))
        try Data((Self.fingerprint + "\n").utf8).write(to: staged.appendingPathComponent(".kiln-ready"))
        try? fm.removeItem(at: directory)
        try fm.moveItem(at: staged, to: directory)
    }

    /// cmake and a build tool: the machine's when it has them, else pinned copies from PyPI in a
    /// small environment of their own.
    private func buildTools() async throws -> (cmake: String, generator: (name: String, toolDirectory: String?)) {
        if let cmake = ProcessRunner.which("cmake") {
            if ProcessRunner.which("ninja") != nil { return (cmake, ("Ninja", nil)) }
            if ProcessRunner.which("make") != nil { return (cmake, ("Unix Makefiles", nil)) }
        }
        let environment = VirtualEnvironment(
            directory: paths.home.appendingPathComponent("build-tools"), requirements: Self.buildToolRequirements,
            lockFile: paths.home.appendingPathComponent("build-tools.lock"), purpose: "cmake and ninja for building llama.cpp",
            progress: progress)
        let python = try await environment.ensure()
        let bin = python.deletingLastPathComponent()
        return (bin.appendingPathComponent("cmake").path, ("Ninja", bin.path))
    }

    /// Runs a build step with its output appended to the build log.
    private func logged(
        _ executable: String, _ arguments: [String], environment: [String: String], timeout: Duration
    ) async throws -> ProcessResult {
        let quoted = ([executable] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        return try await ProcessRunner.run(
            "/bin/sh", ["-c", "exec \(quoted.joined(separator: " ")) >> '\(buildLog.path)' 2>&1"],
            environment: environment,
            timeout: timeout)
    }

    private func buildFailure(_ step: String, _ result: ProcessResult) -> EnvironmentError {
        let tail = (try? String(contentsOf: buildLog, encoding: .utf8)).map { String($0.suffix(1500)) } ?? ""
        return EnvironmentError(
            "\(step) llama.cpp's server failed\(result.timedOut ? " (time limit)" : ""); \(buildLog.path) ends with:\n\(tail)")
    }

    /// The last `[n/total]` step ninja (or `[ nn%]` make) wrote to the log.
    static func lastStep(in log: URL) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: log) else { return nil }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > 4096 ? size - 4096 : 0)
        guard let data = try? handle.readToEnd(), let text = String(data: data, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n").reversed() {
            if line.hasPrefix("["), let close = line.firstIndex(of: "]") { return String(line[...close]) }
        }
        return nil
    }
}
