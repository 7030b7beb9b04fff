import Foundation
import KilnCore
import KilnModels
import KilnPipeline
import KilnSystem
import KilnTesting
import Testing

/// `KILN_TRACE`: every exchange with the model is appended as one JSON line, as it was sent.
@Suite("Model exchanges traced to a file")
struct TracingBackendTests {
    /// A model that writes part of a reply and then dies.
    struct DyingBackend: ModelBackend {
        struct Died: Error, CustomStringConvertible { var description: String { "server went away" } }
        var descriptor: ModelDescriptor { ModelDescriptor(name: "dying", provider: .openai, endpoint: "memory", isLocal: true) }
        func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, Error> {
            AsyncThrowingStream { continuation in
                continuation.yield(.text("def f("))
                continuation.finish(throwing: Died())
            }
        }
    }

    func lines(_ file: URL) throws -> [[String: Any]] {
        try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func theWorkbenchsBackendAppendsEachExchangeAsSent() async throws {
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let trace = root.appendingPathComponent("trace.jsonl")
        var workbench = Workbench(
            root: root, paths: KilnPaths(home: root.appendingPathComponent(".kiln-home")),
            progress: ProgressReporter(mode: .silent), configuration: KilnConfiguration(),
            backendOverride: ScriptedBackend(["first reply", "second reply"]))
        workbench.traceFile = trace
        let backend = try await workbench.backend()
        let request = ChatRequest(messages: [.system("be terse"), .user("q1")], parameters: GenerationParameters(temperature: 0.3, seed: 7))
        #expect(try await backend.complete(request).text == "first reply")
        _ = try await backend.complete(ChatRequest(messages: [.user("q2")]))
        let entries = try lines(trace)
        #expect(entries.count == 2)
        let first = try #require(entries.first)
        #expect((first["messages"] as? [[String: Any]])?.map { $0["content"] as? String } == ["be terse", "q1"])
        #expect(first["reply"] as? String == "first reply")
        #expect((first["parameters"] as? [String: Any])?["seed"] as? Int == 7)
        #expect((first["usage"] as? [String: Any])?["completion_tokens"] != nil)
        #expect(first["finish"] as? String == "stop")
        #expect(first["error"] == nil)
        #expect(entries.last?["reply"] as? String == "second reply")
    }

    @Test func aReplyCutShortIsTracedWithItsError() async throws {
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let trace = root.appendingPathComponent("trace.jsonl")
        let backend = try TracingBackend(DyingBackend(), file: trace)
        await #expect(throws: DyingBackend.Died.self) { _ = try await backend.complete(ChatRequest(messages: [.user("q")])) }
        let entry = try #require(try lines(trace).first)
        #expect(entry["reply"] as? String == "def f(")
        #expect(entry["error"] as? String == "server went away")
    }

    @Test func aTraceFileThatCannotBeWrittenIsAnInputError() {
        #expect(throws: InputError.self) {
            _ = try TracingBackend(ScriptedBackend([""]), file: URL(fileURLWithPath: "/nonexistent-kiln-dir/trace.jsonl"))
        }
    }
}
