import Foundation
import KilnCore
import KilnModels
import KilnPipeline
import KilnPrompts
import KilnSystem
import KilnValidation
import Testing

/// The repair loop with the real 0.5B model: the first candidate is a known-wrong median
/// (injected, so the test does not depend on the model's luck); every later round is the real
/// model reading Kiln's feedback.
/// Part of `IntegrationTests` so it never runs beside tests that stop or restart the shared server.
extension IntegrationTests {
    /// Right for every non-empty list; an empty one raises IndexError where the spec asks for ValueError.
    static let wrongFirstCandidate = """
        ```python
        def median(numbers: list[float]) -> float:
            \"\"\"Return the median of numbers.\"\"\"
            ordered = sorted(numbers)
            middle = len(ordered) // 2
            if len(ordered) % 2 == 0:
                return (ordered[middle - 1] + ordered[middle]) / 2
            return ordered[middle]
        ```
        """

    @Test func aFailingFirstCandidateIsRepairedFromTheFindings() async throws {
        let paths = KilnPaths.fromEnvironment()
        let progress = ProgressReporter(mode: .plain)
        let runtime = LocalRuntime(paths: paths, progress: progress)
        guard let model = ModelRegistry.model(named: "qwen2.5-coder-0.5b") else {
            throw InputError("no 0.5B model")
        }
        let real = try await runtime.backend(for: .registry(model, contextSize: 8192, idleTimeout: 300))
        let backend = FirstReplyOverride(first: Self.wrongFirstCandidate, then: real)

        let toolchain = try await KilnEnvironment.toolchain()
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let spec =
            "a function named median that takes a list of numbers and returns their median as a float; an empty list raises ValueError. Examples: median([3, 1, 2]) == 2; median([4, 1, 3, 2]) == 2.5; median([]) raises ValueError"
        let context = ValidationContext(
            toolchain: toolchain,
            sandbox: Sandbox(isolation: await Sandbox.detect(), readablePaths: toolchain.sandboxReadablePaths),
            projectRoot: root, spec: spec)
        let generator = CodeGenerator(
            backend: backend,
            check: .full(
                CandidateValidator(
                    context: context, suite: ValidationSuite(validators: toolchain.validators(for: .generatedCode)),
                    path: "stats.py")),
            parameters: GenerationParameters(temperature: 0, maxTokens: 768, seed: 7), maxRepairs: 3, samples: 1,
            toolchain: toolchain, template: try TemplateCatalog.builtin(named: "function", in: toolchain.builtinTemplates))
        let result = try await generator.generate(spec: spec)
        await real.shutdown()

        let first = try #require(result.attempts.first)
        #expect(!first.passed)
        #expect(first.findings.contains { $0.rule == "tests/spec-example-failed" || $0.rule == "tests/failed" })
        #expect(result.status == .passed, "attempts: \(result.attempts.map { ($0.kind, $0.findings.map(\.message)) })")
        #expect(result.chosenAttempt > 1)
        #expect(result.attempts[result.chosenAttempt - 1].kind == "repair")
        #expect(result.tests.contains { $0.name.hasPrefix("test_spec_example") && $0.outcome == .passed })
        // The feedback the model got named the failing example: what was asked and what happened.
        #expect(backend.secondRequestFeedback?.contains("ValueError") == true)
        #expect(backend.secondRequestFeedback?.contains("IndexError") == true)
    }
}

/// Answers the first request from a script, then hands every later one to a real backend.
final class FirstReplyOverride: ModelBackend, @unchecked Sendable {
    // @unchecked: `calls` and `feedback` are guarded by `lock`.
    let first: String
    let real: any ModelBackend
    private let lock = NSLock()
    private var calls = 0
    private var feedback: String?

    init(first: String, then real: any ModelBackend) {
        self.first = first
        self.real = real
    }

    var descriptor: ModelDescriptor { real.descriptor }
    var secondRequestFeedback: String? { lock.withLock { feedback } }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, Error> {
        let call = lock.withLock {
            calls += 1
            if calls == 2 { feedback = request.messages.last?.content }
            return calls
        }
        guard call == 1 else { return real.stream(request) }
        return AsyncThrowingStream { continuation in
            continuation.yield(.text(first))
            continuation.yield(.usage(Usage(promptTokens: 0, completionTokens: 40)))
            continuation.yield(.finished(reason: "stop"))
            continuation.finish()
        }
    }
}
