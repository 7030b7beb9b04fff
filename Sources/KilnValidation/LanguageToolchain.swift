import Foundation
import KilnCore
import KilnSystem

/// What a set of validators is for; each toolchain decides which of its checks each purpose runs.
public enum ValidationPurpose: Sendable, Equatable {
    /// Generated code: every check, including running it in the sandbox; safe fixes and
    /// formatting are applied to the code that will be delivered.
    case generatedCode
    /// A file that already exists (`kiln validate`): every check; fixes are reported, never applied.
    case existingFile
    /// `kiln check`: only the checks that never run the code.
    case staticOnly
    /// A test file the model wrote for existing code: the static checks that apply to tests, with fixes.
    case generatedTests
}

/// Options of `kiln check` that a toolchain's project scan honours.
public struct ProjectScanOptions: Sendable {
    /// Optional scanners to run besides the default ones, by name (`kiln check --with NAME`).
    public var extraScanners: Set<String>
    /// Confirms unknown imports on the package registry; nil unless the user turned it on.
    public var onlineLookup: OnlineLookup?

    public init(extraScanners: Set<String> = [], onlineLookup: OnlineLookup? = nil) {
        self.extraScanners = extraScanners
        self.onlineLookup = onlineLookup
    }
}

/// Everything Kiln knows about one programming language: its environment and tools, parsing and
/// outlines, imports, splicing code into files, turning spec examples into tests, running tests
/// in the sandbox, and its validators. The pipeline talks only to this protocol, so a second
/// language is a second conformance, not `if language == …` across the code.
public protocol LanguageToolchain: Sendable {
    /// The language's name as users write it (`--lang`): "python".
    var language: String { get }
    /// The extension of its source files, without the dot.
    var fileExtension: String { get }
    /// Directories that hold environments, caches or installed packages, never the project's own sources.
    var ignoredDirectories: Set<String> { get }
    /// What starts a comment that runs to the end of the line (`#`): inline suppressions use it.
    var lineCommentPrefix: String { get }
    /// Code-fence tags a model may put on this language's code.
    var fenceTags: [String] { get }
    /// Reads this language's code out of a model's reply.
    var codeExtractor: CodeExtractor { get }
    /// The language version the code will run on ("3.11"), for prompts; nil when unknown.
    var languageVersion: String? { get }
    /// The prompt templates Kiln ships for this language, by name (`kiln prompt new NAME` copies one).
    var builtinTemplates: [String: String] { get }
    /// The optional scanners `kiln check --with NAME` can add, by name.
    var optionalScanners: [String] { get }
    /// The third-party libraries the project declares (so the model does not invent others).
    var declaredDependencies: [String] { get }
    /// Folders the sandboxed runtime must be able to read (its interpreter and environment).
    var sandboxReadablePaths: [String] { get }
    /// A command that starts the runtime the checks use (the test runner included) and prints
    /// `Sandbox.preflightMarker`; run in the sandbox before any model call.
    var sandboxPreflight: [String] { get }

    /// The name of the test file for `module` (`test_stats.py`).
    func testFileName(for module: String) -> String

    /// Checks the syntax of `code`, removes top-level demo code and adds the imports it uses and
    /// left out: those of `imports` (the spec's own) whose names it reads, and standard modules.
    func prepare(_ code: String, path: String?, imports: [String]) async throws -> PreparedCode
    /// Functions, classes and methods of `source`, in order.
    func definitions(in source: String) async throws -> [CodeDefinition]
    /// The imports of many sources, by path (or name); sources that do not parse are left out.
    func imports(in sources: [ImportSource]) async throws -> [String: [SourceImport]]
    /// The docstring of `qualifiedName` in `code`, nil when it has none or is not there.
    func docstring(of qualifiedName: String, in code: String) async throws -> String?
    /// `source` with `docstring` set on `qualifiedName`; nothing else changes.
    func insertingDocstring(_ docstring: String, into qualifiedName: String, of source: String) async throws -> String
    /// Whether two sources are the same program once docstrings are set aside.
    func sameCodeIgnoringDocstrings(_ a: String, _ b: String) async throws -> Bool
    /// `code` without the checks at `lines` that reject input by themselves (the lines of
    /// `probes/rejects-valid-input` findings): one whose removal the probe ran (its `raise` or
    /// `assert` line), or a type check (its `if` line). A check that is more than that stays.
    func removingChecks(from code: String, at lines: [Int]) async throws -> RemovedChecks
    /// `source` with one definition replaced by the one of the same name in `replacementCode`.
    func replacingDefinition(_ qualifiedName: String, in source: String, with replacementCode: String) async throws
        -> String
    /// What `definition` documents when it is a stub (a signature and its documentation, with a
    /// body that does nothing yet: `pass`, `...`, "not implemented"); nil when it has a body.
    func stub(_ definition: CodeDefinition) -> Stub?
    /// `module` with `code` added: its imports with the module's own, the rest at the end.
    func inserting(_ code: String, into module: String, moduleName: String) async throws -> String
    /// A test file with the named tests marked as expected failures, with their reasons.
    func markingExpectedFailures(_ reasons: [String: String], in tests: String) async throws -> String
    /// Outlines of `files` and of the project modules they import, within a character budget.
    func repositoryContext(files: [URL], root: URL, budgetCharacters: Int) async throws -> RepositoryContext

