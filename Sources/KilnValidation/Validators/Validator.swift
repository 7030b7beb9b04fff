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
    /// The language's toolchain: parses the code and owns the language's checks.
    public var toolchain: any LanguageToolchain
    /// Where generated code runs; nil when no isolation could be set up.
    public var sandbox: Sandbox?
    public var projectRoot: URL
    /// The user's tests (`--tests`), run against the file.
    public var tests: [SourceFile]
    /// The spec the code was generated from, for its examples.
    public var spec: String?
    /// The spec as the toolchain read it, when the caller already did (it is read once per
    /// generation, not once per candidate).
    public var specReading: SpecReading?
    public var limits: SandboxLimits
    /// Fingerprints of licensed code to keep out, if an index was built.
    public var licenseIndex: LicenseIndex?
    /// Confirms project names on the package registry; nil unless the user turned it on.
    public var onlineLookup: OnlineLookup?
    /// Project modules the code may import besides those the project declares (the module
    /// under test, for a test file).
    public var localModules: Set<String>

    public init(
        toolchain: any LanguageToolchain, sandbox: Sandbox?, projectRoot: URL, tests: [SourceFile] = [], spec: String? = nil,
        limits: SandboxLimits = SandboxLimits(),
        licenseIndex: LicenseIndex? = nil, onlineLookup: OnlineLookup? = nil, localModules: Set<String> = [],
        specReading: SpecReading? = nil
    ) {
        self.specReading = specReading
        self.localModules = localModules
        self.onlineLookup = onlineLookup
        self.licenseIndex = licenseIndex
        self.toolchain = toolchain
        self.sandbox = sandbox
        self.projectRoot = projectRoot
        self.tests = tests
        self.spec = spec
        self.limits = limits
    }
}

extension ValidationContext {
    /// The spec's examples: as read by the caller, else read now; none without a spec.
    public func specExamples() async throws -> [SpecExample] {
        try await reading().examples
    }

    /// The spec as read by the caller, else read now; empty without a spec.
    public func reading() async throws -> SpecReading {
        if let specReading { return specReading }
        guard let spec else { return SpecReading() }
        return try await toolchain.readSpec(spec)
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

    public init(name: String, file: String, outcome: Outcome, message: String? = nil, seconds: Double = 0) {
        self.name = name
        self.file = file
        self.outcome = outcome
        self.message = message
        self.seconds = seconds
    }

    /// Whether this is a docstring example of the code itself rather than a test: the runner
    /// names those after their object (`solution.flatten`), tests and Kiln's own cases `test…`
    /// and probes `probe_…`. Its expected value is the code's writer's word, so it shows that
    /// the docstring and the code agree, never that the code does what the spec asks.
    public var isDocstringExample: Bool {
        !name.hasPrefix("test") && !name.hasPrefix(SpecEdgeCase.probeCasePrefix)
    }
}

/// What one validator found.
public struct ValidatorReport: Codable, Sendable {
    public var validator: String
    public var findings: [Finding]
    public var tests: [TestCaseResult]
    /// Code the validator rewrote (a linter's safe fixes and formatting), if it did.
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
