import Foundation

/// Writes user files so that a crash or a full disk never leaves a half-written file and an
/// existing file is never lost.
public enum AtomicFile {
    /// What to do when the destination already exists.
    public enum ExistingFile: Sendable {
        /// Refuse with an error that names `--force`.
        case refuse
        /// Keep the old file as `NAME.bak` (or `NAME.bak.N`) and replace it.
        case backUpAndReplace
        /// Replace without a backup (Kiln's own state files only).
        case replace
    }

    /// Writes `data` to `url` through a temporary file in the same directory and a rename.
    /// Returns the backup's path when one was made.
    @discardableResult
    public static func write(_ data: Data, to url: URL, existing: ExistingFile) throws -> URL? {
        let fm = FileManager.default
        let path = url.path
        var backup: URL?
        if fm.fileExists(atPath: path) {
            switch existing {
            case .refuse:
                throw SystemError.fileExists(path)
            case .backUpAndReplace:
                let target = nextBackupURL(for: url)
                do {
                    try fm.copyItem(at: url, to: target)
                } catch {
                    throw SystemError.writeFailed(path, "could not make the backup \(target.path): \(error)")
                }
                backup = target
            case .replace:
                break
            }
        }
        let dir = url.deletingLastPathComponent()
        do {
            try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw SystemError.writeFailed(path, "\(error)")
        }
        let temp = dir.appendingPathComponent(".\(url.lastPathComponent).kiln-\(UUID().uuidString.prefix(8))")
        do {
            try data.write(to: temp)
            if let handle = try? FileHandle(forWritingTo: temp) {
                try? handle.synchronize()
                try? handle.close()
            }
            if rename(temp.path, path) != 0 {
                let reason = String(cString: strerror(errno))
                try? fm.removeItem(at: temp)
                throw SystemError.writeFailed(path, reason)
            }
        } catch let error as SystemError {
            throw error
        } catch {
            try? fm.removeItem(at: temp)
            throw SystemError.writeFailed(path, "\(error)")
        }
        return backup
    }

    static func nextBackupURL(for url: URL) -> URL {
        let fm = FileManager.default
        var candidate = URL(fileURLWithPath: url.path + ".bak")
        var n = 1
        while fm.fileExists(atPath: candidate.path) {
            candidate = URL(fileURLWithPath: url.path + ".bak.\(n)")
            n += 1
        }
        return candidate
    }
}
