import Foundation
import KilnCore
import KilnModels
import KilnPipeline
import KilnPrompts
import KilnSystem
import KilnTesting
import KilnValidation
import Testing

/// The pipeline's logic through the `LanguageToolchain` seam with a fake toolchain and a
/// scripted model: nothing here needs python3 or a model.
@Suite("The pipeline on a fake toolchain")
struct FakeToolchainPipelineTests {
    static func fenced(_ code: String) -> String { "```fake\n\(code)\n```" }

    static func passing(_ name: String) -> TestCaseResult {
        TestCaseResult(name: name, file: "test_m.fake", outcome: .passed)
    }

    static func failing(_ name: String, _ message: String) -> TestCaseResult {
        TestCaseResult(name: name, file: "test_m.fake", outcome: .failed, message: message)
    }

    func generator(_ toolchain: FakeToolchain, _ backend: ScriptedBackend, repairs: Int = 2) throws -> CodeGenerator {
        let context = ValidationContext(
            toolchain: toolchain, sandbox: Sandbox(isolation: .rlimitsOnly, readablePaths: []),
            projectRoot: FileManager.default.temporaryDirectory)
        return CodeGenerator(
            backend: backend,
            check: .full(
                CandidateValidator(
                    context: context, suite: ValidationSuite(validators: toolchain.validators(for: .generatedCode)),
                    path: "m.fake")),
            parameters: GenerationParameters(), maxRepairs: repairs, toolchain: toolchain,
            template: try TemplateCatalog.builtin(named: "function", in: toolchain.builtinTemplates))
    }

    @Test func aFlaggedLineIsFedBackAndTheRepairPasses() async throws {
        let toolchain = FakeToolchain()
        let backend = ScriptedBackend([
            Self.fenced("def add(a, b):\n    return a + b  # BUG"), Self.fenced("def add(a, b):\n    return a + b"),
        ])
        let result = try await generator(toolchain, backend).generate(spec: "add two numbers")
        #expect(result.status == .passed)
        #expect(result.language == "fake")
        #expect(result.attempts.map(\.kind) == ["initial", "repair"])
        #expect(result.attempts[0].findings.map(\.rule) == ["fake/flagged"])
        let feedback = try #require(backend.requests.last?.messages.last)
        #expect(feedback.role == .user)
        #expect(feedback.content.contains("holds BUG"))
        #expect(result.checks == ["syntax", "flagged-words", "demo-code-removed"])
    }

    /// The parse check runs once per attempt: the validators reuse it.
    /// A candidate that raises on the edge input the spec states: the repair is told which
    /// requirement it breaks, by number and text, and the fixed code passes its checks.
    @Test func theRepairNamesTheRequirementTheCodeBreaks() async throws {
        let spec = "takes a list of numbers, returns the median, handles empty lists by returning None"
        let toolchain = FakeToolchain(testOutcome: { code in
            [
                code.contains("raise")
                    ? Self.failing("probe_edge_empty", "`median([])` raised ValueError; the spec says it returns None")
                    : Self.passing("probe_edge_empty")
            ]
        })
        let backend = ScriptedBackend([
            Self.fenced("def median(xs):\n    if not xs:\n        raise ValueError('empty')"),
            Self.fenced("def median(xs):\n    return None"),
        ])
        var median = try generator(toolchain, backend)
        median.requirements = SpecRequirements(spec: spec, reading: SpecReading())
        let result = try await median.generate(spec: spec)
        #expect(result.attempts.map(\.passed) == [false, true])
        // No example states a median, so what it takes and returns stays unchecked: unverified.
        #expect(result.status == .unverified)
        let feedback = try #require(backend.requests.last?.messages.last?.content)
        #expect(feedback.contains("breaks these requirements of the specification: R3 \"handles empty lists by returning None\""))
        #expect(!feedback.contains("R1"))
    }

    @Test func eachAttemptIsPreparedOnce() async throws {
        let toolchain = FakeToolchain()
        let backend = ScriptedBackend([Self.fenced("def one():\n    return 1\nprint(one())")])
        let result = try await generator(toolchain, backend).generate(spec: "return one")
        #expect(result.status == .passed)
        #expect(result.removedDemoCode == ["line 3: print(one())"])
        #expect(toolchain.prepared.calls.count == 1)
    }

