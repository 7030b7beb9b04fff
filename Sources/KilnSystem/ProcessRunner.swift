import CKilnSystem
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The result of a finished child process.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: Data
    public var stderr: Data
    /// True when Kiln killed the process because it ran past its time limit.
    public var timedOut: Bool
    /// True when the output passed `outputLimit`; the process was killed and the rest dropped.
    public var outputTruncated: Bool = false

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    public var succeeded: Bool { status == 0 && !timedOut }
}

/// How a child's output is handled.
public enum OutputMode: Sendable {
    /// Captured into the result.
    case capture
    /// Sent straight to this process's standard error (progress of a long tool run, for example).
    case passthroughToStderr
    /// Discarded.
    case discard
}

/// Runs external programs. Every child Kiln starts goes through here, so time limits and
/// environment handling live in one place.
public enum ProcessRunner {
    /// Runs `executable` to completion in a process group of its own, killing the whole group
    /// (SIGTERM, then SIGKILL) past `timeout` or when the calling task is cancelled, so
    /// grandchildren cannot outlive it or hold its pipes open.
    public static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil,
        currentDirectory: URL? = nil,
        input: Data? = nil,
        output: OutputMode = .capture,
        timeout: Duration? = nil,
        outputLimit: Int? = nil
    ) async throws -> ProcessResult {
        _ = ignoreBrokenPipes
        // The child is started by the thread that then waits for it, and that thread lives until
        // the child exits. A child that asked for a parent-death signal (bubblewrap's
        // --die-with-parent does) gets it when the *thread* that started it ends, and the task
        // pool's threads end when idle for a few seconds: a sandboxed run started on one was
        // SIGKILLed about five seconds in.
        let exit = ExitStatus()
        let child: SpawnedChild = try await withCheckedThrowingContinuation { continuation in
            let environment = environment ?? ProcessInfo.processInfo.environment
            BlockingThread.start {
                let child: SpawnedChild
                do {
                    child = try SpawnedChild.launch(
                        executable, arguments, environment: environment, currentDirectory: currentDirectory,
                        hasInput: input != nil, output: output)
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                continuation.resume(returning: child)
                exit.set(waitForExit(child.pid))
            }
        }

        if let input, let writer = child.stdinWriter {
            BlockingThread.start {
                // A child that exits without reading its input is not an error here.
                try? writer.write(contentsOf: input)
                try? writer.close()
            }
        }
        // Read both pipes on their own threads so a chatty child never blocks on a full pipe.
        let pid = child.pid
        let overflow = OverflowFlag()
        let limit = outputLimit ?? Int.max
        let onOverflow: @Sendable () -> Void = {
            overflow.set()
            _ = kill(-pid, SIGKILL)
        }
        async let outData: Data = readAll(child.stdoutReader, limit: limit, onOverflow: onOverflow)
        async let errData: Data = readAll(child.stderrReader, limit: limit, onOverflow: onOverflow)

        let watchdog = Task {
            guard let timeout else { return false }
            try await Task.sleep(for: timeout)
            _ = kill(-pid, SIGTERM)
            // Cancelled once the child exits; otherwise escalate after a grace period.
            try? await Task.sleep(for: .seconds(2))
            _ = kill(-pid, SIGKILL)
            return true
        }
        let status = await withTaskCancellationHandler {
            await exit.value
        } onCancel: {
            _ = kill(-pid, SIGKILL)
        }
        // The child is gone; make sure nothing it started keeps the pipes open.
        _ = kill(-pid, SIGKILL)
        watchdog.cancel()
        let timedOut = (try? await watchdog.value) ?? false
        return ProcessResult(
            status: status, stdout: await outData, stderr: await errData, timedOut: timedOut,
            outputTruncated: overflow.isSet)
    }

    /// SIGPIPE would kill Kiln when a child closes its stdin early; the write reports EPIPE instead.
    private static let ignoreBrokenPipes: Void = {
        _ = signal(SIGPIPE, SIG_IGN)
    }()

    /// Reads to end of file, keeping at most `limit` bytes; past it, `onOverflow` runs once and
    /// the rest is drained and dropped.
    private static func readAll(_ handle: FileHandle?, limit: Int, onOverflow: @escaping @Sendable () -> Void) async -> Data {
        guard let handle else { return Data() }
        return await BlockingThread.run {
            var data = Data()
            var overflowed = false
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                if overflowed { continue }
                if data.count + chunk.count > limit {
                    data.append(chunk.prefix(limit - data.count))
                    overflowed = true
                    onOverflow()
                } else {
                    data.append(chunk)
                }
            }
            try? handle.close()
            return data
        }
    }

    /// Blocks until `pid` exits; its exit code, or 128 + the signal number as shells report it.
    private static func waitForExit(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Finds an executable on `PATH`.
    public static func which(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// A child's exit status, set once by the thread that waits for it and awaited by the caller.
private final class ExitStatus: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var status: Int32?
    private var waiter: CheckedContinuation<Int32, Never>?

    func set(_ value: Int32) {
        let waiting: CheckedContinuation<Int32, Never>? = lock.withLock {
            status = value
            defer { waiter = nil }
            return waiter
        }
        waiting?.resume(returning: value)
    }

    var value: Int32 {
        get async {
            await withCheckedContinuation { continuation in
                let ready: Int32? = lock.withLock {
                    if status == nil { waiter = continuation }
                    return status
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }
}

/// Set once when a child's output passed its limit.
private final class OverflowFlag: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

/// A child started with `posix_spawn` and the parent's ends of its pipes.
private struct SpawnedChild: @unchecked Sendable {
    // @unchecked: the file handles are each used by one thread at a time.
    var pid: pid_t
    var stdinWriter: FileHandle?
    var stdoutReader: FileHandle?
    var stderrReader: FileHandle?

    static func launch(
        _ executable: String, _ arguments: [String], environment: [String: String],
        currentDirectory: URL?, hasInput: Bool, output: OutputMode
    ) throws -> SpawnedChild {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var toClose: [Int32] = []
        var parentEnds: [Int32: Int32] = [:]

        func makePipe() throws -> (read: Int32, write: Int32) {
            var fds: [Int32] = [0, 0]
            guard ckiln_pipe_cloexec(&fds) == 0 else {
                throw SystemError.launchFailed(executable, "pipe: \(String(cString: strerror(errno)))")
            }
            return (fds[0], fds[1])
        }

        if hasInput {
            let fds = try makePipe()
            posix_spawn_file_actions_adddup2(&actions, fds.read, 0)
            parentEnds[0] = fds.write
            toClose.append(fds.read)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        switch output {
        case .capture:
            for target: Int32 in [1, 2] {
                let fds = try makePipe()
                posix_spawn_file_actions_adddup2(&actions, fds.write, target)
                parentEnds[target] = fds.read
                toClose.append(fds.write)
            }
        case .passthroughToStderr:
            posix_spawn_file_actions_adddup2(&actions, 2, 1)
        case .discard:
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        if let currentDirectory {
            ckiln_spawn_file_actions_addchdir(&actions, currentDirectory.path)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // With a process group of 0 the child leads a new group.
        ckiln_spawnattr_reset_signals(&attributes, ckiln_spawn_setpgroup_flag())
        posix_spawnattr_setpgroup(&attributes, 0)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        toClose.forEach { close($0) }
        guard status == 0 else {
            parentEnds.values.forEach { close($0) }
            throw SystemError.launchFailed(executable, String(cString: strerror(status)))
        }
        return SpawnedChild(
            pid: pid,
            stdinWriter: parentEnds[0].map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) },
            stdoutReader: parentEnds[1].map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) },
            stderrReader: parentEnds[2].map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) })
    }
}
