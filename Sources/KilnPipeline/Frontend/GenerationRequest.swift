import Foundation
import KilnCore
import KilnModels
import KilnValidation

/// One `gen` request as every front end states it: what to generate, from what, and where the
/// result goes. Paths are relative to the workbench's project directory.
public struct GenerationRequest: Sendable {
    public enum Task: Sendable {
        /// A function or a class from a spec.
        case function(spec: String)
        case `class`(spec: String)
        /// A test file for a module's public functions (or only `functions`).
        case tests(source: String, functions: [String]? = nil)
        /// The stub `target` of a module (a signature with a docstring or comment and no body)
        /// implemented as its documentation says; the result is the module with it filled in.
        case implement(source: String, target: String)
        /// One definition (`name` or `Class.method`) of a file rewritten as instructed.
        case refactor(source: String, target: String, instruction: String)
        /// Docstrings for one definition, or every undocumented public one.
        case docs(source: String, target: String?, style: DocsGenerator.Style)

        public var pattern: String {
            switch self {
            case .function, .implement: return "function"
            case .class: return "class"
            case .tests: return "tests"
            case .refactor: return "refactor"
            case .docs: return "docs"
            }
        }
    }

    /// Where a result that passed goes.
    public enum Output: Sendable, Equatable {
        /// Nowhere: the front end shows the code (function, class, tests). Refactor and docs
        /// rewrite their source in place (with a backup).
        case none
        /// Nowhere, whatever the pattern: the result carries the code and the front end applies it
        /// (an editor's workspace edit, an agent's own write).
        case returned
        /// A new file; an existing one is refused unless `replace` (then kept as a `.bak` copy).
        case file(String, replace: Bool)
        /// Added to an existing module, whose lines all stay (function, class).
        case into(String)
    }

    public var task: Task
    public var language: String
    /// For refactor and docs, `.none` rewrites the source in place (with a backup).
    public var output: Output
    public var options: GenerationOptions
    /// The source file's text as an editor holds it, unsaved changes included (tests, refactor,
    /// docs, implement); nil reads the file.
    public var sourceText: String?
    /// Commit the written files and their record (`--commit`); nil leaves them uncommitted unless
    /// the configuration says `commit = true` and `followsCommitSetting` holds.
    public var commit: CommitRequest?
    /// False when the user said not to commit (`--no-commit`), whatever the configuration says.
    public var followsCommitSetting = true
    /// How to commit when the configuration's `commit = true` is what asks for it.
    public var commitPreferences = CommitRequest()
    /// Keep a provenance record of a generation that writes files (`.kiln/records/`).
    public var keepsRecord = true

    public init(
        task: Task, language: String = "python", output: Output = .none, options: GenerationOptions = GenerationOptions(),
        sourceText: String? = nil
    ) {
        self.task = task
        self.language = language
        self.output = output
        self.options = options
        self.sourceText = sourceText
    }
}

/// `--commit`: where the written files and their record go in git.
public struct CommitRequest: Sendable, Equatable {
    /// True: a new branch `kiln/<slug>`, checked out; false: the current branch.
    public var newBranch: Bool
    /// Add a `Co-authored-by: Kiln` trailer (off unless asked for).
    public var coAuthor: Bool

    public init(newBranch: Bool = true, coAuthor: Bool = false) {
        self.newBranch = newBranch
        self.coAuthor = coAuthor
    }
}

/// Where a generation's provenance went: its record and, with `--commit`, the commit.
public struct Provenance: Codable, Sendable, Equatable {
    /// The record's path, relative to the project root.
    public var record: String
    public var commit: CommitInfo?

    public struct CommitInfo: Codable, Sendable, Equatable {
        public var branch: String
        public var sha: String
    }
}

/// How a generation samples, repairs and checks.
public struct GenerationOptions: Sendable, Equatable {
    public var maxRepairs: Int
    public var samples: Int
    /// Passing candidates to compare by agreement (1: keep the first that passes).
    public var candidatesToCompare: Int
    /// Function pattern: a candidate that passes only after a failed attempt waits for a second
    /// passing one (within `samples` and the budget), and the agreement vote compares the two. A
    /// pass after a failure was right far less often than a first-try pass (BENCHMARKS.md, "A
    /// second opinion for late passes").
    public var secondOpinion: Bool
    public var budget: GenerationBudget
    /// Test files the code must pass (function, class).
    public var tests: [String]
    /// Repository files whose outlines go into the prompt (function, class).
    public var contextFiles: [String]
    /// A template name other than the pattern's own (a repository's `.kiln/prompts/NAME.md`).
    public var templateName: String?
    /// Refuse a spec with prompt-lint errors.
    public var strict: Bool
    /// Look unknown imports up on the package registry.
    public var onlineImports: Bool
    /// False skips the checks: the result is marked unvalidated.
    public var validate: Bool
    public var temperature: Double?
    public var maxTokens: Int?
    public var seed: Int?
    /// Tests pattern: keep tests still failing after the repairs, marked as expected failures, when the rest pass.
    public var keepsExpectedFailures: Bool
    /// Function pattern: samples of model-written cases for the requirements nothing else
    /// checked (0 turns them off; a case counts only when two samples and the code agree).
    public var requirementCaseSamples: Int

