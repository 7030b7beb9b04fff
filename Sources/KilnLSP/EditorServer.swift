import Foundation
import KilnCore
import KilnModels
import KilnPipeline
import KilnSystem
import KilnValidation

/// `kiln lsp`: Kiln inside any editor through the Language Server Protocol (3.17, and 3.18's
/// inline completion). A translator only: code actions run the library's generation flow,
/// diagnostics come from its check flow, completions from its fill-in-the-middle flow.
public struct EditorServer: Sendable {
    public struct Settings: Sendable {
        /// What every server is started with.
        public var server: ServerSettings
        /// How long the document must rest before it is checked again after a change.
        public var checkDelay: Duration

        public init(_ server: ServerSettings, checkDelay: Duration = .milliseconds(500)) {
            self.server = server
            self.checkDelay = checkDelay
        }
    }

    public var settings: Settings

    public init(settings: Settings) { self.settings = settings }

    /// Serves one editor on `input` and `output` until `exit` or the end of the input; stops
    /// every running request (its model call and sandboxed processes) before returning. Returns
    /// the exit status LSP asks for: 0 after `shutdown`, 1 otherwise.
    public func run(input: Int32, output: Int32) async -> Int32 {
        let stream = MessageStream(input: input, output: output)
        let session = EditorSession(settings: settings, stream: stream)
        for await incoming in stream.messages() {
            switch incoming {
            case .unreadable(let why):
                stream.send(["jsonrpc": "2.0", "id": nil, "error": ["code": -32700, "message": .string("unreadable message: \(why)")]])
            case .message(let message):
                await session.receive(message)
            }
            if await session.hasExited { break }
        }
        return await session.stop()
    }
}

/// LSP error codes Kiln answers with.
enum ErrorCode {
    static let parseError = -32700
    static let invalidRequest = -32600
    static let methodNotFound = -32601
    static let invalidParams = -32602
    static let internalError = -32603
    static let serverNotInitialized = -32002
    static let requestFailed = -32803
    static let requestCancelled = -32800
}

/// A request the server refuses, with the code and message the editor gets.
struct RequestError: Error {
    var code: Int
    var message: String

    static func invalidParams(_ message: String) -> RequestError { RequestError(code: ErrorCode.invalidParams, message: message) }
}
