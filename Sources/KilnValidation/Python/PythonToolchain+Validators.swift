import Foundation
import KilnCore
import KilnSystem

extension PythonToolchain {
    /// The checks for each purpose, in the order they run: the static ones first (ruff's safe
    /// fixes and formatting change the code the later ones see), then the sandboxed ones.
    public func validators(for purpose: ValidationPurpose) -> [any Validator] {
        let origin: CodeOrigin = purpose == .generatedCode || purpose == .generatedTests ? .generated : .existing
        let imports = ImportsValidator(toolchain: self, origin: origin)
        switch purpose {
        case .generatedCode, .existingFile:
            return [
                imports, SecretsValidator(), LicenseValidator(),
                RuffValidator(toolchain: self, applyFixes: purpose == .generatedCode, origin: origin),
                BanditValidator(toolchain: self), TypeCheckValidator(toolchain: self, origin: origin),
                TestsValidator(toolchain: self), BehaviourProbeValidator(toolchain: self),
            ]
        case .staticOnly:
            return [
                imports, SecretsValidator(), LicenseValidator(),
                RuffValidator(toolchain: self, applyFixes: false, origin: .existing),
                BanditValidator(toolchain: self),
            ]
        case .generatedTests:
            return [imports, SecretsValidator(), RuffValidator(toolchain: self, applyFixes: true)]
        }
    }

    /// Loads the candidate in the sandbox and calls `function` on each literal-argument case
    /// with a one-second alarm (the agreement harness).
    public func outputs(of code: String, function: String, cases: [String], sandbox: Sandbox, limits: SandboxLimits)
        async throws -> CaseOutputs?
    {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-agree-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try Data(PythonHelperSource.agreementHarness.utf8).write(to: scratch.appendingPathComponent("kiln_agree.py"))
        let request = try JSONSerialization.data(withJSONObject: ["code": code, "function": function, "calls": cases])
        let result = try await sandbox.run([python.path, "kiln_agree.py"], scratch: scratch, input: request, limits: limits)
        guard let line = result.stdout.split(separator: "\n").last,
            let run = try? JSONDecoder().decode(CaseOutputs.self, from: Data(line.utf8)), run.outputs.count == cases.count,
            run.expected.count == cases.count
        else { return nil }
        return run
    }

    /// Kiln's Python, importing the test runner, as the checks will start it.
    public var sandboxPreflight: [String] {
        [python.path, "-I", "-c", "import pytest; print('\(Sandbox.preflightMarker)')"]
    }

    /// Directories the sandboxed Python must be able to read: its environment and the
    /// installation it was made from.
    public var sandboxReadablePaths: [String] {
        let environment = python.deletingLastPathComponent().deletingLastPathComponent().path
        let real = python.resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent().path
        return Array(Set([environment, real])).filter { !$0.hasPrefix("/usr") }.sorted()
    }
}

extension PythonToolchain {
    /// Kiln's Python tools (provisioned on first use) set up for the project at `projectRoot`:
    /// the project's own interpreter (its `.venv`, else `python3`) decides what is installed, and
    /// its declared dependencies come from its `pyproject.toml` or requirements files.
    public static func make(paths: KilnPaths, progress: ProgressReporter, projectRoot: URL) async throws -> PythonToolchain {
        let python = try await PythonToolsEnvironment.ensure(paths: paths, progress: progress)
        var toolchain = unprovisioned(paths: paths, projectRoot: projectRoot)
        let interpreter =
            [".venv/bin/python", "venv/bin/python"].map { projectRoot.appendingPathComponent($0) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
            ?? ProcessRunner.which("python3").map { URL(fileURLWithPath: $0) } ?? python
        toolchain.facts = try await toolchain.environmentFacts(of: interpreter)
        return toolchain
    }

    /// The toolchain without provisioning anything: it reads code out of replies and knows the
    /// project's declared dependencies, but runs no tool until its environment exists.
    public static func unprovisioned(paths: KilnPaths, projectRoot: URL) -> PythonToolchain {
        PythonToolchain(
            python: PythonToolsEnvironment.environment(paths: paths, progress: ProgressReporter(mode: .silent)).python,
            helperDirectory: paths.helpers, project: ProjectDependencies.load(root: projectRoot))
    }
}
