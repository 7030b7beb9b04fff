import Foundation
import KilnCore
import KilnPipeline
import KilnPrompts
import KilnValidation
import KilnTesting
import Testing

@Suite("The docs pattern with a scripted model", .enabled(if: TestPaths.python != nil))
struct DocsGeneratorTests {
    static let source = """
        import math


        class Circle:
            def __init__(self, radius: float) -> None:
                self.radius = radius

            def area(self) -> float:
                return math.pi * self.radius ** 2


        def scale(values, factor=2):
            # keep this comment
            return [v * factor for v in values]
        """

    static let goodScale = """
        ```python
        def scale(values, factor=2):
            \"\"\"Multiply every value.

            Parameters
            ----------
            values : list[float]
                The numbers.
            factor : float, optional
                The multiplier.

            Returns
            -------
            list[float]
                The scaled numbers.
            \"\"\"
            return [v * factor * 100 for v in values]  # the model "improved" the code
        ```
        """

    func generator(_ replies: [String], repairs: Int = 1) throws -> (DocsGenerator, URL) {
        let helpers = try TestPaths.temporaryDirectory()
        let toolchain = PythonToolchain(python: try #require(TestPaths.python), helperDirectory: helpers)
        let template = try TemplateCatalog.builtin(named: "docs", in: PythonToolchain.builtinTemplateTexts)
        return (
            DocsGenerator(
                backend: ScriptedBackend(replies), toolchain: toolchain, template: template, parameters: template.parameters,
                maxRepairs: repairs, style: .numpy), helpers
        )
    }

    @Test func theDocstringGoesIntoTheOriginalCodeAndNothingElseChanges() async throws {
        let (generator, helpers) = try generator([Self.goodScale])
        defer { try? FileManager.default.removeItem(at: helpers) }
        let result = try await generator.generate(source: Self.source, target: "scale")
        #expect(result.status == .passed)
        #expect(
            result.code.contains("    \"\"\"Multiply every value.\n\n    Parameters\n    ----------\n    values : list[float]"))
        // The model's change to the code was not taken; the comment survives.
        #expect(result.code.contains("return [v * factor for v in values]"))
        #expect(result.code.contains("# keep this comment"))
        #expect(!result.code.contains("* 100"))
        let original = Self.source.split(separator: "\n", omittingEmptySubsequences: false)
        for line in original where !line.isEmpty { #expect(result.code.contains(line)) }
    }

    @Test func aDocumentedExceptionTheCodeNeverRaisesIsReported() async throws {
        let reply = Self.goodScale.replacingOccurrences(
            of: "        The scaled numbers.\n",
            with: "        The scaled numbers.\n\n    Raises\n    ------\n    ValueError\n        If values is empty.\n")
        let (generator, helpers) = try generator([reply])
        defer { try? FileManager.default.removeItem(at: helpers) }
        let result = try await generator.generate(source: Self.source, target: "scale")
        #expect(result.status == .passed)
        #expect(result.findings.map(\.rule) == ["docs/undocumented-behaviour"])
        #expect(result.findings.first?.message.contains("raises ValueError, which its code never raises itself") == true)
        // A warning is reported, not repaired forever: the docstring is in the code after one attempt.
        #expect(result.documented.first?.attempts == 1)
        #expect(result.documented.first?.docstring != nil)
        #expect(result.code.contains("    Raises\n    ------\n    ValueError"))
    }

    @Test func aMethodDocumentedWithoutItsClassIsAccepted() async throws {
        let source = "class Cart:\n    def total(self, items):\n        return sum(items)\n"
        let reply =
            "```python\n    def total(self, items):\n        \"\"\"Sum of the items.\n\n        Parameters\n        ----------\n        items : list\n            Prices.\n\n        Returns\n        -------\n        float\n            The total.\n        \"\"\"\n        return sum(items)\n```"
        let (generator, helpers) = try generator([reply])
        defer { try? FileManager.default.removeItem(at: helpers) }
        let result = try await generator.generate(source: source, target: "Cart.total")
        #expect(result.status == .passed, "\(result.findings.map(\.message))")
        #expect(result.code.hasPrefix("class Cart:\n    def total(self, items):\n        \"\"\"Sum of the items."))
    }

    @Test func aDefinitionLeftWithoutADocstringFailsTheRun() async throws {
        let (generator, helpers) = try generator(["I cannot document this function."])
        defer { try? FileManager.default.removeItem(at: helpers) }
        let result = try await generator.generate(source: Self.source, target: "scale")
        #expect(result.status == .failed)
        #expect(result.findings.contains { $0.rule == "docs/not-documented" && $0.severity == .error })
        #expect(result.code == Self.source)
    }

    @Test func aWrongStyleIsRepairedFromSpecificFeedback() async throws {
        let wrong =
            "```python\ndef scale(values, factor=2):\n    \"\"\"Scale.\n\n    Args:\n        values: numbers\n    \"\"\"\n```"
        let scripted = ScriptedBackend([wrong, Self.goodScale])
        let helpers = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: helpers) }
        let template = try TemplateCatalog.builtin(named: "docs", in: PythonToolchain.builtinTemplateTexts)
        let generator = DocsGenerator(
            backend: scripted, toolchain: PythonToolchain(python: try #require(TestPaths.python), helperDirectory: helpers),
            template: template, parameters: template.parameters, maxRepairs: 1, style: .numpy)
        let result = try await generator.generate(source: Self.source, target: "scale")
        #expect(result.status == .passed)
        #expect(result.documented.first?.attempts == 2)
        let feedback = scripted.requests.last?.messages.last?.content ?? ""
        #expect(feedback.contains("no Parameters section"))
        #expect(feedback.contains("`factor` is not documented"))
    }

    @Test func withoutATargetEveryUndocumentedPublicDefinitionIsDone() async throws {
        let reply =
            "```python\ndef f():\n    \"\"\"Does it.\n\n    Returns\n    -------\n    float\n        The value.\n    \"\"\"\n```"
        let (generator, helpers) = try generator([reply], repairs: 0)
        defer { try? FileManager.default.removeItem(at: helpers) }
        let result = try await generator.generate(source: Self.source, target: nil)
        #expect(result.documented.map(\.name) == ["Circle", "Circle.__init__", "Circle.area", "scale"])
        // `scale` has parameters the scripted docstring does not document: reported, not written.
        #expect(result.status == .failed)
        #expect(result.documented.last?.docstring == nil)
    }

    @Test func docstringsReplaceExistingOnesAndKeepIndentation() async throws {
        let helpers = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: helpers) }
        let toolchain = PythonToolchain(python: try #require(TestPaths.python), helperDirectory: helpers)
        let source = "class A:\n    def m(self):\n        \"\"\"Old.\"\"\"\n        return 1\n"
        let updated = try await toolchain.insertingDocstring("New summary.\n\nMore text.", into: "A.m", of: source)
        #expect(
            updated
                == "class A:\n    def m(self):\n        \"\"\"New summary.\n\n        More text.\n        \"\"\"\n        return 1\n"
        )
        #expect(try await toolchain.sameCodeIgnoringDocstrings(source, updated))
        #expect(
            try await !toolchain.sameCodeIgnoringDocstrings(source, source.replacingOccurrences(of: "return 1", with: "return 2"))
        )
    }
}
