import Foundation
import KilnCore
import KilnModels
import KilnPipeline
import KilnSystem
import KilnTesting
import KilnValidation
import Testing

/// The library flows behind the editor: a stub implemented in place, and fill-in-the-middle
/// completions screened, with the real Python toolchain and sandbox and a scripted model.
@Suite("Editor flows with the real Python toolchain")
struct EditorFlowTests {
    static func workbench(_ root: URL, _ backend: ScriptedBackend) async throws -> Workbench {
        Workbench(
            root: root, paths: KilnPaths.fromEnvironment(), progress: ProgressReporter(mode: .silent),
            configuration: KilnConfiguration(), toolchainOverride: try await KilnEnvironment.toolchain(),
            backendOverride: backend)
    }

    static let module = """
        import subprocess


        def run(cmd):
            return subprocess.call(cmd, shell=True)


        def count_vowels(text: str) -> int:
            \"\"\"Return how many vowels (a, e, i, o, u, either case) text has.

            >>> count_vowels("Hello World")
            3
            \"\"\"
            ...

        """

    @Test func aStubIsJudgedOnlyOnWhatItsImplementationChanges() async throws {
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.module.write(to: root.appendingPathComponent("text_tools.py"), atomically: true, encoding: .utf8)
        // The first reply counts wrong; the repair is right, imports what it needs and rewrites the
        // docstring, which Kiln puts back as the user wrote it.
        let backend = ScriptedBackend([
            "```python\ndef count_vowels(text: str) -> int:\n    return 0\n```",
            "```python\nimport re\n\n\ndef count_vowels(text: str) -> int:\n    \"\"\"Count vowels.\"\"\"\n    return len(re.findall(r\"[aeiou]\", text, re.IGNORECASE))\n```",
        ])
        let outcome = try await GenerationService(workbench: try await Self.workbench(root, backend)).generate(
            GenerationRequest(task: .implement(source: "text_tools.py", target: "count_vowels"), output: .returned))
        guard case .code(let result) = outcome else { Issue.record("not a code result"); return }
        // The module's own shell=True is not this generation's doing: it passes.
        #expect(result.status == .passed, "\(result.attempts.map(\.findings))")
        #expect(result.attempts.count == 2)
        #expect(result.attempts[0].tests.contains { $0.name == "test_spec_example_1" && $0.outcome == .failed })
        #expect(result.code.hasPrefix("import re\nimport subprocess\n") || result.code.hasPrefix("import subprocess\nimport re\n"))
        #expect(result.code.contains("    >>> count_vowels(\"Hello World\")"))
        #expect(!result.code.contains("Count vowels."))
        #expect(result.code.contains("return subprocess.call(cmd, shell=True)"))
        // .returned: the file is as it was.
        #expect(try String(contentsOf: root.appendingPathComponent("text_tools.py"), encoding: .utf8) == Self.module)
    }

    @Test func aDefinitionWithABodyIsNotAStub() async throws {
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.module.write(to: root.appendingPathComponent("text_tools.py"), atomically: true, encoding: .utf8)
        let backend = ScriptedBackend([])
        await #expect(throws: InputError.self) {
            _ = try await GenerationService(workbench: try await Self.workbench(root, backend)).generate(
                GenerationRequest(task: .implement(source: "text_tools.py", target: "run"), output: .returned))
        }
        #expect(backend.requests.isEmpty)
    }

    @Test func completionsAreTrimmedToWhatParsesAndScreenedForSecretsAndImports() async throws {
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let prefix = "def add(a: int, b: int) -> int:\n    return "
        let backend = ScriptedBackend(
            [],
            infillReplies: [
                "a + b\n\n\ndef divide(a, b",  // cut off by the token limit: the finished statement is offered
                "a + b  # token = \"ghp_R8v2KqL0xZ7mN4pT9wY3bC6dF1gH5jS2aE8u\"",
                "a + b\n\n\nimport requestz\n",
                "(a +",
            ])
        let service = InlineCompletionService(workbench: try await Self.workbench(root, backend))
        let request = InlineCompletionService.Request(path: "calc.py", prefix: prefix, suffix: "\n")
        let trimmed = try await service.complete(request)
        #expect(trimmed.text == "a + b")
        let secret = try await service.complete(request)
        #expect(secret.text == nil)
        #expect(secret.refusals.contains { $0.hasPrefix("secret/") })
        let typo = try await service.complete(request)
        #expect(typo.text == nil)
        #expect(typo.refusals.contains { $0.contains("requestz") })
        let broken = try await service.complete(request)
        #expect(broken.text == nil)
        #expect(broken.refusals.first?.hasPrefix("syntax") == true)
        #expect(backend.infillRequests.first?.prefix == prefix)
    }
}
