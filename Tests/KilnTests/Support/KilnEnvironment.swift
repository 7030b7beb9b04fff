import Foundation
import KilnModels
import KilnSystem

/// Kiln's real Python environment (ruff, bandit, pytest), provisioned on first use exactly as
/// for a user; concurrent tests wait on Kiln's own lock.
enum KilnEnvironment {
    static func python(_ layer: PythonEnvironment.Layer = .tools) async throws -> URL {
        let paths = KilnPaths.fromEnvironment()
        return try await PythonEnvironment(paths: paths, progress: ProgressReporter(mode: .plain)).ensure(layer)
    }

    static func helpers() -> URL { KilnPaths.fromEnvironment().helpers }
}
