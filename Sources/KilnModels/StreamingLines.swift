import AsyncHTTPClient
import KilnCore
import NIOCore

/// Splits a streamed HTTP body into lines as the bytes arrive.
struct LineSplitter {
    private var pending: [UInt8] = []

    /// Feeds bytes and returns the complete lines they finish (without `\n` or `\r\n`).
    mutating func feed(_ bytes: some Sequence<UInt8>) -> [String] {
        var lines: [String] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if pending.last == UInt8(ascii: "\r") { pending.removeLast() }
                lines.append(String(decoding: pending, as: UTF8.self))
                pending.removeAll(keepingCapacity: true)
            } else {
                pending.append(byte)
            }
        }
        return lines
    }

    /// Whatever is left after the body ended without a final newline.
    mutating func finish() -> String? {
        defer { pending.removeAll() }
        return pending.isEmpty ? nil : String(decoding: pending, as: UTF8.self)
    }
}

/// One server-sent event: `event:` name (may be empty) and the joined `data:` lines.
struct ServerSentEvent: Equatable {
    var event: String
    var data: String
}

/// Parses the `text/event-stream` format line by line.
struct ServerSentEventParser {
    private var event = ""
    private var data: [String] = []

    /// Feeds one line; returns an event when a blank line completes one.
    mutating func feed(line: String) -> ServerSentEvent? {
        if line.isEmpty {
            return flush()
        }
        if line.hasPrefix(":") { return nil }  // comment / keep-alive
        let field: Substring
        var value: Substring
        if let colon = line.firstIndex(of: ":") {
            field = line[..<colon]
            value = line[line.index(after: colon)...]
            if value.hasPrefix(" ") { value = value.dropFirst() }
        } else {
            field = Substring(line)
            value = ""
        }
        switch field {
        case "event": event = String(value)
        case "data": data.append(String(value))
        default: break
        }
        return nil
    }

    /// Completes a pending event at the end of the body.
    mutating func flush() -> ServerSentEvent? {
        defer {
            event = ""
            data = []
        }
        guard !data.isEmpty else { return nil }
        return ServerSentEvent(event: event, data: data.joined(separator: "\n"))
    }
}

extension HTTPSession {
    /// Iterates the lines of a streamed body, mapping transport failures to
    /// `streamInterrupted`/`timedOut` with how much had arrived.
    func forEachLine(
        of response: HTTPClientResponse,
        receivedCharacters: @Sendable () -> Int,
        _ body: (String) throws -> Void
    ) async throws {
        var splitter = LineSplitter()
        do {
            for try await buffer in response.body {
                for line in splitter.feed(buffer.readableBytesView) {
                    try body(line)
                }
            }
        } catch let error as ModelError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            if Self.classify(error) == .readTimeout {
                throw ModelError.timedOut(endpoint: endpoint, seconds: timeouts.read.seconds, phase: "generating")
            }
            throw ModelError.streamInterrupted(
                endpoint: endpoint, receivedCharacters: receivedCharacters(), reason: Self.shortReason(error))
        }
        if let rest = splitter.finish() { try body(rest) }
    }

    static func shortReason(_ error: Error) -> String {
        if let error = error as? HTTPClientError, error == .remoteConnectionClosed {
            return "the connection closed"
        }
        return errorName(error, limit: 160)
    }
}