    public init(
        maxRepairs: Int = 2, samples: Int = 1, candidatesToCompare: Int = 1, budget: GenerationBudget = GenerationBudget(),
        tests: [String] = [], contextFiles: [String] = [], templateName: String? = nil, strict: Bool = false,
        onlineImports: Bool = false, validate: Bool = true, temperature: Double? = nil, maxTokens: Int? = nil,
        seed: Int? = nil, keepsExpectedFailures: Bool = true, requirementCaseSamples: Int = 3, secondOpinion: Bool = true
    ) {
        self.secondOpinion = secondOpinion
        self.requirementCaseSamples = requirementCaseSamples
        self.maxRepairs = maxRepairs
        self.samples = samples
        self.candidatesToCompare = candidatesToCompare
        self.budget = budget
        self.tests = tests
        self.contextFiles = contextFiles
        self.templateName = templateName
        self.strict = strict
        self.onlineImports = onlineImports
        self.validate = validate
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.seed = seed
        self.keepsExpectedFailures = keepsExpectedFailures
    }
}

extension GenerationOptions {
    /// The options whose values a front end may get wrong; each front end names them its own way
    /// (`--max-repairs` on the command line, `max_repairs` for an agent).
    public enum Name: String, Sendable, CaseIterable {
        case maxRepairs, samples, candidatesToCompare, requirementCaseSamples, maxTokens, temperature, budgetSeconds,
            budgetTokens
    }

    /// An option value no generation can honour, with what to send instead.
    public struct Invalid: KilnError, Equatable {
        public enum Problem: Sendable, Equatable {
            case negative
            case notPositive
            case below(Int)
            /// Between 1 and another option's value.
            case above(Name, Int)
            /// Needs the checks, which the request turned off.
            case needsChecks
        }

        public var option: Name
        public var problem: Problem
        public var kind: FailureKind { .badInput }

        /// The message, with options named by `name` (a front end's spelling).
        public func message(naming name: (Name) -> String) -> String {
            let subject = name(option)
            switch problem {
            case .negative: return "\(subject) cannot be negative"
            case .notPositive: return "\(subject) must be positive"
            case .below(let minimum): return "\(subject) must be at least \(minimum)"
            case .above(let other, let value):
                return "\(subject) must be between 1 and \(name(other)) (\(value)): each compared candidate is a sample"
            case .needsChecks:
                return "\(subject) compares candidates that passed the checks; it needs the checks on"
            }
        }

        public var description: String { message(naming: \.rawValue) }
    }

    /// Refuses values no generation can honour; every front end calls this before anything runs.
    public func checkValues() throws {
        func fail(_ option: Name, _ problem: Invalid.Problem) throws { throw Invalid(option: option, problem: problem) }
        if maxRepairs < 0 { try fail(.maxRepairs, .negative) }
        if samples < 1 { try fail(.samples, .below(1)) }
        if candidatesToCompare < 1 { try fail(.candidatesToCompare, .below(1)) }
        if candidatesToCompare > samples { try fail(.candidatesToCompare, .above(.samples, samples)) }
        if candidatesToCompare > 1 && !validate { try fail(.candidatesToCompare, .needsChecks) }
        if requirementCaseSamples < 0 { try fail(.requirementCaseSamples, .negative) }
        if let maxTokens, maxTokens < 16 { try fail(.maxTokens, .below(16)) }
        if let temperature, temperature < 0 { try fail(.temperature, .negative) }
        if let seconds = budget.seconds, seconds <= 0 { try fail(.budgetSeconds, .notPositive) }
        if let tokens = budget.tokens, tokens < 1 { try fail(.budgetTokens, .below(1)) }
    }
}

/// A pattern's result, whichever pattern ran. Encodes as the pattern's own result object.
public enum GenerationOutcome: Sendable, Encodable {
    case code(GenerationResult)
    case refactor(RefactorGenerator.Result)
    case docs(DocsGenerator.Result)

    public var status: GenerationStatus {
        switch self {
        case .code(let result): return result.status
        case .refactor(let result): return result.status
        case .docs(let result): return result.status
        }
    }

    public var code: String {
        switch self {
        case .code(let result): return result.code
        case .refactor(let result): return result.code
        case .docs(let result): return result.code
        }
    }


    public var outputPath: String? {
        switch self {
        case .code(let result): return result.outputPath
        case .refactor(let result): return result.outputPath
        case .docs(let result): return result.outputPath
        }
    }

    /// The previous version of the file the result replaced, if it replaced one.
    public var backupPath: String? {
        switch self {
        case .code(let result): return result.backupPath
        case .refactor(let result): return result.backupPath
        case .docs(let result): return result.backupPath
        }
    }

    public var provenance: Provenance? {
        get {
            switch self {
            case .code(let result): return result.provenance
            case .refactor(let result): return result.provenance
            case .docs(let result): return result.provenance
            }
        }
        set {
            switch self {
            case .code(var result):
                result.provenance = newValue
                self = .code(result)
            case .refactor(var result):
                result.provenance = newValue
                self = .refactor(result)
            case .docs(var result):
                result.provenance = newValue
                self = .docs(result)
            }
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .code(let result): try result.encode(to: encoder)
        case .refactor(let result): try result.encode(to: encoder)
        case .docs(let result): try result.encode(to: encoder)
        }
    }
}
