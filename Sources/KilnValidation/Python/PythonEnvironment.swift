import Foundation
import KilnSystem

/// Kiln's Python tools environment: the pinned pytest, ruff, bandit and mypy that Python's validators
/// run. It installs in seconds and never waits on the local model runtime's build.
public enum PythonToolsEnvironment {
    /// The validators' tools, pinned. Changing the list re-provisions existing environments.
    public static let requirements = [
        "pytest==9.2.0",
        "ruff==0.17.6",
        "bandit==1.9.4",
        "mypy==2.4.1",
    ]

    public static func environment(paths: KilnPaths, progress: ProgressReporter) -> VirtualEnvironment {
        VirtualEnvironment(
            directory: paths.toolsVenv, requirements: requirements, lockFile: paths.toolsLockFile,
            purpose: "Kiln's Python tools (pytest, ruff, bandit, mypy)", progress: progress)
    }

    /// Kiln's Python with the tools installed, provisioned on first use.
    public static func ensure(paths: KilnPaths, progress: ProgressReporter) async throws -> URL {
        try await environment(paths: paths, progress: progress).ensure()
    }
}
