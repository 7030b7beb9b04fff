import Foundation
import KilnSystem
import KilnValidation

/// Kiln's real Python tools environment (ruff, bandit, pytest), provisioned on first use exactly
/// as for a user; concurrent tests wait on Kiln's own lock.
enum KilnEnvironment {
    static func python() async throws -> URL {
        try await PythonToolsEnvironment.ensure(paths: KilnPaths.fromEnvironment(), progress: ProgressReporter(mode: .plain))
    }

    static func helpers() -> URL { KilnPaths.fromEnvironment().helpers }

    /// The Python toolchain on Kiln's own Python, whose standard library and packages the import
    /// check knows; `project` is what the code's project declares.
    static func toolchain(project: ProjectDependencies = ProjectDependencies()) async throws -> PythonToolchain {
        let python = try await python()
        var toolchain = PythonToolchain(python: python, helperDirectory: helpers(), project: project)
        toolchain.facts = try await toolchain.environmentFacts(of: python)
        return toolchain
    }
}