    /// Runs the test files `targets` (relative to `scratch`, mounted at `/work`) in the sandbox.
    func runTests(_ targets: [String], in scratch: URL, sandbox: Sandbox, limits: SandboxLimits) async throws -> TestRun
    /// The examples a spec states, read with the language's own parser, and the example-like
    /// lines it could not read. Parses only; runs nothing.
    func readSpec(_ spec: String) async throws -> SpecReading
    /// Test cases written as usage scenarios of `subject` (a class): a comment line holding only a
    /// tag starts a scenario, its statements set up the checks below them, and each check becomes
    /// one case running the whole setup. Parses only; runs nothing.
    func readScenarios(_ code: String, subject: String) async throws -> CaseReading
    /// A scenario case's program (from `readScenarios`) as a use of the code: a failing setup is
    /// raised instead of skipping the case, so that the use's check (`.runs`) judges it.
    func raisingSetupFailures(of script: String) -> String
    /// Type-aware variants of the literal calls of `function` among `cases` (EvalPlus-style: one
    /// argument moved one small step of its own type), as bare calls, at most `limit`, none of
    /// them already in `cases`. The first `stated` cases are the spec's own examples: an argument
    /// of a fixed shape there (a pair) keeps it in every variant, and the other cases that break
    /// it are returned as `outside`. Parses only; runs nothing.
    func variants(of cases: [String], stated: Int, function: String, limit: Int) async throws -> InputVariants
    /// The calls of `function` among `calls` that give an argument one of `edges` says is refused
    /// with an error (`chunk([], 0)` where the spec says "Raise ValueError if size is less than
    /// 1"), each with the edge; `parameters` are the function's, in order. A case that expects a
    /// result for one contradicts the spec. Parses only; runs nothing.
    func refusedCalls(_ calls: [String], function: String, parameters: [String], edges: [SpecEdgeCase]) async throws
        -> [RefusedCall]
    /// The cases among `raising` (a call of `function` and the error it expects) whose arguments
    /// meet none of the conditions `edges` state for that error (`chunk([1], 1.5)` expecting
    /// ValueError where only "size is less than 1" raises it): the spec does not ask for the error
    /// there. A call whose arguments cannot be read, or a condition that cannot be tested on them,
    /// is never returned. Parses only; runs nothing.
    func unstatedErrorCalls(
        _ raising: [(call: String, error: String)], function: String, parameters: [String], edges: [SpecEdgeCase]
    ) async throws -> [UnstatedErrorCall]
    /// Examples that call `function`, as test cases in this language (`assert f(2) == 4`, or the
    /// bare call where the spec states no result).
    func exampleCases(_ examples: [SpecExample], function: String) -> [String]
    /// Runs `function` of `code` on each case in the sandbox and returns what each gave
    /// (`=repr` or `!ExceptionName`; nil where the case is not a literal call) and the result each
    /// case states; nil when the code did not load or ran out of its limits.
    func outputs(of code: String, function: String, cases: [String], sandbox: Sandbox, limits: SandboxLimits) async throws
        -> CaseOutputs?

    /// This language's validators for `purpose`, in the order they run.
    func validators(for purpose: ValidationPurpose) -> [any Validator]
    /// `kiln check`'s language tools over a whole tree at once (linters, security scanners,
    /// imports); generic scans (secrets, licences) run beside it.
    func scanProject(_ files: [URL], root: URL, options: ProjectScanOptions) async throws -> [Finding]
    /// Findings with those two tools report twice for one issue reduced to one.
    func deduplicated(_ findings: [Finding]) -> [Finding]
    /// Every language rule this toolchain turns on, with its severity in generated and existing
    /// code and the reason (`kiln rules`); the common rules (secrets, licences) are not included.
    func ruleCatalog() async throws -> [RuleDescription]
}

extension LanguageToolchain {
    /// Unchanged: a toolchain whose scenario cases do not skip on a failed setup.
    public func raisingSetupFailures(of script: String) -> String { script }

