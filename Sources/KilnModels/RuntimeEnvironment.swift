import Foundation
import KilnSystem

/// The embedded model runtime: llama.cpp's own server (`LlamaServerEngine`, built on first use)
/// and the small standard-library helpers around it (supervision, unpacking model parts), which
/// the machine's Python 3 runs. It holds no Python packages: the validators' tools have the one
/// Python environment Kiln makes.
public struct RuntimeEnvironment: Sendable {
    public let paths: KilnPaths
    let progress: ProgressReporter
    public let engine: LlamaServerEngine

    /// `prebuiltServer`: a llama-server to use instead of building one (the configuration's `llama_server`).
    public init(paths: KilnPaths, progress: ProgressReporter, prebuiltServer: String? = nil) {
        self.paths = paths
        self.progress = progress
        engine = LlamaServerEngine(paths: paths, progress: progress, prebuilt: prebuiltServer)
    }

    public var isReady: Bool { engine.isReady }

    /// The server binary, built on first use.
    @discardableResult
    public func ensure() async throws -> URL { try await engine.ensure() }

    /// The interpreter for the runtime's helpers: the machine's Python 3 (`$KILN_PYTHON`).
    public func helperPython() throws -> String { try VirtualEnvironment.basePython() }

    /// Writes one of the runtime's helper programs into the helpers directory and returns its path.
    public func helperScript(named name: String, source: String) throws -> URL {
        try HelperScript.install(named: name, source: source, in: paths.helpers)
    }
}