    /// The spec's stub imports a name the code uses and leaves out: the import is added to the
    /// code that is checked and delivered, and the result says so.
    @Test func theSpecsImportTheCodeLeftOutIsAddedAndReported() async throws {
        let toolchain = FakeToolchain()
        let context = ValidationContext(
            toolchain: toolchain, sandbox: Sandbox(isolation: .rlimitsOnly, readablePaths: []),
            projectRoot: FileManager.default.temporaryDirectory, spec: "stub",
            specReading: SpecReading(imports: ["from typing import List"]))
        let generator = CodeGenerator(
            backend: ScriptedBackend([Self.fenced("def total(xs: List[int]):\n    return sum(xs)")]),
            check: .full(
                CandidateValidator(
                    context: context, suite: ValidationSuite(validators: toolchain.validators(for: .generatedCode)),
                    path: "m.fake")),
            parameters: GenerationParameters(), maxRepairs: 0, toolchain: toolchain,
            template: try TemplateCatalog.builtin(named: "function", in: toolchain.builtinTemplates))
        let result = try await generator.generate(spec: "total of a list")
        #expect(result.code.hasPrefix("from typing import List\ndef total"))
        #expect(result.addedImports == ["from typing import List"])
        #expect(result.summaryLines.contains("kiln: added imports the code used without writing them: from typing import List"))
    }

    /// A star import the toolchain wrote out is gone from the delivered code, and the result says so.
    @Test func aStarImportWrittenOutIsReported() async throws {
        let toolchain = FakeToolchain()
        let backend = ScriptedBackend([Self.fenced("from helpers import *\ndef one():\n    return 1")])
        let result = try await generator(toolchain, backend).generate(spec: "return one")
        #expect(result.status == .passed)
        #expect(!result.code.contains("import *"))
        #expect(result.explicitImports == ["from helpers import * → nothing"])
        #expect(result.summaryLines.contains("kiln: star imports written out by name: from helpers import * → nothing"))
    }

    @Test func failingTestsAreRepairedAndAStuckRepairGivesWayToAFreshSample() async throws {
        let toolchain = FakeToolchain(testOutcome: { code in
            code.contains("a + b") ? [Self.passing("test_add")] : [Self.failing("test_add", "assert add(2, 2) == 4, got 0")]
        })
        let wrong = Self.fenced("def add(a, b):\n    return a - b")
        // The repair repeats the wrong code exactly: the same feedback would follow, so the
        // sample ends and the calls its repairs had go to a fresh sample.
        let backend = ScriptedBackend([wrong, wrong, Self.fenced("def add(a, b):\n    return a + b")])
        let result = try await generator(toolchain, backend, repairs: 3).generate(spec: "add two numbers")
        #expect(result.status == .passed)
        #expect(result.attempts.count == 3)
        #expect(result.attempts[1].repeatOf == 1)
        #expect(result.attempts[2].kind == "initial" && result.attempts[2].sample == 2)
        #expect(backend.requests[2].messages.count == backend.requests[0].messages.count)
        #expect(backend.requests[1].messages.last?.content.contains("got 0") == true)
    }

    @Test func aReplyWithoutCodeInEveryAttemptIsAnErrorOfTheChecksKind() async throws {
        let backend = ScriptedBackend(["I cannot help with that."])
        await #expect {
            _ = try await generator(FakeToolchain(), backend, repairs: 1).generate(spec: "anything")
        } throws: { error in
            error.failureKind == .checksFailed && error is GenerationError
        }
    }

    @Test func theRefactorPatternRunsThroughTheSameLoop() async throws {
        let toolchain = FakeToolchain(testOutcome: { code in
            code.contains("return x + 1") || code.contains("return 1 + x")
                ? [Self.passing("test_f")] : [Self.failing("test_f", "f(1) == 2, got 3")]
        })
        let backend = ScriptedBackend([
            Self.fenced("def f(x):\n    return x + 2"), Self.fenced("def f(x):\n    return 1 + x"),
        ])
        let refactor = RefactorGenerator(
            backend: backend, toolchain: toolchain, sandbox: Sandbox(isolation: .rlimitsOnly, readablePaths: []),
            template: try TemplateCatalog.builtin(named: "refactor", in: toolchain.builtinTemplates),
            testsTemplate: try TemplateCatalog.builtin(named: "function", in: toolchain.builtinTemplates), maxRepairs: 1)
        let source = SourceFile(path: "m.fake", code: "def f(x):\n    return x + 1\n\ndef g():\n    return 0\n")
        let tests = [SourceFile(path: "test_m.fake", code: "test f")]
        let result = try await refactor.generate(
            source: source, target: "f", instruction: "swap the operands", repositoryTests: tests)
        #expect(result.status == .passed)
        #expect(result.attempts == 2)
        #expect(result.code == "def f(x):\n    return 1 + x\n\ndef g():\n    return 0\n")
        #expect(backend.requests.last?.messages.last?.content.contains("behaviour changed") == true)
    }
}