    /// Checks the syntax of `code` and removes top-level demo code.
    public func prepare(_ code: String) async throws -> PreparedCode { try await prepare(code, path: nil, imports: []) }

    /// Checks the syntax of `code` and removes top-level demo code (no spec imports to restore).
    public func prepare(_ code: String, path: String?) async throws -> PreparedCode {
        try await prepare(code, path: path, imports: [])
    }

    /// The imports of `code`.
    public func imports(of code: String) async throws -> [SourceImport] {
        try await imports(in: [.source(name: "-", code: code)])["-"] ?? []
    }

    /// Whether `url` is a source file of this language.
    public func isSourceFile(_ url: URL) -> Bool { url.pathExtension == fileExtension }
}

/// Code with checks removed, and each one removed ("line 3: if not all(isinstance(x, int) …").
public struct RemovedChecks: Sendable, Equatable {
    public var code: String
    public var removed: [String]

    public init(code: String, removed: [String]) {
        self.code = code
        self.removed = removed
    }
}

/// Variants of the vote's cases, and the given cases that break a shape the spec's examples fix.
public struct InputVariants: Decodable, Sendable, Equatable {
    public var calls: [String]
    /// Cases (not the spec's own) whose argument has a length the spec's examples never show
    /// where they all show one ("a list of two strings").
    public var outside: [String]

    public init(calls: [String] = [], outside: [String] = []) {
        self.calls = calls
        self.outside = outside
    }
}

/// A call whose argument the spec says is refused, and the edge case that says so.
public struct RefusedCall: Codable, Sendable, Equatable {
    public var call: String
    /// The edge's probe case name (`probe_edge_not_positive_size`).
    public var edge: String
    /// The error the spec says the call raises.
    public var error: String
    /// Every error the spec's statements that refuse the call give (more than one where two
    /// statements with different errors both do); nil where the reader did not say.
    public var errors: [String]?

    public init(call: String, edge: String, error: String, errors: [String]? = nil) {
        self.call = call
        self.edge = edge
        self.error = error
        self.errors = errors
    }

    /// The one error the spec says this call raises; nil where its statements disagree.
    public var onlyError: String? { (errors ?? [error]) == [error] && !error.isEmpty ? error : nil }
}

/// A call that expects an error its arguments meet none of the spec's conditions for.
public struct UnstatedErrorCall: Codable, Sendable, Equatable {
    public var call: String
    public var error: String
    /// The probe case names of the edges that state the error (`probe_edge_not_positive_size`).
    public var edges: [String]

    public init(call: String, error: String, edges: [String]) {
        self.call = call
        self.error = error
        self.edges = edges
    }
}

/// What one candidate gave on each case of the agreement vote.
public struct CaseOutputs: Decodable, Sendable, Equatable {
    public var outputs: [String?]
    public var expected: [String?]

    public init(outputs: [String?], expected: [String?]) {
        self.outputs = outputs
        self.expected = expected
    }
}

/// The languages Kiln generates and checks, each with its toolchain.
public enum LanguageToolchains {
    /// Names for `--lang`.
    public static let supported = ["python"]

    /// The toolchain for `language`, its tools provisioned on first use, set up for the project at `projectRoot`.
    public static func make(language: String, paths: KilnPaths, progress: ProgressReporter, projectRoot: URL) async throws
        -> any LanguageToolchain
    {
        switch language {
        case "python": return try await PythonToolchain.make(paths: paths, progress: progress, projectRoot: projectRoot)
        default: throw unsupported(language)
        }
    }

    /// The toolchain for `language` without provisioning its tools: enough to read code out of a
    /// model's reply and to name the project's dependencies (an unchecked generation).
    public static func unprovisioned(language: String, paths: KilnPaths, projectRoot: URL) throws -> any LanguageToolchain {
        switch language {
        case "python": return PythonToolchain.unprovisioned(paths: paths, projectRoot: projectRoot)
        default: throw unsupported(language)
        }
    }

    /// The built-in prompt templates of `language`, by name, without setting anything up.
    public static func builtinTemplates(language: String) throws -> [String: String] {
        switch language {
        case "python": return PythonToolchain.builtinTemplateTexts
        default: throw unsupported(language)
        }
    }

    /// Each language's optional scanners, for help texts ("LANGUAGE: NAME, …").
    public static var optionalScannerSummary: String {
        ["python: " + PythonToolchain.optionalScannerNames.joined(separator: ", ")].joined(separator: "; ")
    }

    /// One optional scanner's name, for examples.
    public static var optionalScannerExample: String { PythonToolchain.optionalScannerNames.first ?? "" }

    static func unsupported(_ language: String) -> InputError {
        InputError("--lang \(language) is not supported yet; Kiln generates \(supported.joined(separator: ", "))")
    }
}
