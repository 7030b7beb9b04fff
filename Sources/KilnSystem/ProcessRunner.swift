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
    /// Runs `executable` to completion, killing it (SIGTERM, then SIGKILL) past `timeout`.
    public static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil,
        currentDirectory: URL? = nil,
        input: Data? = nil,
        output: OutputMode = .capture,
        timeout: Duration? = nil
    ) async throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }

        let outPipe = Pipe()
        let errPipe = Pipe()
        switch output {
        case .capture:
            process.standardOutput = outPipe
            process.standardError = errPipe
        case .passthroughToStderr:
            process.standardOutput = FileHandle.standardError
            process.standardError = FileHandle.standardError
        case .discard:
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        let inPipe = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : inPipe

        do {
            try process.run()
        } catch {
            throw SystemError.launchFailed(executable, String(describing: error))
        }
        let box = ProcessBox(process)

        if let input {
            let writer = inPipe.fileHandleForWriting
            DispatchQueue.global().async {
                writer.write(input)
                try? writer.close()
            }
        }

        // Read both pipes on their own threads so a chatty child never blocks on a full pipe.
        async let outData: Data = output == .capture ? readAll(outPipe.fileHandleForReading) : Data()
        async let errData: Data = output == .capture ? readAll(errPipe.fileHandleForReading) : Data()

        let watchdog = Task {
            guard let timeout else { return false }
            try await Task.sleep(for: timeout)
            box.terminate()
            try await Task.sleep(for: .seconds(2))
            box.kill()
            return true
        }
        let status = await withTaskCancellationHandler {
            await box.waitForExit()
        } onCancel: {
            box.kill()
        }
        watchdog.cancel()
        let timedOut = (try? await watchdog.value) ?? false
        return ProcessResult(status: status, stdout: await outData, stderr: await errData, timedOut: timedOut)
    }

    private static func readAll(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: handle.readDataToEndOfFile())
            }
        }
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

/// `Process` is not `Sendable`; every access after launch goes through this box, whose
/// methods only touch thread-safe parts of it (the pid and signals).
private final class ProcessBox: @unchecked Sendable {
    private let process: Process

    init(_ process: Process) { self.process = process }

    func terminate() { if process.isRunning { process.terminate() } }

    func kill() {
        if process.isRunning { _ = Glibc.kill(process.processIdentifier, SIGKILL) }
    }

    func waitForExit() async -> Int32 {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { [process] in
                process.waitUntilExit()
                continuation.resume(returning: process.terminationStatus)
            }
        }
    }
}