/// Samples drawn together on a server with several slots.
@Suite("Concurrent samples")
struct ConcurrentSampleTests {
    static func loop(_ backend: ScriptedBackend, samples: Int, compare: Int = 1, repairs: Int = 0) -> RepairLoop {
        let toolchain = FakeToolchain()
        let context = ValidationContext(toolchain: toolchain, sandbox: nil, projectRoot: URL(fileURLWithPath: "/tmp"))
        let check = CandidateCheck.full(
            CandidateValidator(
                context: context, suite: ValidationSuite(validators: toolchain.validators(for: .generatedCode)), path: "f.fake"))
        return RepairLoop(
            backend: backend, check: check, parameters: GenerationParameters(temperature: 0, maxTokens: 100, seed: 1),
            maxRepairs: repairs, samples: samples, extractor: toolchain.codeExtractor, candidatesToCompare: compare)
    }

    /// Single mode: the first sample alone (full speed for the usual first-try pass); when it
    /// fails, the rest together.
    @Test func afterAFailedFirstSampleTheRestAreDrawnTogether() async throws {
        let bad = FakeToolchainPipelineTests.fenced("def f():\n    return 1  # BUG")
        let good = FakeToolchainPipelineTests.fenced("def f():\n    return 1")
        let backend = ScriptedBackend([bad, good, good, good], concurrency: 4, delay: .milliseconds(300))
        let outcome = try await Self.loop(backend, samples: 4).run(messages: [.user("f")]) { _ in }
        #expect(outcome.chosen.passed)
        #expect(backend.requests.count == 4)
        #expect(backend.mostConcurrentRequests == 3)
        #expect(outcome.attempts.map(\.number) == [1, 2, 3, 4])
    }

    @Test func theFirstSampleRunsAloneWhenItPasses() async throws {
        let good = FakeToolchainPipelineTests.fenced("def f():\n    return 1")
        let backend = ScriptedBackend([good], concurrency: 4, delay: .milliseconds(50))
        let outcome = try await Self.loop(backend, samples: 4).run(messages: [.user("f")]) { _ in }
        #expect(outcome.attempts.count == 1 && outcome.chosen.passed)
        #expect(backend.mostConcurrentRequests == 1)
    }

    /// A sibling whose check is still running when enough others passed is stopped, and its
    /// stopped tool (which fails as a killed process does) is no error of the generation.
    @Test func aSiblingStoppedMidCheckIsNoError() async throws {
        let bad = FakeToolchainPipelineTests.fenced("def f():\n    return 1  # BUG")
        let fast = FakeToolchainPipelineTests.fenced("def f():\n    return 1")
        let slow = FakeToolchainPipelineTests.fenced("def f():\n    return 2")
        let backend = ScriptedBackend([bad, fast, slow], concurrency: 4, delay: .milliseconds(50))
        let check = CandidateCheck.custom { code in
            if code.contains("BUG") {
                return CandidateReport(
                    code: code,
                    findings: [Finding(rule: "fake/flagged", category: .correctness, severity: .error, message: "bug")],
                    tests: [], checks: ["fake"], removedDemoCode: [])
            }
            if code.contains("2") {
                // A long check that, once stopped, fails the way a killed tool does.
                do { try await Task.sleep(for: .seconds(600)) } catch {
                    throw ValidationError.toolFailed("python ast check", "no output")
                }
            }
            return CandidateReport(code: code, findings: [], tests: [], checks: ["fake"], removedDemoCode: [])
        }
        let loop = RepairLoop(
            backend: backend, check: check, parameters: GenerationParameters(temperature: 0, maxTokens: 100, seed: 1),
            maxRepairs: 0,
            samples: 3, extractor: FakeToolchain().codeExtractor)
        let started = ContinuousClock.now
        let outcome = try await loop.run(messages: [.user("f")]) { _ in }
        #expect(outcome.chosen.passed && outcome.chosen.code?.contains("return 1") == true)
        // Stopped, not waited for: far less than the check's 600 s, with room for a loaded machine
        // (a CI start with every suite at once once took 10.8 s here).
        #expect(ContinuousClock.now - started < .seconds(120))
    }

    /// Without slots (a remote API, the scripted default) samples stay one after another.
    @Test func oneSlotKeepsSamplesSequential() async throws {
        let bad = FakeToolchainPipelineTests.fenced("def f():\n    return 1  # BUG")
        let backend = ScriptedBackend([bad, bad, bad], delay: .milliseconds(20))
        let outcome = try await Self.loop(backend, samples: 3).run(messages: [.user("f")]) { _ in }
        #expect(!outcome.chosen.passed)
        #expect(backend.mostConcurrentRequests == 1 && outcome.attempts.count == 3)
    }
}

