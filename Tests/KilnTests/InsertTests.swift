import Foundation
import KilnValidation
import Testing

@Suite("--into: adding code to an existing module", .enabled(if: TestPaths.python != nil))
struct InsertTests {
    static let module = """
        \"\"\"Stats helpers.\"\"\"
        import math

        PRECISION = 3


        def mean(values: list[float]) -> float:
            return round(sum(values) / len(values), PRECISION)

        """

    func toolchain(_ helpers: URL) throws -> PythonToolchain {
        PythonToolchain(python: try #require(TestPaths.python), helperDirectory: helpers)
    }

    @Test func importsGoAfterTheModulesAndCodeAtTheEndWithEveryLineKept() async throws {
        let helpers = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: helpers) }
        let code =
            "import math\nimport statistics\n\n\ndef median(values: list[float]) -> float:\n    return statistics.median(values)\n"
        let combined = try await toolchain(helpers).inserting(code, into: Self.module, moduleName: "stats.py")
        #expect(
            combined == """
                \"\"\"Stats helpers.\"\"\"
                import math
                import statistics

                PRECISION = 3


                def mean(values: list[float]) -> float:
                    return round(sum(values) / len(values), PRECISION)


                def median(values: list[float]) -> float:
                    return statistics.median(values)

                """)
    }

    @Test func aNameTheModuleAlreadyHasIsRefused() async throws {
        let helpers = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: helpers) }
        await #expect {
            _ = try await toolchain(helpers).inserting("def mean(v):\n    return 0\n", into: Self.module, moduleName: "stats.py")
        } throws: { error in
            String(describing: error).contains("`mean` is already defined")
        }
    }
}

@Suite("gen function --into")
struct IntoCommandTests {
    @Test func theFunctionIsAddedAndTheOldFileKept() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try InsertTests.module.write(to: directory.appendingPathComponent("stats.py"), atomically: true, encoding: .utf8)
        let server = try await FakeHTTPServer { _, _ in
            FakeHTTPServer.sse(
                FakeHTTPServer.openAIStream([
                    "```python\ndef spread(values: list[float]) -> float:\n    return max(values) - min(values)\n```"
                ]))
        }
        let run = try await KilnCLI.run(
            [
                "gen", "function",
                "a function named spread that takes a list of floats and returns max minus min; an empty list raises ValueError",
                "--endpoint", server.baseURL + "/v1", "--no-validate", "--into", "stats.py",
            ], in: directory)
        await server.shutdown()
        #expect(run.status == 0, "\(run.stderr)")
        let updated = try String(contentsOf: directory.appendingPathComponent("stats.py"), encoding: .utf8)
        #expect(updated.hasPrefix(InsertTests.module))
        #expect(updated.hasSuffix("def spread(values: list[float]) -> float:\n    return max(values) - min(values)\n"))
        #expect(try String(contentsOf: directory.appendingPathComponent("stats.py.bak"), encoding: .utf8) == InsertTests.module)
    }
}
