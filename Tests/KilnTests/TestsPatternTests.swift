import Foundation
import KilnCore
import KilnPipeline
import KilnPrompts
import KilnValidation
import KilnTesting
import Testing

@Suite("The tests pattern with a scripted model")
struct TestsPatternTests {
    static let source = SourceFile(
        path: "mathutils.py",
        code: """
            def factorial(n: int) -> int:
                \"\"\"Return n! for n >= 0; raise ValueError for negative n.\"\"\"
                if n < 0:
                    raise ValueError("n must be non-negative")
                result = 1
                for i in range(2, n + 1):
                    result *= i
                return result
            """)

    static func reply(_ expected: Int) -> String {
        "```python\nimport pytest\nfrom mathutils import factorial\n\n\ndef test_factorial_five():\n    assert factorial(5) == \(expected)\n\n\ndef test_factorial_negative():\n    with pytest.raises(ValueError):\n        factorial(-1)\n```"
    }

    func generator(_ replies: [String], repairs: Int) async throws -> (CodeGenerator, ScriptedBackend) {
        let toolchain = try await KilnEnvironment.toolchain()
        let check = GeneratedTestsCheck(
            toolchain: toolchain, sandbox: Sandbox(isolation: await Sandbox.detect(), readablePaths: toolchain.sandboxReadablePaths),
            source: Self.source, functions: ["factorial"])
        let backend = ScriptedBackend(replies)
        let template = try TemplateCatalog.builtin(named: "tests", in: PythonToolchain.builtinTemplateTexts)
        return (
            CodeGenerator(
                backend: backend, check: .custom { try await check.check($0) }, parameters: template.parameters,
                maxRepairs: repairs, samples: 1, toolchain: toolchain, template: template), backend
        )
    }

    static let fields = ["source": source.code, "module": "mathutils", "functions": "factorial"]

    @Test func aWrongExpectationIsFedBackAndFixed() async throws {
        let (generator, backend) = try await generator([Self.reply(100), Self.reply(120)], repairs: 1)
        let result = try await generator.generate(fields: Self.fields)
        #expect(result.status == .passed)
        #expect(result.tests.map(\.outcome) == [.passed, .passed])
        let feedback = backend.requests.last?.messages.last?.content ?? ""
        #expect(feedback.contains("test_factorial_five fails against mathutils.py"))
        #expect(feedback.contains("120"))
    }

    @Test func aTestThatKeepsFailingIsReportedNotDroppedOrKept() async throws {
        let (generator, _) = try await generator([Self.reply(100)], repairs: 1)
        let result = try await generator.generate(fields: Self.fields)
        #expect(result.status == .failed)
        #expect(
            result.findings.contains { $0.rule == "tests/fails-against-source" && $0.message.contains("mathutils.py has a bug") })
        #expect(result.code.contains("factorial(5) == 100"))
    }

    @Test func aFunctionWithoutTestsIsAProblem() async throws {
        let toolchain = try await KilnEnvironment.toolchain()
        let check = GeneratedTestsCheck(
            toolchain: toolchain, sandbox: Sandbox(isolation: await Sandbox.detect(), readablePaths: toolchain.sandboxReadablePaths),
            source: Self.source, functions: ["factorial", "gamma"])
        let report = try await check.check(toolchain.codeExtractor.extract(from: Self.reply(120)))
        #expect(report.findings.map(\.rule) == ["tests/untested-function"])
        #expect(report.tests.count == 2)
    }
}
