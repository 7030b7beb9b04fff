import Foundation
import KilnCore

/// A private Python virtual environment holding pinned packages, created on first use,
/// idempotently, under a lock so that concurrent first runs build it once.
///
/// It is built where it will live (the console scripts in `bin/` record the interpreter's
/// path in their first line, so an environment built elsewhere and renamed cannot run them). A
/// marker holding the requirements' fingerprint is written last: until it is there, nothing
/// trusts the folder, so an interrupted build is simply built again.
public struct VirtualEnvironment: Sendable {
    public let directory: URL
    public let requirements: [String]
    /// Held while building; each environment has its own, so one never waits on another's build.
    public let lockFile: URL
    /// What the environment is for, in progress lines ("Kiln's validation tools").
    public let purpose: String
    /// A note for the install line when it takes long ("llama.cpp is compiled: about 5 minutes").
    public let installNote: String?
    /// Markers of earlier Kiln versions whose environments hold everything `requirements` asks for.
    public let compatibleFingerprints: Set<String>
    let progress: ProgressReporter

    public init(
        directory: URL, requirements: [String], lockFile: URL, purpose: String, installNote: String? = nil,
        compatibleFingerprints: Set<String> = [], progress: ProgressReporter
    ) {
        self.directory = directory
        self.requirements = requirements
        self.lockFile = lockFile
        self.purpose = purpose
        self.installNote = installNote
        self.compatibleFingerprints = compatibleFingerprints
        self.progress = progress
    }

    public static func fingerprint(of requirements: [String]) -> String {
        FileDigest.sha256(of: Data(requirements.joined(separator: "\n").utf8))
    }

    public var fingerprint: String { Self.fingerprint(of: requirements) }
    public var python: URL { directory.appendingPathComponent("bin/python") }
    var readyMarker: URL { directory.appendingPathComponent(".kiln-ready") }

    /// Whether the environment is complete and holds these requirements.
    public var isReady: Bool {
        guard let text = try? String(contentsOf: readyMarker, encoding: .utf8) else { return false }
        let marker = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return (marker == fingerprint || compatibleFingerprints.contains(marker))
            && FileManager.default.isExecutableFile(atPath: python.path)
    }

    /// Creates the environment unless it is ready; returns its Python.
    @discardableResult
    public func ensure() async throws -> URL {
        if isReady { return python }
        try FileManager.default.createDirectory(at: lockFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        return try await FileLock.withLock(at: lockFile, onWait: waitMessage) {
            if isReady { return python }
            try await build()
            return python
        }
    }

    private var waitMessage: @Sendable () -> Void {
        { [progress, directory] in
            progress.line("kiln: waiting for another kiln process that is setting up \(directory.path)…")
        }
    }

    private func build() async throws {
        let fm = FileManager.default
        let basePython = try Self.basePython()
        try? fm.removeItem(at: directory)
        try fm.createDirectory(at: directory.deletingLastPathComponent(), withIntermediateDirectories: true)
        progress.line("kiln: setting up \(purpose) in \(directory.path)")
        progress.line("kiln: [1/2] creating a virtual environment with \(basePython)")
        let created = try await ProcessRunner.run(basePython, ["-m", "venv", directory.path], timeout: .seconds(300))
        guard created.succeeded else {
            try? fm.removeItem(at: directory)
            throw EnvironmentError(
                "could not create a Python virtual environment: \(created.stderrText.suffix(800)); install python3-venv (Debian: apt-get install -y python3-venv) or set KILN_PYTHON to a Python 3.9+ with venv"
            )
        }
        progress.line("kiln: [2/2] installing \(requirements.joined(separator: ", "))\(installNote.map { " (\($0))" } ?? "")")
        var arguments = ["-m", "pip", "install", "--disable-pip-version-check", "--no-input"]
        if !progress.showsToolOutput { arguments.append("--quiet") }
        arguments += requirements
        var environment = ProcessInfo.processInfo.environment
        // Native builds (llama.cpp) use every core; CMake reads this.
        environment["CMAKE_BUILD_PARALLEL_LEVEL"] =
            environment["CMAKE_BUILD_PARALLEL_LEVEL"] ?? String(ProcessInfo.processInfo.activeProcessorCount)
        let installed = try await ProcessRunner.run(
            python.path, arguments, environment: environment,
            output: progress.showsToolOutput ? .passthroughToStderr : .capture, timeout: .seconds(3600))
        guard installed.succeeded else {
            try? fm.removeItem(at: directory)
            let detail = installed.stderrText.isEmpty ? "see the output above" : String(installed.stderrText.suffix(1500))
            throw EnvironmentError(
                "installing \(requirements.joined(separator: ", ")) failed (\(detail)). Run the command again once fixed")
        }
        try Data((fingerprint + "\n").utf8).write(to: readyMarker)
        progress.line("kiln: \(purpose) ready")
    }

    /// The interpreter environments are made from: `$KILN_PYTHON`, else `python3` on `PATH`.
    public static func basePython() throws -> String {
        if let chosen = ProcessInfo.processInfo.environment["KILN_PYTHON"], !chosen.isEmpty {
            guard let path = ProcessRunner.which(chosen) else {
                throw EnvironmentError("KILN_PYTHON is set to \(chosen), which is not an executable")
            }
            return path
        }
        guard let path = ProcessRunner.which("python3") else {
            throw EnvironmentError(
                "Kiln needs Python 3.9 or later to run its local model and validators, and found no python3 on PATH; install it (Debian: apt-get install -y python3 python3-venv) or set KILN_PYTHON"
            )
        }
        return path
    }
}
