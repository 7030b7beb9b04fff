import Crypto
import Foundation

/// SHA-256 of files, streamed so a gigabyte model never sits in memory.
public enum FileDigest {
    public static func sha256(of url: URL, progress: ((Int64) -> Void)? = nil) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw SystemError.fileMissing(url.path)
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var total: Int64 = 0
        while true {
            let chunk = handle.readData(ofLength: 8 << 20)
            if chunk.isEmpty { break }
            hasher.update(data: chunk)
            total += Int64(chunk.count)
            progress?(total)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    public static func sha256(of data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
