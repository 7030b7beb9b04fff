import Foundation
import KilnCore
import KilnPipeline
import KilnPrompts
import KilnValidation
import KilnTesting
import Testing

@Suite("The refactor pattern with a scripted model")
struct RefactorGeneratorTests {
    static let source = SourceFile(
        path: "users.py",
        code: """
            \"\"\"User helpers.\"\"\"


            def get_user_names(users):
                result = []
                for user in users:
                    result.append(user["name"])
                return result


            def count_users(users):
                return len(users)
            """)

    static let repositoryTests = [
        SourceFile(
            path: "test_users.py",
            code: """
                from users import count_users, get_user_names


                def test_names():
                    assert get_user_names([{"name": "a"}, {"name": "b"}]) == ["a", "b"]


                def test_empty():
                    assert get_user_names([]) == []


                def test_count():
                    assert count_users([{}, {}]) == 2
                """)
    ]

    func generator(_ replies: [String]) async throws -> (RefactorGenerator, ScriptedBackend) {
        let toolchain = try await KilnEnvironment.toolchain()
        let backend = ScriptedBackend(replies)
        return (
            RefactorGenerator(
                backend: backend, toolchain: toolchain,
                sandbox: Sandbox(isolation: await Sandbox.detect(), readablePaths: toolchain.sandboxReadablePaths),
                template: try TemplateCatalog.builtin(named: "refactor", in: PythonToolchain.builtinTemplateTexts),
                testsTemplate: try TemplateCatalog.builtin(named: "tests", in: PythonToolchain.builtinTemplateTexts), maxRepairs: 1), backend
        )
    }

    static let comprehension =
        "```python\ndef get_user_names(users):\n    \"\"\"Names of the users.\"\"\"\n    return [user[\"name\"] for user in users]\n```"
    static let broken = "```python\ndef get_user_names(users):\n    return [user[\"name\"] for user in users[1:]]\n```"

