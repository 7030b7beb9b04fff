import Foundation
import KilnSystem

/// The embedded model runtime's private environment: llama.cpp's server through
/// llama-cpp-python, compiled from source on first use (about five minutes on 2 cores). Nothing
/// else lives in it: the validators' tools have an environment of their own that never waits
/// for this compile.
public struct RuntimeEnvironment: Sendable {
    public static let requirements = ["llama-cpp-python[server]==0.3.36"]

    /// The marker of the environment earlier Kiln versions built here, which held this runtime
    /// and the validators' tools together: it has everything the runtime needs, so it is kept
    /// rather than compiled again.
    static let combinedEnvironmentFingerprint = "07ad3722e5af0c9bf477ed3ea15ce436d716981250a4d08decb7277e55115e2f"

    public let paths: KilnPaths
    let progress: ProgressReporter

    public init(paths: KilnPaths, progress: ProgressReporter) {
        self.paths = paths
        self.progress = progress
    }

    public var virtualEnvironment: VirtualEnvironment {
        VirtualEnvironment(
            directory: paths.venv, requirements: Self.requirements, lockFile: paths.lockFile,
            purpose: "Kiln's local model runtime (llama.cpp)",
            installNote: "the first time, llama.cpp is compiled: about 5 minutes on 2 cores; it needs a C++ compiler and cmake",
            compatibleFingerprints: [Self.combinedEnvironmentFingerprint], progress: progress)
    }

    public var isReady: Bool { virtualEnvironment.isReady }

    /// The runtime's Python, provisioned on first use.
    @discardableResult
    public func ensure() async throws -> URL { try await virtualEnvironment.ensure() }

    /// Writes one of the runtime's helper programs into the helpers directory and returns its path.
    public func helperScript(named name: String, source: String) throws -> URL {
        try HelperScript.install(named: name, source: source, in: paths.helpers)
    }
}
