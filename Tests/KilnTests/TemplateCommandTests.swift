import Foundation
import KilnSystem
import Testing

@Suite("Repository templates reach the model and the result")
struct TemplateCommandTests {
    @Test func aRepositoryTemplateOverridesTheBuiltInAndItsHashIsRecorded() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent(".git"), withIntermediateDirectories: true)
        let created = try await KilnCLI.run(["prompt", "new", "function"], in: directory)
        #expect(created.status == 0, "\(created.stderr)")
        let file = directory.appendingPathComponent(".kiln/prompts/function.md")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: #"version: [0-9.]+"#, with: "version: 3.0.0", options: .regularExpression)
            .replacingOccurrences(of: "You are a senior", with: "TEAM RULE 7. You are a senior")
        try text.write(to: file, atomically: true, encoding: .utf8)

        let server = try await FakeHTTPServer { _, _ in
            FakeHTTPServer.sse(
                FakeHTTPServer.openAIStream([
                    "```python\ndef median(xs: list[float]) -> float:\n    return sorted(xs)[len(xs) // 2]\n```"
                ]))
        }
        let run = try await KilnCLI.run(
            [
                "gen", "function", "a function named median that takes a list of floats and returns the middle value",
                "--endpoint",
                server.baseURL + "/v1", "--model", "fake", "--no-validate", "--json",
            ], in: directory)
        await server.shutdown()
        #expect(run.status == 0, "\(run.stderr)")
        let prompt = try #require(run.json?["prompt"] as? [String: Any])
        #expect(prompt["version"] as? String == "3.0.0")
        #expect(prompt["sha256"] as? String == FileDigest.sha256(of: Data(text.utf8)))
        #expect((prompt["source"] as? String)?.hasSuffix(".kiln/prompts/function.md") == true)
        let system = ((server.requests.first?.json?["messages"] as? [[String: String]])?.first)?["content"]
        #expect(system?.hasPrefix("TEAM RULE 7.") == true)
        #expect(run.json?["status"] as? String == "unvalidated")
    }
}
