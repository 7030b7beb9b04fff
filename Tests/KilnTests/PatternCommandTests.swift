import Foundation
import Testing

/// The pattern commands end to end with a fake model server: argument handling, files written
/// with backups, exit codes.
@Suite("gen docs, tests and refactor on the command line")
struct PatternCommandTests {
    static func server(_ reply: String) async throws -> FakeHTTPServer {
        try await FakeHTTPServer { _, _ in FakeHTTPServer.sse(FakeHTTPServer.openAIStream([reply])) }
    }

    @Test func genDocsRewritesTheFileInPlaceWithABackup() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let original = "def scale(values, factor=2):\n    return [v * factor for v in values]\n"
        try original.write(to: directory.appendingPathComponent("util.py"), atomically: true, encoding: .utf8)
        let server = try await Self.server(
            "```python\ndef scale(values, factor=2):\n    \"\"\"Scale values.\n\n    Parameters\n    ----------\n    values : list\n        Numbers.\n    factor : int\n        Multiplier.\n\n    Returns\n    -------\n    list\n        Scaled numbers.\n    \"\"\"\n```"
        )
        let run = try await KilnCLI.run(
            ["gen", "docs", "util.py::scale", "--endpoint", server.baseURL + "/v1", "--json"], in: directory)
        await server.shutdown()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.json?["status"] as? String == "passed")
        let updated = try String(contentsOf: directory.appendingPathComponent("util.py"), encoding: .utf8)
        #expect(updated.contains("    \"\"\"Scale values.\n\n    Parameters\n    ----------"))
        #expect(updated.hasSuffix("    return [v * factor for v in values]\n"))
        #expect(try String(contentsOf: directory.appendingPathComponent("util.py.bak"), encoding: .utf8) == original)
    }

    @Test func genTestsWritesOnlyTestsThatPass() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "def double(x: int) -> int:\n    return 2 * x\n".write(
            to: directory.appendingPathComponent("calc.py"), atomically: true, encoding: .utf8)
        let wrong = try await Self.server(
            "```python\nfrom calc import double\n\n\ndef test_double():\n    assert double(2) == 5\n```")
        let failed = try await KilnCLI.run(
            ["gen", "tests", "calc.py", "--out", "test_calc.py", "--max-repairs", "0", "--endpoint", wrong.baseURL + "/v1"],
            in: directory)
        await wrong.shutdown()
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("possible bug") || failed.stderr.contains("has a bug"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("test_calc.py").path))

        let right = try await Self.server(
            "```python\nfrom calc import double\n\n\ndef test_double():\n    assert double(2) == 4\n```")
        let passed = try await KilnCLI.run(
            ["gen", "tests", "calc.py", "--out", "test_calc.py", "--endpoint", right.baseURL + "/v1"], in: directory)
        await right.shutdown()
        #expect(passed.status == 0, "\(passed.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("test_calc.py").path))
    }

    @Test func aTestThatStillFailsIsKeptMarkedXfailWhenTheOthersPass() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "def double(x: int) -> int:\n    return 2 * x\n".write(
            to: directory.appendingPathComponent("calc.py"), atomically: true, encoding: .utf8)
        let reply =
            "```python\nfrom calc import double\n\n\ndef test_double_two():\n    assert double(2) == 4\n\n\ndef test_double_three():\n    assert double(3) == 7\n```"
        let strict = try await Self.server(reply)
        let refused = try await KilnCLI.run(
            [
                "gen", "tests", "calc.py", "--out", "test_calc.py", "--max-repairs", "0", "--no-xfail", "--endpoint",
                strict.baseURL + "/v1",
            ],
            in: directory)
        await strict.shutdown()
        #expect(refused.status == 1)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("test_calc.py").path))

        let server = try await Self.server(reply)
        let run = try await KilnCLI.run(
            [
                "gen", "tests", "calc.py", "--out", "test_calc.py", "--max-repairs", "0", "--json", "--endpoint",
                server.baseURL + "/v1",
            ],
            in: directory)
        await server.shutdown()
        #expect(run.status == 0, "\(run.stderr)")
        let written = try String(contentsOf: directory.appendingPathComponent("test_calc.py"), encoding: .utf8)
        // The failing test is still there, marked, with the failure as the reason; the passing one is untouched.
        #expect(written.hasPrefix("import pytest\n"))
        // (ruff formats the delivered file, so the decorator may span lines.)
        #expect(written.contains("@pytest.mark.xfail("))
        #expect(written.contains("reason=\"kiln: fails against calc.py: assert 6 == 7"))
        #expect(written.contains("\ndef test_double_two():\n    assert double(2) == 4\n"))
        #expect(written.contains("def test_double_three():\n    assert double(3) == 7\n"))
        let findings = run.json?["findings"] as? [[String: Any]] ?? []
        let warning = findings.first { $0["rule"] as? String == "tests/expected-failure" }
        #expect(warning?["severity"] as? String == "warning")
        #expect((warning?["message"] as? String)?.contains("test_double_three fails against calc.py") == true)
        let outcomes = (run.json?["tests"] as? [[String: Any]] ?? []).compactMap { $0["outcome"] as? String }.sorted()
        #expect(outcomes == ["passed", "skipped"])
    }

    @Test func codeWhoseResultNothingCheckedIsUnverifiedNotPassed() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let reply = "```python\ndef double(x: int) -> int:\n    \"\"\"Twice x.\"\"\"\n    return 2 * x\n```"
        let server = try await Self.server(reply)
        let unchecked = try await KilnCLI.run(
            [
                "gen", "function", "a function named double that takes an int x and returns 2 * x as an int", "--json",
                "--endpoint", server.baseURL + "/v1",
            ], in: directory)
        let checked = try await KilnCLI.run(
            [
                "gen", "function", "a function named double that takes an int x and returns 2 * x as an int; double(2) == 4",
                "--json", "--endpoint", server.baseURL + "/v1",
            ], in: directory)
        await server.shutdown()
        // Without an example nothing that ran states what double returns: unverified, exit 6,
        // naming the requirement; with one, every requirement was checked: passed, exit 0.
        #expect(unchecked.status == 6, "\(unchecked.stderr)")
        #expect(unchecked.json?["status"] as? String == "unverified")
        let requirements = unchecked.json?["requirements"] as? [[String: Any]] ?? []
        #expect(requirements.map { $0["text"] as? String } == ["takes an int x", "returns 2 * x as an int"])
        #expect(requirements.map { $0["status"] as? String } == ["unchecked", "unchecked"])
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(checked.json?["status"] as? String == "passed")
        let held = checked.json?["requirements"] as? [[String: Any]] ?? []
        #expect(held.count == 3 && held.allSatisfy { $0["status"] as? String == "held" }, "\(held)")
    }

    @Test func genRefactorNeedsATarget() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try await KilnCLI.run(["gen", "refactor", "users.py", "make it faster"], in: directory)
        #expect(run.status == 64)
        #expect(run.stderr.contains("SRC.py::name"))
    }

    /// A small package: `shop/cart.py` imports `shop/prices.py`; the repository's test lives in `tests/`.
    static func shop() throws -> URL {
        let directory = try TestPaths.temporaryDirectory()
        let files = [
            "shop/__init__.py": "",
            "shop/prices.py":
                "def with_tax(amount: float) -> float:\n    \"\"\"The amount with 20% tax.\"\"\"\n    return round(amount * 1.2, 2)\n",
            "shop/cart.py":
                "from shop.prices import with_tax\n\n\ndef total(items):\n    s = 0\n    for i in items:\n        s += with_tax(i)\n    return s\n",
            "tests/test_cart.py":
                "from shop.cart import total\n\n\ndef test_total():\n    assert total([10, 20]) == 36.0\n\n\ndef test_empty():\n    assert total([]) == 0\n",
        ]
        for (path, text) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return directory
    }

    @Test func refactorRunsRepositoryTestsThatImportOtherProjectModules() async throws {
        let directory = try Self.shop()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await Self.server("```python\ndef total(items):\n    return sum(with_tax(i) for i in items)\n```")
        let run = try await KilnCLI.run(
            ["gen", "refactor", "shop/cart.py::total", "use sum", "--endpoint", server.baseURL + "/v1", "--json"], in: directory)
        let prompt = server.requests.first?.body ?? ""
        await server.shutdown()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.json?["behaviour_oracle"] as? String == "repository tests")
        // Both tests import the package, which exists only in the project layout: they ran and passed.
        #expect((run.json?["oracle_tests_kept"] as? [String])?.count == 2)
        // The imported module's outline reached the model, and the result names it.
        #expect(prompt.contains("def with_tax(amount: float) -> float:"))
        let context = (run.json?["prompt"] as? [String: Any])?["context_files"] as? [String]
        #expect(context == ["shop/cart.py", "shop/prices.py"])
        let updated = try String(contentsOf: directory.appendingPathComponent("shop/cart.py"), encoding: .utf8)
        #expect(updated.contains("return sum(with_tax(i) for i in items)"))
    }

    @Test func genTestsSeesImportedModulesAndImportsThePackagePath() async throws {
        let directory = try Self.shop()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await Self.server(
            "```python\nfrom shop.cart import total\n\n\ndef test_total_adds_tax():\n    assert total([10]) == 12.0\n```")
        let run = try await KilnCLI.run(
            ["gen", "tests", "shop/cart.py", "--out", "tests/test_total.py", "--endpoint", server.baseURL + "/v1", "--json"],
            in: directory)
        let prompt = server.requests.first?.body ?? ""
        await server.shutdown()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(prompt.contains("from shop.cart import"))
        #expect(prompt.contains("def with_tax(amount: float) -> float:"))
        let context = (run.json?["prompt"] as? [String: Any])?["context_files"] as? [String]
        #expect(context == ["shop/prices.py"])
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("tests/test_total.py").path))
    }
}
