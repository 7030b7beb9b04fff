import Foundation

/// Runs a blocking system call (`waitpid`, a pipe read, a pipe write) on a thread of its own.
///
/// On Linux, Swift's concurrency pool and `DispatchQueue.global()` share the same few worker
/// threads (one per core). A blocking call parked on either one takes a worker away from every
/// task in the process: with two cores, two children being waited for froze all other work —
/// including the replies of an HTTP exchange, which then timed out. A plain thread per call
/// costs microseconds next to starting a process, and never starves the pool.
public enum BlockingThread {
    /// Runs `body` on a new thread and returns its result.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            start { continuation.resume(returning: body()) }
        }
    }

    /// Starts `body` on a new thread and does not wait for it.
    public static func start(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = "kiln-blocking"
        thread.stackSize = 512 << 10
        thread.start()
    }
}
