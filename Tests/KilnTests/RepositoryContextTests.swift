import Foundation
import KilnValidation
import Testing

@Suite("Repository context read with ast", .enabled(if: TestPaths.python != nil))
struct RepositoryContextTests {
    static func repository() throws -> URL {
        let root = try TestPaths.temporaryDirectory()
        try """
        \"\"\"Domain types.\"\"\"
        from dataclasses import dataclass

        MAX_AGE = 150


        @dataclass
        class User:
            \"\"\"A registered user.\"\"\"
            name: str
            email: str
            age: int

            def display_name(self) -> str:
                \"\"\"Name for the UI.\"\"\"
                return self.name.title()
        """.write(to: root.appendingPathComponent("models.py"), atomically: true, encoding: .utf8)
        try """
        from models import User


        def find_adults(users: list[User]) -> list[User]:
            \"\"\"Users of age 18 or more.\"\"\"
            secret_detail = [u for u in users if u.age >= 18]
            return secret_detail
        """.write(to: root.appendingPathComponent("service.py"), atomically: true, encoding: .utf8)
        return root
    }

    func toolchain(_ helpers: URL) throws -> PythonToolchain {
        PythonToolchain(python: try #require(TestPaths.python), helperDirectory: helpers)
    }

    @Test func outlinesTheFileAndTheModulesItImports() async throws {
        let root = try Self.repository()
        defer { try? FileManager.default.removeItem(at: root) }
        let context = try await toolchain(root).repositoryContext(
            files: [root.appendingPathComponent("service.py")], root: root, budgetCharacters: 10_000)
        #expect(context.outlines.map(\.path) == ["service.py", "models.py"])
        let text = context.rendered
        #expect(text.contains("def find_adults(users: list[User]) -> list[User]:"))
        #expect(text.contains("\"\"\"Users of age 18 or more.\"\"\""))
        #expect(text.contains("class User:"))
        #expect(text.contains("    age: int"))
        #expect(text.contains("    def display_name(self) -> str:"))
        #expect(text.contains("MAX_AGE = 150"))
        // Bodies are not context: signatures and docstrings are.
        #expect(!text.contains("secret_detail"))
        #expect(!text.contains("title()"))
    }

    @Test func theBudgetDropsTheLeastRelevantFirst() async throws {
        let root = try Self.repository()
        defer { try? FileManager.default.removeItem(at: root) }
        let full = try await toolchain(root).repositoryContext(
            files: [root.appendingPathComponent("service.py")], root: root, budgetCharacters: 10_000)
        let budget = (full.outlines.first?.text.count ?? 0) + 10
        let cut = try await toolchain(root).repositoryContext(
            files: [root.appendingPathComponent("service.py")], root: root, budgetCharacters: budget)
        #expect(cut.outlines.map(\.path) == ["service.py"])
        #expect(cut.omitted == ["models.py"])
    }
}

@Suite("--context reaches the model")
struct ContextCommandTests {
    @Test func theOutlineAndTheProjectsLibrariesAreInThePrompt() async throws {
        let root = try RepositoryContextTests.repository()
        defer { try? FileManager.default.removeItem(at: root) }
        try "requests>=2\n".write(to: root.appendingPathComponent("requirements.txt"), atomically: true, encoding: .utf8)
        let server = try await FakeHTTPServer { _, _ in
            FakeHTTPServer.sse(
                FakeHTTPServer.openAIStream(["```python\ndef oldest(users):\n    return max(users, key=lambda u: u.age)\n```"]))
        }
        let run = try await KilnCLI.run(
            [
                "gen", "function",
                "a function named oldest that takes a list of User and returns the oldest one; an empty list raises ValueError",
                "--context", "service.py", "--endpoint", server.baseURL + "/v1", "--no-validate", "--json",
            ], in: root)
        await server.shutdown()
        #expect(run.status == 0, "\(run.stderr)")
        let user = ((server.requests.first?.json?["messages"] as? [[String: String]])?.last)?["content"] ?? ""
        #expect(user.contains("class User:"))
        #expect(user.contains("def find_adults"))
        #expect(user.contains("Third-party libraries the project has: requests. Use no others."))
        #expect(run.stderr.contains("kiln: context: service.py, models.py"))
    }
}
