import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A cheap fingerprint of a file's identity and last change (inode, size, modification and
/// status-change times in nanoseconds). Any write to the file, in place or by replacement,
/// changes it; reading a gigabyte to hash it again is only needed when it changed.
public enum FileSignature {
    public static func of(_ url: URL) -> String? {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        return [
            String(info.st_ino), String(info.st_size),
            "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)", "\(info.st_ctim.tv_sec).\(info.st_ctim.tv_nsec)",
        ].joined(separator: " ")
    }
}
