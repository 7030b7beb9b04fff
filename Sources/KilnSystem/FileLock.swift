import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An advisory lock on a file (`flock`), held for the duration of a closure. Serialises
/// provisioning and server start-up between concurrent `kiln` processes; the kernel drops the
/// lock if the holder dies, so a crash never leaves a stale lock behind.
public enum FileLock {
    public static func withLock<T: Sendable>(
        at url: URL,
        onWait: (@Sendable () -> Void)? = nil,
        _ body: () async throws -> T
    ) async throws -> T {
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let fd = open(url.path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw SystemError.lockFailed(url.path, String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var waited = false
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                throw SystemError.lockFailed(url.path, String(cString: strerror(errno)))
            }
            if !waited {
                waited = true
                onWait?()
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        defer { flock(fd, LOCK_UN) }
        return try await body()
    }
}
