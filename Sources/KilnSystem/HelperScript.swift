import Foundation

/// Kiln's own helper programs (Python scripts kept as source in the binary), written to disk once
/// per content so every version of Kiln finds exactly the script it was built with.
public enum HelperScript {
    public static func install(named name: String, source: String, in directory: URL) throws -> URL {
        let digest = FileDigest.sha256(of: Data(source.utf8)).prefix(12)
        let url = directory.appendingPathComponent("\(name)-\(digest).py")
        if !FileManager.default.fileExists(atPath: url.path) {
            try AtomicFile.write(Data(source.utf8), to: url, existing: .replace)
        }
        return url
    }
}
