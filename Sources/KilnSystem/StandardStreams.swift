import Foundation
import KilnCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's standard streams, for servers that speak a protocol on them.
public enum StandardStreams {
    /// Moves standard output to a new descriptor (closed in child processes) and returns it for
    /// the protocol; descriptor 1 then writes to standard error, so a stray write from anywhere
    /// in the process lands in the log instead of corrupting the protocol.
    public static func reserveStandardOutput() throws -> Int32 {
        let reserved = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3)
        guard reserved >= 0 else {
            throw EnvironmentError("cannot reserve standard output: \(String(cString: strerror(errno)))")
        }
        guard dup2(STDERR_FILENO, STDOUT_FILENO) >= 0 else {
            throw EnvironmentError("cannot point standard output at standard error: \(String(cString: strerror(errno)))")
        }
        return reserved
    }
}
