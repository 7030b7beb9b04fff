import Foundation
import KilnSystem

/// Kiln's private Python environments, created on first use, idempotently.
///
/// Two layers, because they cost very different amounts: the Python tools the validators run
/// (pytest, ruff, bandit) install in seconds, while llama.cpp's server compiles for about five
/// minutes. Someone who only checks code, or generates with a remote model, never waits for
/// the compile: they get a tools-only environment. The local model's environment holds the
/// tools too, so once it exists every command uses it.
public struct PythonEnvironment: Sendable {
    /// What a command needs from Python.
    public enum Layer: Sendable {
        /// pytest, ruff and bandit.
        case tools
        /// The tools plus llama.cpp's server, for the embedded model.
        case localModel
    }

    /// The validators' tools, pinned.
    public static let toolRequirements = [
        "pytest==9.2.0",
        "ruff==0.17.6",
        "bandit==1.9.4",
    ]

    /// What the local model's environment holds. Changing a list re-provisions the existing
    /// environments built from it.
    public static let requirements = ["llama-cpp-python[server]==0.3.36"] + toolRequirements

    static func requirements(of layer: Layer) -> [String] {
        layer == .localModel ? requirements : toolRequirements
    }

    static func fingerprint(of layer: Layer) -> String {
        FileDigest.sha256(of: Data(requirements(of: layer).joined(separator: "\n").utf8))
    }

    public let paths: KilnPaths
    let progress: ProgressReporter

    public init(paths: KilnPaths, progress: ProgressReporter) {
        self.paths = paths
        self.progress = progress
    }

    /// Where a layer's environment lives.
    func directory(of layer: Layer) -> URL { layer == .localModel ? paths.venv : paths.toolsVenv }

    func python(of layer: Layer) -> URL { directory(of: layer).appendingPathComponent("bin/python") }

    func readyMarker(of layer: Layer) -> URL { directory(of: layer).appendingPathComponent(".kiln-ready") }

    func lockFile(of layer: Layer) -> URL { layer == .localModel ? paths.lockFile : paths.toolsLockFile }

    /// Whether the environment built for `layer` is complete and matches its requirements.
    public func isReady(_ layer: Layer) -> Bool {
        guard let text = try? String(contentsOf: readyMarker(of: layer), encoding: .utf8) else { return false }
        return text.trimmingCharacters(in: .whitespacesAndNewlines) == Self.fingerprint(of: layer)
            && FileManager.default.isExecutableFile(atPath: python(of: layer).path)
    }

    /// Creates what `layer` needs unless it is already there; returns the Python to use.
    ///
    /// An environment is built in a temporary directory and renamed into place only when every
    /// package installed, so an interrupted run leaves nothing that a later run would trust.
    /// The tools layer is served by the local model's environment when that one is ready, and
    /// is never held up by another process compiling llama.cpp: it has a lock of its own.
    @discardableResult
    public func ensure(_ layer: Layer = .tools) async throws -> URL {
        if isReady(.localModel) { return python(of: .localModel) }
        if layer == .tools, isReady(.tools) { return python(of: .tools) }
        return try await FileLock.withLock(at: lockFile(of: layer), onWait: waitMessage) {
            if isReady(.localModel) { return python(of: .localModel) }
            if isReady(layer) { return python(of: layer) }
            try await build(layer)
            return python(of: layer)
        }
    }

    private var waitMessage: @Sendable () -> Void {
        { [progress] in progress.line("kiln: waiting for another kiln process that is setting up \(paths.home.path)…") }
    }

    private func build(_ layer: Layer) async throws {
        let fm = FileManager.default
        let basePython = try Self.basePython()
        let target = directory(of: layer)
        let staging = paths.home.appendingPathComponent(target.lastPathComponent + ".partial")
        try? fm.removeItem(at: staging)
        try fm.createDirectory(at: paths.home, withIntermediateDirectories: true)

        let requirements = Self.requirements(of: layer)
        progress.line("kiln: setting up Kiln's Python environment in \(target.path)")
        progress.line("kiln: [1/2] creating a virtual environment with \(basePython)")
        let created = try await ProcessRunner.run(basePython, ["-m", "venv", staging.path], timeout: .seconds(300))
        guard created.succeeded else {
            throw ModelError.runtime(
                "could not create a Python virtual environment: \(created.stderrText.suffix(800)); install python3-venv (Debian: apt-get install -y python3-venv) or set KILN_PYTHON to a Python 3.9+ with venv"
            )
        }
        let compiles = layer == .localModel ? " (the first time, llama.cpp is compiled: about 5 minutes on 2 cores)" : ""
        progress.line("kiln: [2/2] installing \(requirements.joined(separator: ", "))\(compiles)")
        let stagingPython = staging.appendingPathComponent("bin/python").path
        var arguments = ["-m", "pip", "install", "--disable-pip-version-check", "--no-input"]
        if !progress.showsToolOutput { arguments.append("--quiet") }
        arguments += requirements
        var environment = ProcessInfo.processInfo.environment
        // llama.cpp's build uses every core; CMake reads this.
        environment["CMAKE_BUILD_PARALLEL_LEVEL"] =
            environment["CMAKE_BUILD_PARALLEL_LEVEL"] ?? String(ProcessInfo.processInfo.activeProcessorCount)
        let installed = try await ProcessRunner.run(
            stagingPython, arguments, environment: environment,
            output: progress.showsToolOutput ? .passthroughToStderr : .capture, timeout: .seconds(3600))
        guard installed.succeeded else {
            try? fm.removeItem(at: staging)
            let detail = installed.stderrText.isEmpty ? "see the output above" : String(installed.stderrText.suffix(1500))
            let hint =
                layer == .localModel
                ? "; llama-cpp-python needs a C++ compiler and cmake (Debian: apt-get install -y build-essential cmake)" : ""
            throw ModelError.runtime(
                "installing Kiln's Python packages failed (\(detail))\(hint). Run the command again once fixed")
        }
        try Data((Self.fingerprint(of: layer) + "\n").utf8).write(to: staging.appendingPathComponent(".kiln-ready"))
        try? fm.removeItem(at: target)
        try fm.moveItem(at: staging, to: target)
        progress.line("kiln: Python environment ready")
    }

    /// The interpreter used to create the environment: `$KILN_PYTHON`, else `python3` on `PATH`.
    static func basePython() throws -> String {
        if let chosen = ProcessInfo.processInfo.environment["KILN_PYTHON"], !chosen.isEmpty {
            guard let path = ProcessRunner.which(chosen) else {
                throw ModelError.runtime("KILN_PYTHON is set to \(chosen), which is not an executable")
            }
            return path
        }
        guard let path = ProcessRunner.which("python3") else {
            throw ModelError.runtime(
                "Kiln needs Python 3.9 or later to run its local model and validators, and found no python3 on PATH; install it (Debian: apt-get install -y python3 python3-venv) or set KILN_PYTHON"
            )
        }
        return path
    }

    /// Writes one of Kiln's Python helper scripts into the helpers directory and returns its path.
    public func helperScript(named name: String, source: String) throws -> URL {
        try HelperScript.install(named: name, source: source, in: paths.helpers)
    }
}
