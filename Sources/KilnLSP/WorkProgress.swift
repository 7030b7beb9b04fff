import Foundation
import KilnPipeline

/// LSP work-done progress for one request: the editor's token when it sent one, else one Kiln
/// creates when the editor can show progress; nothing at all otherwise.
final class WorkProgress: Sendable {
    private let stream: MessageStream
    private let token: JSON?
    private let throttle = Throttle()

    private init(stream: MessageStream, token: JSON?) {
        self.stream = stream
        self.token = token
    }

    static func start(session: EditorSession, token given: JSON?, request: String, title: String) async throws -> WorkProgress {
        var token = given.flatMap { $0.isNull ? nil : $0 }
        if token == nil, await session.clientSupports(["window", "workDoneProgress"])?.bool == true {
            let created: JSON = .string("kiln-\(UUID().uuidString)")
            if (try? await session.ask("window/workDoneProgress/create", ["token": created])) != nil { token = created }
        }
        let progress = WorkProgress(stream: session.stream, token: token)
        if let token {
            await session.ownProgress(token, request: request)
            progress.send(["kind": "begin", "title": .string(title), "cancellable": true])
        }
        return progress
    }

    private func send(_ value: JSON) {
        guard let token else { return }
        stream.send(EditorSession.notification("$/progress", ["token": token, "value": value]))
    }

    /// A step; `frequent` ones (tokens streaming) at most once a second.
    func report(_ message: String, frequent: Bool = false) {
        guard !frequent || throttle.allows() else { return }
        send(["kind": "report", "message": .string(message.replacingOccurrences(of: "kiln: ", with: ""))])
    }

    func end(_ message: String) async { send(["kind": "end", "message": .string(message)]) }
}
