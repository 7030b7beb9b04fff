import Foundation
import KilnSystem

/// Kiln's private Python environment: llama.cpp's server for the embedded model and the Python
/// tools the validators run (pytest, ruff, bandit). Created on first use, idempotently.
public struct PythonEnvironment: Sendable {
    /// What the environment holds. Changing this list re-provisions existing environments.
    public static let requirements = [
        "llama-cpp-python[server]==0.3.36",
        "pytest==9.2.0",
        "ruff==0.17.6",
        "bandit==1.9.4",
    ]

    static var fingerprint: String { FileDigest.sha256(of: Data(requirements.joined(separator: "\n").utf8)) }

    public let paths: KilnPaths
    let progress: ProgressReporter

    public init(paths: KilnPaths, progress: ProgressReporter) {
        self.paths = paths
        self.progress = progress
    }

    var readyMarker: URL { paths.venv.appendingPathComponent(".kiln-ready") }

    /// Whether the environment is complete and matches `requirements`.
    public var isReady: Bool {
        guard let text = try? String(contentsOf: readyMarker, encoding: .utf8) else { return false }
        return text.trimmingCharacters(in: .whitespacesAndNewlines) == Self.fingerprint
            && FileManager.default.isExecutableFile(atPath: paths.python.path)
    }

    /// Creates the environment unless it is already complete; returns the path of its Python.
    ///
    /// It is built in a temporary directory and renamed into place only when every package
    /// installed, so an interrupted run leaves nothing that a later run would trust.
    @discardableResult
    public func ensure() async throws -> URL {
        if isReady { return paths.python }
        return try await FileLock.withLock(at: paths.lockFile, onWait: waitMessage) {
            if isReady { return paths.python }
            try await build()
            return paths.python
        }
    }

    private var waitMessage: @Sendable () -> Void {
        { [progress] in progress.line("kiln: waiting for another kiln process that is setting up \(paths.home.path)…") }
    }

    private func build() async throws {
        let fm = FileManager.default
        let basePython = try Self.basePython()
        let staging = paths.home.appendingPathComponent("venv.partial")
        try? fm.removeItem(at: staging)
        try fm.createDirectory(at: paths.home, withIntermediateDirectories: true)

        progress.line("kiln: setting up Kiln's Python environment in \(paths.venv.path)")
        progress.line("kiln: [1/2] creating a virtual environment with \(basePython)")
        let created = try await ProcessRunner.run(basePython, ["-m", "venv", staging.path], timeout: .seconds(300))
        guard created.succeeded else {
            throw ModelError.runtime(
                "could not create a Python virtual environment: \(created.stderrText.suffix(800)); install python3-venv (Debian: apt-get install -y python3-venv) or set KILN_PYTHON to a Python 3.9+ with venv"
            )
        }
        progress.line(
            "kiln: [2/2] installing \(Self.requirements.joined(separator: ", ")) (the first time, llama.cpp is compiled: about 5 minutes on 2 cores)"
        )
        let stagingPython = staging.appendingPathComponent("bin/python").path
        var arguments = ["-m", "pip", "install", "--disable-pip-version-check", "--no-input"]
        if !progress.showsToolOutput { arguments.append("--quiet") }
        arguments += Self.requirements
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
            throw ModelError.runtime(
                "installing Kiln's Python packages failed (\(detail)); llama-cpp-python needs a C++ compiler and cmake (Debian: apt-get install -y build-essential cmake). Run the command again once fixed"
            )
        }
        try Data((Self.fingerprint + "\n").utf8).write(to: staging.appendingPathComponent(".kiln-ready"))
        try? fm.removeItem(at: paths.venv)
        try fm.moveItem(at: staging, to: paths.venv)
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
