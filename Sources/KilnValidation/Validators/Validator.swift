import Foundation
import KilnCore

/// A source file under validation.
public struct SourceFile: Sendable, Equatable {
    /// As shown in findings (relative to the project where possible).
    public var path: String
    public var code: String

    public init(path: String, code: String) {
        self.path = path
        self.code = code
    }

    /// The module name the file is imported as: `stats` for `src/stats.py`.
    public var moduleName: String {
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return name.isEmpty ? "candidate" : name
    }
}

/// Everything validators may use besides the file itself.
public struct ValidationContext: Sendable {
    /// Kiln's Python (its venv): runs ruff, bandit, pytest and the AST helpers.
    public var toolchain: PythonToolchain
    /// Where generated code runs; nil when no isolation could be set up.
    public var sandbox: Sandbox?
    public var projectRoot: URL
    /// The target environment's standard library and installed projects.
    public var environment: PythonEnvironmentFacts
    public var project: ProjectDependencies
    /// The user's tests (`--tests`), run against the file.
    public var tests: [SourceFile]
    /// The spec the code was generated from, for its examples.
    public var spec: String?
    public var limits: SandboxLimits
    /// Fingerprints of licensed code to keep out, if an index was built.
    public var licenseIndex: LicenseIndex?
    /// Confirms project names on the package registry; nil unless the user turned it on.
    public var onlineLookup: OnlineLookup?

    public init(
        toolchain: PythonToolchain, sandbox: Sandbox?, projectRoot: URL, environment: PythonEnvironmentFacts,
        project: ProjectDependencies, tests: [SourceFile] = [], spec: String? = nil, limits: SandboxLimits = SandboxLimits(),
        licenseIndex: LicenseIndex? = nil, onlineLookup: OnlineLookup? = nil
    ) {
        self.onlineLookup = onlineLookup
        self.licenseIndex = licenseIndex
        self.toolchain = toolchain
        self.sandbox = sandbox
        self.projectRoot = projectRoot
        self.environment = environment
        self.project = project
        self.tests = tests
        self.spec = spec
        self.limits = limits
    }
}

/// Given project names, returns those the package registry knows.
public typealias OnlineLookup = @Sendable (Set<String>) async throws -> Set<String>

/// The result of one test case run in the sandbox.
public struct TestCaseResult: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable { case passed, failed, error, skipped }
    public var name: String
    public var file: String
    public var outcome: Outcome
    public var message: String?
    public var seconds: Double
}

/// What one validator found.
public struct ValidatorReport: Codable, Sendable {
    public var validator: String
    public var findings: [Finding]
    public var tests: [TestCaseResult]
    /// Code the validator rewrote (ruff's safe fixes and formatting), if it did.
    public var fixedCode: String?
    public var seconds: Double

    public init(
        validator: String, findings: [Finding] = [], tests: [TestCaseResult] = [], fixedCode: String? = nil, seconds: Double = 0
    ) {
        self.validator = validator
        self.findings = findings
        self.tests = tests
        self.fixedCode = fixedCode
        self.seconds = seconds
    }
}

/// One check of code. Static validators only read it (`kiln check` runs those); dynamic ones run
/// it in the sandbox.
public protocol Validator: Sendable {
    var name: String { get }
    var isStatic: Bool { get }
    func validate(_ file: SourceFile, context: ValidationContext) async throws -> ValidatorReport
}