    @Test func onlyTheTargetChangesAndTheRepositoryTestsStillPass() async throws {
        let (generator, _) = try await generator([Self.comprehension])
        let result = try await generator.generate(
            source: Self.source, target: "get_user_names", instruction: "use a list comprehension",
            repositoryTests: Self.repositoryTests)
        #expect(result.status == .passed)
        #expect(result.behaviourOracle == "repository tests")
        #expect(
            result.code
                == Self.source.code.replacingOccurrences(
                    of: "    result = []\n    for user in users:\n        result.append(user[\"name\"])\n    return result",
                    with: "    \"\"\"Names of the users.\"\"\"\n    return [user[\"name\"] for user in users]"))
        #expect(result.oracleTestsKept == ["test_count", "test_empty", "test_names"])
    }

    @Test func aBehaviourChangeIsCaughtAndFedBack() async throws {
        let (generator, backend) = try await generator([Self.broken, Self.comprehension])
        let result = try await generator.generate(
            source: Self.source, target: "get_user_names", instruction: "use a list comprehension",
            repositoryTests: Self.repositoryTests)
        #expect(result.status == .passed)
        #expect(result.attempts == 2)
        let feedback = backend.requests.last?.messages.last?.content ?? ""
        #expect(feedback.contains("behaviour changed: test_names passed before the rewrite and fails after it"))
    }

    /// A rewrite that ends the test process before pytest writes its report (status 0, no results)
    /// has shown nothing; it must not pass as "no test failed".
    @Test func aRewriteThatStopsTheTestRunIsNotAccepted() async throws {
        let exits = "```python\ndef get_user_names(users):\n    __import__(\"os\")._exit(0)\n```"
        let (generator, backend) = try await generator([exits, exits])
        let result = try await generator.generate(
            source: Self.source, target: "get_user_names", instruction: "use a list comprehension",
            repositoryTests: Self.repositoryTests)
        #expect(result.status == .failed)
        #expect(result.code == Self.source.code)
        #expect(Set(result.findings.map(\.rule)) == ["refactor/behaviour-changed"])
        #expect(result.findings.count == 3)
        let feedback = backend.requests.last?.messages.last?.content ?? ""
        #expect(feedback.contains("test_names passed before the rewrite and did not pass after it"))
    }

    @Test func whenNoRepositoryTestPassesBeforehandTheErrorSaysWhy() async throws {
        let wrong = [
            SourceFile(
                path: "test_users.py",
                code: "from users import count_users\n\n\ndef test_count():\n    assert count_users([]) == 1\n")
        ]
        let (generator, backend) = try await generator([Self.comprehension])
        await #expect {
            try await generator.generate(
                source: Self.source, target: "get_user_names", instruction: "use a list comprehension", repositoryTests: wrong)
        } throws: { error in
            let text = String(describing: error)
            return text.contains("no repository tests pass against the original get_user_names")
                && text.contains("test_count failed: assert 0 == 1")
        }
        #expect(backend.requests.isEmpty)
    }

    @Test func newImportsAreRefusedBecauseTheyWouldChangeOtherLines() async throws {
        let withImport =
            "```python\nimport operator\n\n\ndef get_user_names(users):\n    return list(map(operator.itemgetter(\"name\"), users))\n```"
        let (generator, _) = try await generator([withImport])
        let result = try await generator.generate(
            source: Self.source, target: "get_user_names", instruction: "use operator", repositoryTests: Self.repositoryTests)
        #expect(result.status == .failed)
        #expect(result.findings.map(\.rule) == ["refactor/new-import"])
        #expect(result.code == Self.source.code)
    }

    @Test func aRewriteIdenticalToTheOriginalIsNotAccepted() async throws {
        let original =
            "```python\ndef get_user_names(users):\n    result = []\n    for user in users:\n        result.append(user[\"name\"])\n    return result\n```"
        let (generator, backend) = try await generator([original, Self.comprehension])
        let result = try await generator.generate(
            source: Self.source, target: "get_user_names", instruction: "use a list comprehension",
            repositoryTests: Self.repositoryTests)
        #expect(result.status == .passed)
        #expect(result.attempts == 2)
        #expect(backend.requests.last?.messages.last?.content.contains("identical to the original") == true)
    }

    @Test func aMethodRewrittenAtItsClassIndentationIsAccepted() async throws {
        let source = SourceFile(
            path: "cart.py",
            code:
                "class Cart:\n    def total(self, items):\n        s = 0\n        for i in items:\n            s += i\n        return s\n"
        )
        let tests = [
            SourceFile(
                path: "test_cart.py",
                code:
                    "from cart import Cart\n\n\ndef test_total():\n    assert Cart().total([1, 2]) == 3\n\n\ndef test_empty():\n    assert Cart().total([]) == 0\n"
            )
        ]
        // The model quotes the method as it sits in the class, indented.
        let (generator, _) = try await generator(["```python\n    def total(self, items):\n        return sum(items)\n```"])
        let result = try await generator.generate(
            source: source, target: "Cart.total", instruction: "use sum", repositoryTests: tests)
        #expect(result.status == .passed, "\(result.findings.map(\.message))")
        #expect(result.code == "class Cart:\n    def total(self, items):\n        return sum(items)\n")
    }

    @Test func methodsAreSplicedAtTheirIndentation() async throws {
        let python = try await KilnEnvironment.python()
        let toolchain = PythonToolchain(python: python, helperDirectory: KilnEnvironment.helpers())
        let source =
            "class Cart:\n    def total(self, items):\n        s = 0\n        for i in items:\n            s += i\n        return s\n\n\nX = 1\n"
        let updated = try await toolchain.replacingDefinition(
            "Cart.total", in: source, with: "def total(self, items):\n    return sum(items)\n")
        #expect(updated == "class Cart:\n    def total(self, items):\n        return sum(items)\n\n\nX = 1\n")
    }
}
