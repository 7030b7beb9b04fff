import Foundation
import KilnSystem

#if canImport(Glibc)
    import Glibc
#endif

/// LSP's base protocol: JSON bodies behind `Content-Length` headers, read from one descriptor
/// and written to another.
final class MessageStream: @unchecked Sendable {
    // @unchecked: writes are serialized by `lock`; the reader owns its buffer on its own thread.
    enum Incoming: Sendable {
        case message(JSON)
        /// A body that is not JSON: answered with a parse error, and the stream goes on.
        case unreadable(String)
    }

    private let input: Int32
    private let output: Int32
    private let lock = NSLock()

    init(input: Int32, output: Int32) {
        self.input = input
        self.output = output
    }

    /// Every message until the input ends (the editor closed it or went away).
    func messages() -> AsyncStream<Incoming> {
        let (stream, continuation) = AsyncStream<Incoming>.makeStream()
        let input = input
        BlockingThread.start {
            var buffer = Data()
            var chunk = [UInt8](repeating: 0, count: 65536)
            reading: while true {
                // Complete messages already buffered first.
                while let (message, rest) = Self.split(buffer) {
                    buffer = rest
                    continuation.yield(message)
                }
                let count = read(input, &chunk, chunk.count)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break reading }
                buffer.append(contentsOf: chunk[0..<count])
            }
            continuation.finish()
        }
        return stream
    }

    /// The first message of `buffer` and what follows it, or nil until one is complete.
    static func split(_ buffer: Data) -> (Incoming, Data)? {
        let separator = Data("\r\n\r\n".utf8)
        guard let end = buffer.range(of: separator) else { return nil }
        let header = String(decoding: buffer[buffer.startIndex..<end.lowerBound], as: UTF8.self)
        let length = header.split(separator: "\r\n").compactMap { line -> Int? in
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-length" else {
                return nil
            }
            return Int(parts[1].trimmingCharacters(in: .whitespaces))
        }.first
        guard let length else {
            // A header without a length cannot be framed: skip it and read on.
            return (.unreadable("a message header without Content-Length"), Data(buffer[end.upperBound...]))
        }
        guard buffer.distance(from: end.upperBound, to: buffer.endIndex) >= length else { return nil }
        let bodyEnd = buffer.index(end.upperBound, offsetBy: length)
        let body = Data(buffer[end.upperBound..<bodyEnd])
        let rest = Data(buffer[bodyEnd...])
        guard let json = try? JSONDecoder().decode(JSON.self, from: body) else {
            return (.unreadable("the body is not JSON"), rest)
        }
        return (.message(json), rest)
    }

    /// Writes one message (whole, never interleaved with another).
    func send(_ message: JSON) {
        guard let body = try? message.data() else { return }
        var frame = Data("Content-Length: \(body.count)\r\n\r\n".utf8)
        frame.append(body)
        lock.withLock {
            frame.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = write(output, raw.baseAddress! + offset, raw.count - offset)
                    if written < 0 && errno == EINTR { continue }
                    if written <= 0 { return }  // the editor is gone; the input's end stops the server
                    offset += written
                }
            }
        }
    }
}
