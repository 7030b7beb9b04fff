import KilnCore
import KilnModels
import KilnValidation

/// What Kiln observed about the final code. A status is a claim; each claims only what ran.
public enum GenerationStatus: String, Codable, Sendable {
    /// Every check that ran passed, and every requirement of the spec was checked by an executed
    /// case that passed (`requirements` lists them and what checked each).
    case passed
    /// Every check that ran passed, but some requirements of the spec were checked by nothing
    /// that ran (`requirements` names them): the code is delivered, unproven on those points.
    case unverified
    /// The best candidate still has error findings or failing tests; it is reported, not written.
    case failed
    /// Checks were turned off (`--no-validate`).
    case unvalidated
}

/// One model call and what Kiln found in its reply.
public struct Attempt: Codable, Sendable {
    public var number: Int
    /// Which independent sample this attempt belongs to (1-based).
    public var sample: Int
    /// "initial" or "repair".
    public var kind: String
    public var code: String?
    public var findings: [Finding]
    public var tests: [TestCaseResult]
    /// Top-level demo statements removed from this attempt's code.
    public var removedDemoCode: [String]
    public var usage: Usage
    public var seconds: Double
    /// Seconds spent checking this attempt (validators, tests in the sandbox).
    public var checkSeconds: Double
    public var finishReason: String?
    public var passed: Bool
    /// The earlier attempt whose code this one repeats exactly: its checks were reused, not rerun.
    public var repeatOf: Int? = nil
    /// "second-sample" when this attempt's sample was asked the template's other way
    /// (`PromptTemplate.SecondSample`); nil for the template's usual messages.
    public var variant: String? = nil
}

/// Everything `kiln gen` reports, and what `--json` prints.
public struct GenerationResult: Codable, Sendable {
    public struct Prompt: Codable, Sendable {
        public var template: String
        public var version: String
        /// SHA-256 of the template file: exactly which prompt produced this code.
        public var sha256: String
        /// `builtin:NAME` or the repository file.
        public var source: String
        /// Repository files whose outlines went into the prompt as context, most relevant first.
        public var contextFiles: [String]?
    }

    public struct Timings: Codable, Sendable {
        public var totalSeconds: Double
        public var modelSeconds: Double
        public var checkSeconds: Double
        public var firstTokenSeconds: Double?
    }

    public var pattern: String
    public var status: GenerationStatus
    public var code: String
    public var language: String
    public var languageVersion: String?
    public var model: ModelDescriptor
    public var prompt: Prompt
    public var checks: [String]
    public var findings: [Finding]
    public var tests: [TestCaseResult]
    /// The spec as numbered requirements, each with the executed cases that checked it (function
    /// and class patterns with checks on).
    public var requirements: [Requirement]? = nil
    /// Model-written cases for requirements nothing else checked: how many were written, which
    /// the samples agreed on, and what running them showed.
    public var requirementCases: RequirementCases.Outcome? = nil
    public var removedDemoCode: [String]
    /// Imports Kiln added to the chosen code: ones the spec shows, or standard modules, whose
    /// names the code read without importing them (nil or empty: none).
    public var addedImports: [String]? = nil
    /// Star imports of standard modules in the chosen code, written out as the names it reads
    /// ("from typing import * → from typing import List"; nil or empty: none).
    public var explicitImports: [String]? = nil
    /// Checks Kiln removed from the chosen code because they rejected input the spec allows and
    /// nothing else depended on them ("line 3: if not all(isinstance(x, int) for x in l):"; nil or
    /// empty: none).
    public var removedChecks: [String]? = nil
    /// Which attempt's code was chosen (1-based).
    public var chosenAttempt: Int
    /// How it was chosen when several candidates passed (`--agree`): the vote's inputs and scores.
    public var selection: AgreementSelection.Outcome?
    /// True when the first candidate passed only after a failed attempt and sampling went on for
    /// a second passing one to compare it with (`selection` holds the vote when one came).
    public var soughtSecondOpinion: Bool? = nil
    public var attempts: [Attempt]
    public var usage: Usage
    public var tokensPerSecond: Double?
    public var timings: Timings
    public var outputPath: String?
    public var backupPath: String?
    /// Its record and, with --commit, the commit (nil when nothing was written).
    public var provenance: Provenance? = nil
}
