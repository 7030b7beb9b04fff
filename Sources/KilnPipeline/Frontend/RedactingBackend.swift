import Foundation
import KilnCore
import KilnModels
import KilnSystem
import KilnValidation

/// Secrets taken out of what a generation sent to a model endpoint, for its result and record.
public final class RedactionLog: @unchecked Sendable {
    // @unchecked: `items` is guarded by `lock`.
    public struct Item: Sendable, Equatable, Codable {
        public var rule: String
        public var place: String
    }

    private let lock = NSLock()
    private var items: [Item] = []

    public init() {}

    func add(_ new: [Item]) { lock.withLock { items += new } }

    public var entries: [Item] { lock.withLock { items } }
}

/// A model backend for an endpoint other than Kiln's embedded server: everything sent (the
/// prompt with its spec and context outlines, repair feedback, earlier replies, editor text for
/// fill-in-the-middle) goes through the secret scanner first, and each secret found is replaced
/// and reported. A localhost address is no exception: a local proxy often forwards to a cloud.
public struct RedactingBackend: ModelBackend {
    let base: any ModelBackend
    let log: RedactionLog
    let progress: ProgressReporter
    let scanner = SecretScanner()

    public init(_ base: any ModelBackend, log: RedactionLog, progress: ProgressReporter) {
        self.base = base
        self.log = log
        self.progress = progress
    }

    public var descriptor: ModelDescriptor { base.descriptor }
    public var concurrency: Int { base.concurrency }
    public func shutdown() async { await base.shutdown() }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, Error> {
        var request = request
        var firstUser = true
        request.messages = request.messages.map { message in
            var message = message
            let place: String
            switch message.role {
            case .system: place = "the system prompt"
            case .assistant: place = "an earlier reply"
            case .user:
                place = firstUser ? "the request (spec, context outlines)" : "repair feedback"
                firstUser = false
            }
            message.content = redact(message.content, place: place)
            return message
        }
        return base.stream(request)
    }

    public func infill(_ request: InfillRequest) async throws -> InfillResponse {
        var request = request
        request.prefix = redact(request.prefix, place: "the code before the cursor")
        request.suffix = redact(request.suffix, place: "the code after the cursor")
        return try await base.infill(request)
    }

    func redact(_ text: String, place: String) -> String {
        let found = scanner.scan(text)
        guard !found.isEmpty else { return text }
        log.add(found.map { RedactionLog.Item(rule: $0.rule, place: place) })
        for finding in found {
            progress.line(
                "kiln: redacted a secret (\(finding.rule)) from \(place) before sending it to \(base.descriptor.endpoint); --allow-secrets sends it as written")
        }
        return scanner.redact(text)
    }
}