/// A repair that returns the code it was asked to fix ends its sample; the repairs that sample
/// had left go to fresh samples, and the other samples are still repaired.
@Suite("Stuck repairs")
struct StuckRepairTests {
    static let first = FakeToolchainPipelineTests.fenced("def f():\n    return 1  # BUG")
    static let second = FakeToolchainPipelineTests.fenced("def f():\n    return 2  # BUG")
    static let good = FakeToolchainPipelineTests.fenced("def f():\n    return 1")

    /// HumanEval/77 with the 1.5B: the first sample's repair was stuck, another sample's repair
    /// was right. A stuck repair says nothing about the other samples' repairs.
    @Test func aStuckRepairEndsItsSampleAndTheOtherSamplesAreStillRepaired() async throws {
        let backend = ScriptedBackend([Self.first, Self.first, Self.second, Self.good])
        let outcome = try await ConcurrentSampleTests.loop(backend, samples: 2, repairs: 1).run(messages: [.user("f")]) { _ in }
        #expect(outcome.chosen.passed)
        #expect(outcome.attempts.map(\.kind) == ["initial", "repair", "initial", "repair"])
        #expect(outcome.attempts.map(\.sample) == [1, 1, 2, 2])
        #expect(outcome.repairsStuck)
        // Sample 2's repair was shown its findings.
        #expect(backend.requests[3].messages.count == 3)
    }

    /// The repairs a stuck sample did not use become fresh samples, even past `samples`.
    @Test func theRepairsAStuckSampleLeftBecomeFreshSamples() async throws {
        let backend = ScriptedBackend([Self.first, Self.first, Self.good])
        let outcome = try await ConcurrentSampleTests.loop(backend, samples: 1, repairs: 3).run(messages: [.user("f")]) { _ in }
        #expect(outcome.chosen.passed)
        #expect(outcome.attempts.map(\.kind) == ["initial", "repair", "initial"])
        #expect(outcome.attempts.map(\.sample) == [1, 1, 2])
        #expect(backend.requests[2].messages.count == 1)
    }

    @Test func aRepairThatChangesTheCodeKeepsRepairsOn() async throws {
        let changed = FakeToolchainPipelineTests.fenced("def f():\n    return 3  # BUG")
        let backend = ScriptedBackend([Self.first, changed, Self.second, Self.good])
        let outcome = try await ConcurrentSampleTests.loop(backend, samples: 2, repairs: 1).run(messages: [.user("f")]) { _ in }
        #expect(outcome.chosen.passed)
        #expect(outcome.attempts.map(\.kind) == ["initial", "repair", "initial", "repair"])
        #expect(!outcome.repairsStuck)
    }

    /// The checks format the code (ruff's safe fixes and layout): a repair that changed only
    /// the layout is the code it was asked to fix. (Recognising repeats by the text alone
    /// missed nearly every stuck repair on HumanEval.)
    @Test func aRepairThatOnlyChangesTheLayoutIsStuckToo() async throws {
        let relaidOut = FakeToolchainPipelineTests.fenced("def f():\n    return  1  # BUG")
        let backend = ScriptedBackend([Self.first, relaidOut, Self.second, Self.good])
        let check = CandidateCheck.custom { code in
            let formatted = code.replacingOccurrences(of: "return  ", with: "return ")
            let findings =
                formatted.contains("BUG")
                ? [Finding(rule: "fake/flagged", category: .correctness, severity: .error, message: "bug")] : []
            return CandidateReport(code: formatted, findings: findings, tests: [], checks: ["fake"], removedDemoCode: [])
        }
        let loop = RepairLoop(
            backend: backend, check: check, parameters: GenerationParameters(temperature: 0, maxTokens: 100, seed: 1),
            maxRepairs: 1, samples: 2, extractor: FakeToolchain().codeExtractor)
        let outcome = try await loop.run(messages: [.user("f")]) { _ in }
        #expect(outcome.repairsStuck)
        #expect(outcome.attempts.map(\.kind) == ["initial", "repair", "initial", "repair"])
        #expect(outcome.chosen.passed)
    }

