import Foundation
import KilnCore
import KilnModels

/// A model that replies with scripted texts, one per call, and records what it was asked.
final class ScriptedBackend: ModelBackend, @unchecked Sendable {
    // @unchecked: `calls` is guarded by `lock`.
    private let replies: [String]
    private let lock = NSLock()
    private var received: [ChatRequest] = []

    init(_ replies: [String]) { self.replies = replies }

    var requests: [ChatRequest] { lock.withLock { received } }

    var descriptor: ModelDescriptor {
        ModelDescriptor(name: "scripted", provider: .openai, endpoint: "memory", isLocal: true)
    }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, Error> {
        let index = lock.withLock {
            received.append(request)
            return received.count - 1
        }
        let reply = index < replies.count ? replies[index] : (replies.last ?? "")
        return AsyncThrowingStream { continuation in
            // Stream word by word, like a real server.
            var words = 0
            for piece in reply.split(separator: " ", omittingEmptySubsequences: false).enumerated().map({
                $0.offset == 0 ? String($0.element) : " " + $0.element
            }) {
                continuation.yield(.text(piece))
                words += 1
            }
            continuation.yield(.usage(Usage(promptTokens: 50, completionTokens: words)))
            continuation.yield(.finished(reason: "stop"))
            continuation.finish()
        }
    }
}

enum TestPaths {
    /// A fresh temporary directory, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The system's python3, which the parser checks need.
    static var python: URL? {
        ["/usr/bin/python3", "/usr/local/bin/python3"].map { URL(fileURLWithPath: $0) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
            ?? (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent("python3") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}
