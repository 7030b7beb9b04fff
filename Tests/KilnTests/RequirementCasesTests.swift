import Foundation
import KilnCore
import KilnPipeline
import KilnPrompts
import KilnTesting
import KilnValidation
import Testing

/// Model-written cases for requirements nothing else checked: a case counts only when two of the
/// independent samples write it alike and the code reproduces it (run in the real sandbox).
@Suite("Requirement cases by agreement", .serialized)
struct RequirementCasesTests {
    static let spec = "a function named double that returns twice its integer argument"

    func generate(code: String, caseReplies: [String]) async throws -> GenerationResult {
        let helpers = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: helpers) }
        let toolchain = try await KilnEnvironment.toolchain()
        let sandbox = Sandbox(isolation: await Sandbox.detect(), readablePaths: toolchain.sandboxReadablePaths)
        let reading = try await toolchain.readSpec(Self.spec)
        let context = ValidationContext(
            toolchain: toolchain, sandbox: sandbox, projectRoot: helpers, spec: Self.spec, specReading: reading)
        let validator = CandidateValidator(
            context: context,
            suite: ValidationSuite(validators: toolchain.validators(for: .generatedCode).filter { $0.name == "tests" }),
            path: "candidate.py")
        let backend = ScriptedBackend(["```python\n\(code)\n```"] + caseReplies.map { "```python\n\($0)\n```" })
        let generator = CodeGenerator(
            backend: backend, check: .full(validator), parameters: GenerationParameters(), maxRepairs: 0,
            toolchain: toolchain, template: try TemplateCatalog.builtin(named: "function", in: PythonToolchain.builtinTemplateTexts),
            requirements: SpecRequirements(spec: Self.spec, reading: reading),
            requirementCases: try RequirementCases(toolchain: toolchain, samples: 3))
        let result = try await generator.generate(spec: Self.spec)
        #expect(result.attempts.first?.passed == true, "\(result.findings)")
        #expect(backend.requests.count == 1 + caseReplies.count)
        // The case samples are asked about the unchecked requirement, by number.
        #expect(backend.requests.last?.messages.last?.content.contains("R1. returns twice its integer argument") == true)
        return result
    }

    @Test func aCaseTwoSamplesAgreeOnAndTheCodeReproducesChecksItsRequirement() async throws {
        let result = try await generate(
            code: "def double(x: int) -> int:\n    return 2 * x",
            caseReplies: [
                "assert double(3) == 6  # R1\nassert double(0) == 1  # R1", "import pytest\nassert double(3)==6  # R1",
                "assert double(4) == 8  # R1",
            ])
        #expect(result.status == .passed)
        let requirement = try #require(result.requirements?.first)
        #expect(requirement.status == .held)
        #expect(requirement.checkedBy == ["agreed case: assert double(3) == 6 (2 of 3 samples)"])
        // Cases only one sample wrote are never run, right (double(4)) or wrong (double(0) == 1).
        #expect(result.requirementCases?.agreed.count == 1)
        #expect(result.requirementCases?.proposed == 4)
    }

    @Test func codeThatContradictsAnAgreedCaseStaysUnverifiedAndSaysWhy() async throws {
        let result = try await generate(
            code: "def double(x: int) -> int:\n    return x + 2",
            caseReplies: ["assert double(3) == 6  # R1", "assert double(3) == 6  # R1", "assert double(3) == 6  # R1"])
        #expect(result.status == .unverified)
        let requirement = try #require(result.requirements?.first)
        #expect(requirement.status == .unchecked)
        #expect(requirement.note?.contains("3 of 3 independent model-written cases expect `assert double(3) == 6`") == true)
        #expect(result.requirementCases?.agreed.first?.outcome == .failed)
    }

    @Test func casesWithoutAgreementCheckNothing() async throws {
        let result = try await generate(
            code: "def double(x: int) -> int:\n    return 2 * x",
            caseReplies: ["assert double(1) == 2  # R1", "assert double(2) == 4  # R1", "no code here"])
        #expect(result.status == .unverified)
        #expect(result.requirementCases?.agreed.isEmpty == true)
    }
}