    /// A template that restates its repairs: the repair is the sample's opening request again
    /// with the findings added, without the failed code, at the exploring temperature and a
    /// seed of its own; a reply repair (the default) keeps the failed answer in the conversation.
    @Test func aRestatedRepairAsksTheOpeningAgainWithTheFindingsAndWithoutTheCode() async throws {
        let opening: [ChatMessage] = [.system("house rules"), .user("write f")]
        let backend = ScriptedBackend([Self.first, Self.good])
        var loop = ConcurrentSampleTests.loop(backend, samples: 1, repairs: 1)
        loop.repair = .restate
        let outcome = try await loop.run(messages: opening) { _ in }
        #expect(outcome.chosen.passed && outcome.attempts.map(\.kind) == ["initial", "repair"])
        let repair = backend.requests[1]
        #expect(repair.messages.map(\.role) == [.system, .user])
        #expect(repair.messages[0] == opening[0])
        let asked = repair.messages[1].content
        #expect(asked.hasPrefix("write f\n\nAn earlier implementation of this failed these checks:\n- "))
        #expect(asked.hasSuffix("Write an implementation that passes them, as the complete code in a single fenced code block and nothing else."))
        #expect(!asked.contains("return 1  # BUG"))
        #expect(repair.parameters.temperature == 0.7)
        #expect(repair.parameters.seed != nil && repair.parameters.seed != backend.requests[0].parameters.seed)

        let replying = ScriptedBackend([Self.first, Self.good])
        _ = try await ConcurrentSampleTests.loop(replying, samples: 1, repairs: 1).run(messages: opening) { _ in }
        #expect(replying.requests[1].messages.map(\.role) == [.system, .user, .assistant, .user])
        #expect(replying.requests[1].messages[2].content.contains("return 1  # BUG"))
        #expect(replying.requests[1].messages[3].content.hasPrefix("Your previous answer has these problems:"))
        #expect(replying.requests[1].parameters.temperature == 0)
    }

    /// Never more model calls than samples × (1 + repairs).
    @Test func freshSamplesInsteadOfRepairsNeverAddCalls() async throws {
        let backend = ScriptedBackend([Self.first, Self.first, Self.second, Self.second, Self.second, Self.second])
        let outcome = try await ConcurrentSampleTests.loop(backend, samples: 2, repairs: 2).run(messages: [.user("f")]) { _ in }
        #expect(!outcome.chosen.passed)
        // Samples 1 and 2 each stop at a stuck first repair and leave one repair unused; sample
        // 3 is one of those, and the sixth call is the last there is.
        #expect(backend.requests.count == 6)
        #expect(outcome.attempts.map(\.kind) == ["initial", "repair", "initial", "repair", "initial", "repair"])
        #expect(outcome.attempts.map(\.sample) == [1, 1, 2, 2, 3, 3])
    }
}

/// A candidate that passes only after a failed attempt waits for a second passing one, and the
/// vote compares them; a first-try pass is taken as before.
@Suite("Second opinions for late passes")
struct SecondOpinionTests {
    static let bug = FakeToolchainPipelineTests.fenced("def f():\n    return 1  # BUG")
    static let one = FakeToolchainPipelineTests.fenced("def f():\n    return 1")
    static let two = FakeToolchainPipelineTests.fenced("def f():\n    return 2")
    static let inputs = FakeToolchainPipelineTests.fenced("f()")

    /// A vote on the fake toolchain: one model call for its cases, no answers, no variants.
    static func agreement() throws -> AgreementSelection {
        let template = try PromptTemplate.parse(
            "---\nname: inputs\nversion: 0.0.1\npattern: function\nlanguage: fake\ndescription: cases\nrequired: [spec, name]\n---\nCases for {{name}}: {{spec}}\n",
            source: "test")
        return try AgreementSelection(
            toolchain: FakeToolchain(), sandbox: Sandbox(isolation: .rlimitsOnly, readablePaths: []), template: template,
            answerTemplate: template, answerSamples: 0, maximumVariants: 0)
    }

    static func loop(_ backend: ScriptedBackend, samples: Int, repairs: Int = 0, secondOpinion: Bool = true) throws -> RepairLoop {
        var loop = ConcurrentSampleTests.loop(backend, samples: samples, repairs: repairs)
        loop.agreement = try agreement()
        loop.secondOpinion = secondOpinion
        return loop
    }

    @Test func aPassAfterAFailedAttemptIsComparedWithASecondPassingCandidate() async throws {
        let backend = ScriptedBackend([Self.bug, Self.two, Self.one, Self.inputs])
        let outcome = try await Self.loop(backend, samples: 3).run(messages: [.user("f")], spec: "f() returns 1") { _ in }
        #expect(outcome.soughtSecondOpinion)
        // Sample 2 passed after sample 1 failed: sample 3 was drawn, and the vote (one model call
        // for its cases) compared the two.
        #expect(outcome.attempts.map(\.sample) == [1, 2, 3])
        let selection = try #require(outcome.selection)
        #expect(selection.method == "agreement" && selection.candidates == [2, 3])
        #expect(backend.requests.count == 4)
    }

    @Test func aRepairThatPassesIsALatePassToo() async throws {
        let backend = ScriptedBackend([Self.bug, Self.one, Self.two, Self.inputs])
        let outcome = try await Self.loop(backend, samples: 2, repairs: 1).run(messages: [.user("f")], spec: "f") { _ in }
        #expect(outcome.soughtSecondOpinion)
        #expect(outcome.attempts.map(\.kind) == ["initial", "repair", "initial"])
        #expect(outcome.selection?.candidates == [2, 3])
    }

