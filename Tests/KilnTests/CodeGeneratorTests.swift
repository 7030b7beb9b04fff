import Foundation
import KilnCore
import KilnPipeline
import KilnPrompts
import KilnValidation
import KilnTesting
import Testing

@Suite("The function pattern with a scripted model", .enabled(if: TestPaths.python != nil))
struct CodeGeneratorTests {
    static let good =
        "```python\ndef median(xs: list[float]) -> float:\n    \"\"\"Median.\"\"\"\n    s = sorted(xs)\n    return s[len(s) // 2]\n\nprint(median([1, 2, 3]))\n```"

    func generator(_ backend: ScriptedBackend, validate: Bool = true, repairs: Int = 2, samples: Int = 1) throws -> (
        CodeGenerator, URL
    ) {
        let helpers = try TestPaths.temporaryDirectory()
        let toolchain = PythonToolchain(python: try #require(TestPaths.python), helperDirectory: helpers)
        let check: CandidateCheck? = validate ? .parseOnly(CandidateValidator.parseOnly(toolchain, path: "candidate.py")) : nil
        return (
            CodeGenerator(
                backend: backend, check: check, parameters: GenerationParameters(), maxRepairs: repairs, samples: samples,
                toolchain: toolchain, template: try TemplateCatalog.builtin(named: "function", in: PythonToolchain.builtinTemplateTexts)),
            helpers
        )
    }

    @Test func aGoodFirstReplyPassesInOneAttempt() async throws {
        let backend = ScriptedBackend([Self.good])
        let (generator, helpers) = try generator(backend)
        defer { try? FileManager.default.removeItem(at: helpers) }
        let result = try await generator.generate(spec: "median of a list of floats")
        #expect(result.status == .passed)
        #expect(result.attempts.count == 1)
        #expect(result.code.hasPrefix("def median"))
        #expect(!result.code.contains("print("))
        #expect(result.removedDemoCode.count == 1)
        #expect(result.prompt.template == "function")
        #expect(backend.requests.first?.messages.last?.content.contains("median of a list of floats") == true)
    }

    @Test func brokenCodeIsFedBackAndRepaired() async throws {
        let backend = ScriptedBackend(["```python\ndef median(xs):\n    return sorted(xs)[\n```", Self.good])
        let (generator, helpers) = try generator(backend)
        defer { try? FileManager.default.removeItem(at: helpers) }
        let result = try await generator.generate(spec: "median")
        #expect(result.status == .passed)
        #expect(result.attempts.map(\.kind) == ["initial", "repair"])
        #expect(result.attempts[0].findings.first?.rule == "syntax")
        let feedback = try #require(backend.requests.last?.messages.last)
        #expect(feedback.role == .user)
        #expect(feedback.content.contains("invalid Python"))
        // The function template restates the request with the findings, without the broken code.
        #expect(backend.requests.last?.messages.count == 2)
        #expect(feedback.content.hasPrefix(try #require(backend.requests.first?.messages.last?.content)))
        #expect(!feedback.content.contains("def median(xs):"))
    }

    @Test func proseOnlyRepliesAreRetried() async throws {
        let backend = ScriptedBackend(["I would be happy to help with that.", Self.good])
        let (generator, helpers) = try generator(backend)
        defer { try? FileManager.default.removeItem(at: helpers) }
        let result = try await generator.generate(spec: "median")
        #expect(result.status == .passed)
        #expect(result.attempts.first?.findings.first?.rule == "no-code")
    }

    @Test func codeThatNeverParsesIsReportedAsFailed() async throws {
        let backend = ScriptedBackend(["```python\ndef f(:\n```"])
        let (generator, helpers) = try generator(backend, repairs: 1)
        defer { try? FileManager.default.removeItem(at: helpers) }
        let result = try await generator.generate(spec: "anything")
        #expect(result.status == .failed)
        #expect(result.attempts.count == 2)
        #expect(result.findings.contains { $0.rule == "syntax" })
    }

    @Test func aSecondSampleIsDrawnWhenRepairsRunOut() async throws {
        let backend = ScriptedBackend(["```python\ndef f(:\n```", "```python\ndef f(:\n```", Self.good])
        let (generator, helpers) = try generator(backend, repairs: 1, samples: 2)
        defer { try? FileManager.default.removeItem(at: helpers) }
        let result = try await generator.generate(spec: "median")
        #expect(result.status == .passed)
        #expect(result.attempts.map(\.sample) == [1, 1, 2])
        #expect(result.chosenAttempt == 3)
        // A new sample starts from the original prompt, not from the failed conversation.
        #expect(backend.requests.last?.messages == backend.requests.first?.messages)
        #expect((backend.requests.last?.parameters.temperature ?? 0) >= 0.7)
    }

    @Test func theSecondSampleIsAskedWithoutTheHouseRulesAndLaterOnesExplore() async throws {
        let backend = ScriptedBackend([
            "```python\ndef f(:\n```", "```python\ndef g(:\n```", "```python\ndef h(:\n```",
            "```python\ndef k(:\n```", Self.good,
        ])
        let helpers = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: helpers) }
        let toolchain = PythonToolchain(python: try #require(TestPaths.python), helperDirectory: helpers)
        let generator = CodeGenerator(
            backend: backend, check: .parseOnly(CandidateValidator.parseOnly(toolchain, path: "candidate.py")),
            parameters: GenerationParameters(temperature: 0, seed: 1), maxRepairs: 1, samples: 3, toolchain: toolchain,
            template: try PromptTemplate.parse(
                try #require(PythonToolchain.builtinTemplateTexts["function"]).replacingOccurrences(
                    of: "\nsystem: |", with: "\nsecond_sample: without-system\nsystem: |"),
                source: "second-sample.md"))
        let result = try await generator.generate(spec: "median")
        #expect(result.status == .passed)
        #expect(result.attempts.map(\.sample) == [1, 1, 2, 2, 3])
        #expect(result.attempts.map(\.variant) == [nil, nil, "second-sample", "second-sample", nil])
        let requests = backend.requests
        let first = try #require(requests.first)
        #expect(first.messages.map(\.role) == [.system, .user])
        // Sample 2: the same request without the system message, greedy with the same seed as sample 1.
        #expect(requests[2].messages == [first.messages[1]])
        #expect(requests[2].parameters.temperature == 0)
        #expect(requests[2].parameters.seed == 1)
        // Its repair restates its own opening (no system message) with the findings.
        #expect(requests[3].messages.map(\.role) == [.user])
        #expect(requests[3].messages[0].content.hasPrefix(first.messages[1].content + "\n\nAn earlier implementation"))
        // Sample 3 is the template's messages again, at a higher temperature and its own seed.
        #expect(requests[4].messages == first.messages)
        #expect(requests[4].parameters.temperature >= 0.7)
        #expect(requests[4].parameters.seed == 3)
    }

    @Test func aRepairThatRepeatsTheCodeIsNotCheckedAgainAndAFreshSampleFollows() async throws {
        let broken = "```python\ndef f(:\n```"
        let backend = ScriptedBackend([broken, broken, Self.good])
        let (generator, helpers) = try generator(backend, repairs: 3, samples: 2)
        defer { try? FileManager.default.removeItem(at: helpers) }
        let result = try await generator.generate(spec: "median")
        #expect(result.status == .passed)
        // Without the repeat rule the third reply would be a second repair of sample 1.
        #expect(result.attempts.map(\.sample) == [1, 1, 2])
        #expect(result.attempts.map(\.repeatOf) == [nil, 1, nil])
        #expect(result.attempts[1].findings.map(\.rule) == result.attempts[0].findings.map(\.rule))
        #expect(backend.requests.last?.messages == backend.requests.first?.messages)
    }

    @Test func aModelThatNeverWritesCodeIsAnError() async throws {
        let backend = ScriptedBackend(["No."])
        let (generator, helpers) = try generator(backend, repairs: 1)
        defer { try? FileManager.default.removeItem(at: helpers) }
        await #expect(throws: GenerationError.self) { _ = try await generator.generate(spec: "anything") }
    }

    @Test func withoutValidationTheResultSaysSo() async throws {
        let backend = ScriptedBackend([Self.good])
        let (generator, helpers) = try generator(backend, validate: false)
        defer { try? FileManager.default.removeItem(at: helpers) }
        let result = try await generator.generate(spec: "median")
        #expect(result.status == .unvalidated)
        #expect(result.checks.isEmpty)
        #expect(result.code.contains("print("))
    }
}
