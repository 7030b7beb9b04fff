import Foundation
import KilnCore

/// Every model exchange appended to a JSON Lines file: the messages exactly as sent (after
/// redaction), the sampling parameters, the reply, its token counts, why it stopped, how long it
/// took, or the error that ended it. Turned on with `KILN_TRACE=path`; for finding out what a
/// model was asked and what it answered when a result surprises (a proposal Kiln read no case
/// from, a repair that went nowhere). Fill-in-the-middle requests pass through untraced.
public struct TracingBackend: ModelBackend {
    let base: any ModelBackend
    public let file: URL
    private static let lock = NSLock()

    /// Creates the file when it is missing; throws when it cannot be written.
    public init(_ base: any ModelBackend, file: URL) throws {
        self.base = base
        self.file = file
        if !FileManager.default.fileExists(atPath: file.path) {
            guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
                throw InputError("KILN_TRACE=\(file.path): the trace file cannot be created")
            }
        }
        guard FileManager.default.isWritableFile(atPath: file.path) else {
            throw InputError("KILN_TRACE=\(file.path): the trace file is not writable")
        }
    }

    public var descriptor: ModelDescriptor { base.descriptor }
    public var concurrency: Int { base.concurrency }
    public func shutdown() async { await base.shutdown() }
    public func infill(_ request: InfillRequest) async throws -> InfillResponse { try await base.infill(request) }

    /// One exchange, as a line of the trace.
    struct Entry: Encodable {
        var time: String
        var model: String
        var endpoint: String
        var seconds: Double
        var messages: [ChatMessage]
        var parameters: GenerationParameters
        var reply: String
        var usage: Usage?
        var finish: String?
        var error: String?
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, Error> {
        let upstream = base.stream(request)
        let (file, descriptor) = (file, descriptor)
        return AsyncThrowingStream { continuation in
            let task = Task {
                let started = ContinuousClock.now
                var entry = Entry(
                    time: ISO8601DateFormatter().string(from: Date()), model: descriptor.name, endpoint: descriptor.endpoint,
                    seconds: 0, messages: request.messages, parameters: request.parameters, reply: "")
                do {
                    for try await event in upstream {
                        switch event {
                        case .text(let text): entry.reply += text
                        case .usage(let usage): entry.usage = usage
                        case .finished(let reason): entry.finish = reason
                        }
                        continuation.yield(event)
                    }
                    entry.seconds = (ContinuousClock.now - started).seconds
                    Self.append(entry, to: file)
                    continuation.finish()
                } catch {
                    entry.seconds = (ContinuousClock.now - started).seconds
                    entry.error = Task.isCancelled ? "cancelled" : "\(error)"
                    Self.append(entry, to: file)
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// One line per exchange, written whole under a lock (concurrent samples finish together).
    static func append(_ entry: Entry, to file: URL) {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var line = try? encoder.encode(entry) else { return }
        line.append(0x0A)
        lock.withLock {
            guard let handle = try? FileHandle(forWritingTo: file) else { return }
            defer { try? handle.close() }
            _ = try? handle.seekToEnd()
            try? handle.write(contentsOf: line)
        }
    }
}