    @Test func aFirstTryPassNeedsNoSecondOpinion() async throws {
        let backend = ScriptedBackend([Self.one, Self.two])
        let outcome = try await Self.loop(backend, samples: 3).run(messages: [.user("f")], spec: "f") { _ in }
        #expect(!outcome.soughtSecondOpinion)
        #expect(outcome.selection == nil && backend.requests.count == 1)
    }

    /// No second passing candidate within the samples: the late one is kept, no vote is held,
    /// and no call beyond samples × (1 + repairs) is made.
    @Test func withoutASecondPassTheLateCandidateIsKept() async throws {
        let backend = ScriptedBackend([Self.bug, Self.one, Self.bug])
        let outcome = try await Self.loop(backend, samples: 3).run(messages: [.user("f")], spec: "f") { _ in }
        #expect(outcome.soughtSecondOpinion)
        #expect(outcome.chosen.number == 2 && outcome.chosen.passed)
        #expect(outcome.selection == nil && backend.requests.count == 3)
    }

    /// The generation result says a second opinion was sought and, when none came, that the
    /// late candidate stands alone.
    @Test func theResultSaysWhenNoSecondCandidateCame() async throws {
        let toolchain = FakeToolchain()
        let context = ValidationContext(toolchain: toolchain, sandbox: nil, projectRoot: URL(fileURLWithPath: "/tmp"))
        let generator = CodeGenerator(
            backend: ScriptedBackend([Self.bug, Self.one, Self.bug]),
            check: .full(
                CandidateValidator(
                    context: context, suite: ValidationSuite(validators: toolchain.validators(for: .generatedCode)),
                    path: "f.fake")),
            parameters: GenerationParameters(temperature: 0, maxTokens: 100, seed: 1), maxRepairs: 0, samples: 3,
            toolchain: toolchain, template: try TemplateCatalog.builtin(named: "function", in: toolchain.builtinTemplates),
            agreement: try Self.agreement(), secondOpinion: true)
        let result = try await generator.generate(spec: "f")
        #expect(result.status == .passed && result.chosenAttempt == 2)
        #expect(result.soughtSecondOpinion == true)
        #expect(
            result.summaryLines.contains(
                "kiln: the first candidate passed only after a failed attempt; no second candidate passed to compare it with"))
    }

    /// `kiln gen` (the library's generation service) holds the same second opinion by default
    /// when the language has the vote's templates, and `secondOpinion: false` (`--no-second-opinion`)
    /// keeps the late pass alone.
    @Test func generationAsksForASecondOpinionByDefault() async throws {
        func generate(secondOpinion: Bool) async throws -> (GenerationResult, requests: Int) {
            let root = try TestPaths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: root) }
            let prompts = root.appendingPathComponent(".kiln/prompts")
            try FileManager.default.createDirectory(at: prompts, withIntermediateDirectories: true)
            for name in ["inputs", "requirement-answers"] {
                try "---\nname: \(name)\nversion: 0.0.1\npattern: function\nlanguage: fake\ndescription: vote\nrequired: [spec, name]\n---\nCases for {{name}}: {{spec}}\n"
                    .write(to: prompts.appendingPathComponent("\(name).md"), atomically: true, encoding: .utf8)
            }
            let backend = ScriptedBackend([Self.bug, Self.one, Self.two, Self.inputs, Self.inputs, Self.inputs])
            let request = GenerationRequest(
                task: .function(spec: "f returns 1"),
                options: GenerationOptions(maxRepairs: 0, samples: 3, requirementCaseSamples: 0, secondOpinion: secondOpinion))
            let outcome = try await GenerationService(workbench: GenerationServiceTests().workbench(root, backend)).generate(request)
            guard case .code(let result) = outcome else { throw CancellationError() }
            return (result, backend.requests.count)
        }
        let (voted, _) = try await generate(secondOpinion: true)
        #expect(voted.soughtSecondOpinion == true)
        #expect(voted.attempts.map(\.number) == [1, 2, 3])
        #expect(voted.selection?.method == "agreement" && voted.selection?.candidates == [2, 3])
        let (alone, requests) = try await generate(secondOpinion: false)
        #expect(alone.soughtSecondOpinion != true && alone.selection == nil)
        #expect(alone.chosenAttempt == 2 && requests == 2)
    }

    @Test func turnedOffALatePassEndsTheLoop() async throws {
        let backend = ScriptedBackend([Self.bug, Self.one, Self.two])
        let outcome = try await Self.loop(backend, samples: 3, secondOpinion: false).run(messages: [.user("f")], spec: "f") { _ in }
        #expect(!outcome.soughtSecondOpinion)
        #expect(outcome.chosen.number == 2 && backend.requests.count == 2)
    }

    /// On a server with slots the second opinion comes from the samples already running.
    @Test func concurrentSamplesCanGiveTheSecondOpinion() async throws {
        let backend = ScriptedBackend([Self.bug, Self.one, Self.two, Self.bug, Self.inputs], concurrency: 4)
        let outcome = try await Self.loop(backend, samples: 4).run(messages: [.user("f")], spec: "f") { _ in }
        #expect(outcome.soughtSecondOpinion)
        #expect(outcome.selection?.candidates.count == 2)
    }
}

