import Foundation
import KilnCore
import KilnPipeline
import KilnPrompts
import KilnValidation
import KilnTesting
import Testing

/// A check that rejects input the spec allows (`probes/rejects-valid-input`) is taken out by Kiln
/// itself when nothing else depends on it, and the code is checked again: no model call. The
/// 1.5B's repairs of such a check mostly returned the same code (HumanEval/33 ended `failed` on
/// an element-type check of otherwise right code).
@Suite("Checks Kiln removes by itself", .serialized, .enabled(if: TestPaths.python != nil))
struct RemovedChecksTests {
    /// Every check of generated code, for `spec`, in the temporary project `root`.
    func validator(spec: String, root: URL) async throws -> CandidateValidator {
        let toolchain = try await KilnEnvironment.toolchain()
        let context = ValidationContext(
            toolchain: toolchain, sandbox: Sandbox(isolation: await Sandbox.detect(), readablePaths: toolchain.sandboxReadablePaths),
            projectRoot: root, spec: spec, specReading: try await toolchain.readSpec(spec))
        return CandidateValidator(
            context: context, suite: ValidationSuite(validators: toolchain.validators(for: .generatedCode)), path: "solution.py")
    }

    func check(_ code: String, spec: String) async throws -> CandidateReport {
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        return try await validator(spec: spec, root: root).check(code)
    }

    static let sortThird = """
        def sort_third(items: list) -> list:
            \"\"\"The values at indices divisible by three, sorted; the others as they are.\"\"\"
            if not all(isinstance(x, int) for x in items):
                raise ValueError("Input list must contain only integers.")
            result = list(items)
            result[::3] = sorted(items[::3])
            return result
        """

    static let spec = """
        Write sort_third(items) that returns a copy of the list items whose values at indices divisible by three are sorted, the others unchanged.
        sort_third([1, 2, 3]) == [1, 2, 3]
        sort_third([5, 6, 3, 4, 8, 9, 2]) == [2, 6, 3, 4, 8, 9, 5]
        """

    @Test func anElementTypeCheckTheSpecNeverAskedForIsRemovedAndTheCodePasses() async throws {
        let report = try await check(Self.sortThird, spec: Self.spec)
        #expect(report.passed, "\(report.findings)")
        #expect(report.removedChecks == ["line 3: if not all(isinstance(x, int) for x in items):"])
        #expect(!report.code.contains("isinstance"))
        #expect(report.code.contains("result[::3] = sorted(items[::3])"))
    }

    /// Through the generator: the chosen code is the one without the check, the result says
    /// what went, and no repair was asked for.
    @Test func theGenerationResultSaysWhichChecksWentWithoutAModelCall() async throws {
        let toolchain = try await KilnEnvironment.toolchain()
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let backend = ScriptedBackend(["```python\n\(Self.sortThird)\n```"])
        let generator = CodeGenerator(
            backend: backend, check: .full(try await validator(spec: Self.spec, root: root)),
            parameters: GenerationParameters(), maxRepairs: 1, samples: 1, toolchain: toolchain,
            template: try TemplateCatalog.builtin(named: "function", in: toolchain.builtinTemplates))
        let result = try await generator.generate(spec: Self.spec)
        #expect(result.attempts.count == 1)
        #expect(backend.requests.count == 1)
        #expect(result.attempts.first?.passed == true)
        #expect(result.removedChecks == ["line 3: if not all(isinstance(x, int) for x in items):"])
        #expect(!result.code.contains("isinstance"))
        #expect(
            result.summaryLines.contains(
                "kiln: removed checks that rejected input the spec allows: line 3: if not all(isinstance(x, int) for x in items):"))
    }

    @Test func aCheckTheSpecAsksForStays() async throws {
        let report = try await check(Self.sortThird, spec: Self.spec.replacingOccurrences(of: "the list items", with: "the list of integers items"))
        #expect(report.passed, "\(report.findings)")
        #expect(report.removedChecks.isEmpty)
        #expect(report.code.contains("isinstance"))
    }

    /// After a chain of type tests, `else: raise` stays: without it the other types would vanish
    /// from the result. The finding stays for the repair to handle.
    @Test func anElseRaiseAfterAChainOfTypeTestsIsLeftToTheRepair() async throws {
        let code = """
            def flatten(items: list) -> list:
                \"\"\"One flat list.\"\"\"
                out = []
                for item in items:
                    if isinstance(item, list):
                        out.extend(flatten(item))
                    elif isinstance(item, int):
                        out.append(item)
                    else:
                        raise TypeError("integers only")
                return out
            """
        let report = try await check(
            code, spec: "Write flatten(items) that turns an arbitrarily nested list of lists into one flat list, keeping the order of the values.")
        #expect(report.removedChecks.isEmpty)
        #expect(report.findings.contains { $0.rule == "probes/rejects-valid-input" })
        #expect(report.code.contains("raise TypeError"))
    }
}