/// The library-side front end, as every front end calls it: refusals before the model, and files
/// written only for code that passed.
@Suite("The generation flow on a fake toolchain")
struct GenerationServiceTests {
    func workbench(_ root: URL, _ backend: ScriptedBackend, toolchain: FakeToolchain = FakeToolchain()) -> Workbench {
        Workbench(
            root: root, paths: KilnPaths(home: root.appendingPathComponent(".kiln-home")),
            progress: ProgressReporter(mode: .silent), configuration: KilnConfiguration(), toolchainOverride: toolchain,
            backendOverride: backend)
    }

    @Test func anExistingOutputFileIsRefusedBeforeTheModelIsCalled() async throws {
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try "keep me\n".write(to: root.appendingPathComponent("out.fake"), atomically: true, encoding: .utf8)
        let backend = ScriptedBackend([FakeToolchainPipelineTests.fenced("def f():\n    return 1")])
        let request = GenerationRequest(task: .function(spec: "return one"), output: .file("out.fake", replace: false))
        await #expect {
            _ = try await GenerationService(workbench: workbench(root, backend)).generate(request)
        } throws: { error in
            error.failureKind == .outputFailed
        }
        #expect(backend.requests.isEmpty)
        #expect(try String(contentsOf: root.appendingPathComponent("out.fake"), encoding: .utf8) == "keep me\n")
    }

    /// The status rule end to end on the fake language: the spec's example, run and held, checks
    /// every requirement (passed); the same example failing is failed; none run is unverified.
    @Test func theStatusClaimsOnlyWhatTheExecutedCasesShowed() async throws {
        let spec = "returns one\nf() == 1"
        func outcome(_ result: TestCaseResult.Outcome) async throws -> GenerationOutcome {
            let root = try TestPaths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: root) }
            let toolchain = FakeToolchain(testOutcome: { _ in
                [TestCaseResult(name: SpecExample.testName(forExampleAt: 0), file: "spec", outcome: result)]
            })
            let backend = ScriptedBackend([FakeToolchainPipelineTests.fenced("def f():\n    return 1")])
            let request = GenerationRequest(task: .function(spec: spec), options: GenerationOptions(maxRepairs: 0, samples: 1))
            return try await GenerationService(workbench: workbench(root, backend, toolchain: toolchain)).generate(request)
        }
        let held = try await outcome(.passed)
        #expect(held.status == .passed)
        guard case .code(let result) = held else { throw CancellationError() }
        #expect(result.requirements?.map(\.kind) == [.result, .example])
        #expect(result.requirements?.allSatisfy { $0.status == .held } == true)
        #expect(try await outcome(.failed).status == .failed)
        #expect(try await outcome(.skipped).status == .unverified)
    }

    /// The status in SARIF (issue 10: text, JSON and SARIF say it alike): one result per
    /// requirement, `pass` when it held, `review` when nothing that ran checked it, `fail` when
    /// a case checking it failed; the status in the run's properties. Checked against the
    /// official SARIF 2.1.0 schema.
    @Test func sarifSaysTheStatusAndEachRequirement() async throws {
        let spec = "returns one, keeping the order\nf() == 1"
        func sarif(_ outcome: TestCaseResult.Outcome) async throws -> (document: [String: Any], data: Data) {
            let root = try TestPaths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: root) }
            let toolchain = FakeToolchain(testOutcome: { _ in
                [TestCaseResult(name: SpecExample.testName(forExampleAt: 0), file: "spec", outcome: outcome)]
            })
            let backend = ScriptedBackend([FakeToolchainPipelineTests.fenced("def f():\n    return 1")])
            let request = GenerationRequest(
                task: .function(spec: spec), output: .file("one.fake", replace: false),
                options: GenerationOptions(maxRepairs: 0, samples: 1, requirementCaseSamples: 0))
            let generated = try await GenerationService(workbench: workbench(root, backend, toolchain: toolchain)).generate(request)
            let data = try generated.sarif(toolVersion: "0.1.0", root: root)
            return (try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]), data)
        }
        func results(_ document: [String: Any]) throws -> [[String: Any]] {
            let run = try #require((document["runs"] as? [[String: Any]])?.first)
            return try #require(run["results"] as? [[String: Any]])
        }
        // The example held; "keeping the order" was checked by nothing: unverified.
        let unverified = try await sarif(.passed)
        let run = try #require((unverified.document["runs"] as? [[String: Any]])?.first)
        #expect((run["properties"] as? [String: String])?["status"] == "unverified")
        let byRule = Dictionary(grouping: try results(unverified.document)) { $0["ruleId"] as? String ?? "" }
        let review = try #require(byRule["requirements/unchecked"]?.first)
        #expect(review["kind"] as? String == "review")
        #expect(review["level"] as? String == "none")
        #expect(((review["message"] as? [String: Any])?["text"] as? String)?.contains("\"keeping the order\" was checked by nothing that ran") == true)
        let uri = ((review["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            .flatMap { $0["artifactLocation"] as? [String: Any] }?["uri"] as? String
        #expect(uri == "one.fake")
        #expect(byRule["requirements/held"]?.allSatisfy { $0["kind"] as? String == "pass" } == true)
        #expect(byRule["requirements/held"]?.count == 2)
        // The example failing: a failure at level error, status failed.
        let failed = try await sarif(.failed)
        let failedRun = try #require((failed.document["runs"] as? [[String: Any]])?.first)
        #expect((failedRun["properties"] as? [String: String])?["status"] == "failed")
        let failures = try results(failed.document).filter { $0["ruleId"] as? String == "requirements/failed" }
        #expect(!failures.isEmpty)
        #expect(failures.allSatisfy { $0["level"] as? String == "error" && $0["kind"] == nil })

        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("gen.sarif")
        try unverified.data.write(to: file)
        try await ReportFormatTests.validateSARIF(file, scratch: directory)
    }

    @Test func passingCodeIsWrittenAndFailingCodeIsNot() async throws {
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let good = ScriptedBackend([FakeToolchainPipelineTests.fenced("def f():\n    return 1")])
        let request = GenerationRequest(task: .function(spec: "return one"), output: .file("f.fake", replace: false))
        let written = try await GenerationService(workbench: workbench(root, good)).generate(request)
        // Nothing that ran states what `f` returns: written, but unverified, naming the requirement.
        #expect(written.status == .unverified)
        guard case .code(let unverified) = written else { throw CancellationError() }
        #expect(unverified.requirements?.map(\.text) == ["return one"])
        #expect(unverified.requirements?.map(\.status) == [.unchecked])
        #expect(written.outputPath == root.appendingPathComponent("f.fake").path)
        #expect(try String(contentsOf: root.appendingPathComponent("f.fake"), encoding: .utf8) == written.code)

        let bad = ScriptedBackend([FakeToolchainPipelineTests.fenced("def g():\n    return 1  # BUG")])
        var failing = request
        failing.output = .file("g.fake", replace: false)
        failing.options.maxRepairs = 0
        let refused = try await GenerationService(workbench: workbench(root, bad)).generate(failing)
        #expect(refused.status == .failed)
        #expect(refused.outputPath == nil)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("g.fake").path))
        #expect(refused.summaryLines.last == "kiln: nothing was written because the code failed its checks")
    }

    /// A sandbox that cannot start the runtime is the environment failing: said before any model
    /// call, never reported as the code failing its checks.
    @Test func aSandboxThatCannotRunTheChecksStopsTheRunBeforeTheModel() async throws {
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let backend = ScriptedBackend([FakeToolchainPipelineTests.fenced("def f():\n    return 1")])
        var toolchain = FakeToolchain()
        toolchain.sandboxPreflight = ["/bin/sh", "-c", "echo 'cannot open /root/.kiln/python: Permission denied' >&2; exit 126"]
        let request = GenerationRequest(task: .function(spec: "return one"), output: .file("f.fake", replace: false))
        await #expect {
            _ = try await GenerationService(workbench: workbench(root, backend, toolchain: toolchain)).generate(request)
        } throws: { error in
            error.failureKind == .environmentFailed && "\(error)".contains("Permission denied")
                && "\(error)".contains("No model was called")
        }
        #expect(backend.requests.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("f.fake").path))
    }

    @Test func aVagueSpecUnderStrictIsRefusedWithTheLintReport() async throws {
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let backend = ScriptedBackend([])
        var request = GenerationRequest(task: .function(spec: "write code"))
        request.options.strict = true
        await #expect {
            _ = try await GenerationService(workbench: workbench(root, backend)).generate(request)
        } throws: { error in
            error.failureKind == .badInput && "\(error)".contains("too vague")
        }
        #expect(backend.requests.isEmpty)
    }
}
