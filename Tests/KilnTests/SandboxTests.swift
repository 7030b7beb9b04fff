import Foundation
import KilnValidation
import NIOCore
import NIOPosix
import Testing

/// Hostile programs must end as findings within their limits, never as a hung or damaged host.
@Suite("The sandbox contains hostile programs", .serialized)
struct SandboxTests {
    static let python = "/usr/bin/python3"

    func sandbox() async -> Sandbox {
        Sandbox(isolation: await Sandbox.detect(), readablePaths: [])
    }

    func run(_ code: String, limits: SandboxLimits = SandboxLimits(wallTime: .seconds(5), cpuSeconds: 5)) async throws -> (
        SandboxResult, URL
    ) {
        let scratch = try TestPaths.temporaryDirectory()
        try code.write(to: scratch.appendingPathComponent("main.py"), atomically: true, encoding: .utf8)
        let result = try await sandbox().run([Self.python, "main.py"], scratch: scratch, limits: limits)
        return (result, scratch)
    }

    @Test func thisMachineGetsBubblewrap() async {
        // CI installs bubblewrap; a weaker isolation here would mean the tests below prove less.
        #expect(await Sandbox.detect() == .bubblewrap)
    }

    @Test func ordinaryCodeRunsAndSeesOnlyItsScratchDirectory() async throws {
        let (result, scratch) = try await run(
            "import os\nprint(os.getcwd(), sorted(os.listdir('.')), os.getuid() != 0)\nopen('out.txt', 'w').write('ok')\n")
        defer { try? FileManager.default.removeItem(at: scratch) }
        #expect(result.outcome == .exited && result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("['main.py'] True"))
        #expect(try String(contentsOf: scratch.appendingPathComponent("out.txt"), encoding: .utf8) == "ok")
        #expect(result.limitFinding(subject: "the code") == nil)
    }

    @Test func anEndlessLoopIsStoppedAtItsTimeLimit() async throws {
        let (result, scratch) = try await run(
            "while True:\n    pass\n", limits: SandboxLimits(wallTime: .seconds(2), cpuSeconds: 30))
        defer { try? FileManager.default.removeItem(at: scratch) }
        #expect(result.outcome == .timedOut)
        #expect(result.seconds < 10)
        #expect(result.limitFinding(subject: "the code")?.rule == "sandbox-timed-out")
    }

    /// bubblewrap kills the sandbox when the thread that started it ends, and idle pool threads
    /// end after about five seconds: a run longer than that used to be SIGKILLed for no reason
    /// of its own (a repository's tests under load, a slow HumanEval check).
    @Test func aRunLongerThanAnIdleThreadsLifeFinishes() async throws {
        let (result, scratch) = try await run(
            "import time\ntime.sleep(8)\nprint('finished')\n", limits: SandboxLimits(wallTime: .seconds(30), cpuSeconds: 5))
        defer { try? FileManager.default.removeItem(at: scratch) }
        #expect(result.outcome == .exited && result.status == 0, "\(result.outcome) \(result.status)")
        #expect(result.stdout == "finished\n")
    }

    @Test func aCPUHogHitsItsCPULimit() async throws {
        let (result, scratch) = try await run(
            "while True:\n    pass\n", limits: SandboxLimits(wallTime: .seconds(20), cpuSeconds: 1))
        defer { try? FileManager.default.removeItem(at: scratch) }
        #expect(result.outcome == .cpuLimit || result.outcome == .killed, "\(result.outcome)")
        #expect(result.seconds < 10)
    }

    @Test func aForkBombIsContained() async throws {
        let bomb = """
            import os
            while True:
                try:
                    os.fork()
                except OSError:
                    pass
            """
        let (result, scratch) = try await run(bomb, limits: SandboxLimits(wallTime: .seconds(3), cpuSeconds: 5, processes: 16))
        defer { try? FileManager.default.removeItem(at: scratch) }
        #expect(result.outcome != .exited)
        #expect(result.seconds < 15)
        #expect(result.limitFinding(subject: "the code") != nil)
        // Nothing of it is left running.
        try await Task.sleep(for: .milliseconds(500))
        let left = try await KilnSystemProbe.processes(matching: "main.py")
        #expect(left.isEmpty, "left behind: \(left)")
    }

    @Test func aMemoryBombEndsAsAFinding() async throws {
        let (result, scratch) = try await run(
            "blocks = []\nwhile True:\n    blocks.append(bytearray(50_000_000))\n",
            limits: SandboxLimits(wallTime: .seconds(10), memoryBytes: 256 << 20))
        defer { try? FileManager.default.removeItem(at: scratch) }
        #expect(result.stderr.contains("MemoryError") || result.outcome == .killed, "\(result.outcome) \(result.stderr)")
        #expect(result.limitFinding(subject: "the code") != nil)
    }

    @Test func aFloodOfOutputIsCutOff() async throws {
        let (result, scratch) = try await run(
            "while True:\n    print('x' * 1000)\n",
            limits: SandboxLimits(wallTime: .seconds(10), outputBytes: 64 << 10))
        defer { try? FileManager.default.removeItem(at: scratch) }
        #expect(result.outcome == .outputLimit)
        #expect(result.stdout.utf8.count <= 64 << 10)
    }

    @Test func aHugeFileIsStoppedAtTheFileSizeLimit() async throws {
        let (result, scratch) = try await run(
            "with open('big', 'wb') as f:\n    while True:\n        f.write(b'x' * 1_000_000)\n",
            limits: SandboxLimits(wallTime: .seconds(10), fileSizeBytes: 4 << 20))
        defer { try? FileManager.default.removeItem(at: scratch) }
        #expect(
            result.outcome == .fileSizeLimit || result.stderr.contains("File too large"), "\(result.outcome) \(result.stderr)")
        let size =
            (try FileManager.default.attributesOfItem(atPath: scratch.appendingPathComponent("big").path)[.size] as? NSNumber)?
            .intValue ?? 0
        #expect(size <= 4 << 20)
    }

    @Test func writesOutsideTheScratchDirectoryFail() async throws {
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-outside-\(UUID().uuidString)")
        let code = """
            import sys
            failures = 0
            for path in [\(String(reflecting: outside.path)), "/usr/kiln-test", "/etc/kiln-test", "/root/kiln-test", "../escape"]:
                try:
                    open(path, "w").write("x")
                    print("WROTE", path)
                except OSError as error:
                    failures += 1
            print("blocked", failures)
            """
        // `../escape` lands next to every scratch directory, in the shared temporary directory,
        // where an earlier unsandboxed run may have left one: the file must not change.
        let escape = FileManager.default.temporaryDirectory.appendingPathComponent("escape").path
        let escapeBefore = try? FileManager.default.attributesOfItem(atPath: escape)[.modificationDate] as? Date
        let (result, scratch) = try await run(code)
        defer { try? FileManager.default.removeItem(at: scratch) }
        #expect(result.stdout.contains("blocked 5"), "\(result.stdout) \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: outside.path))
        #expect(!FileManager.default.fileExists(atPath: "/usr/kiln-test"))
        #expect(scratch.deletingLastPathComponent().appendingPathComponent("escape").path == escape)
        #expect((try? FileManager.default.attributesOfItem(atPath: escape)[.modificationDate] as? Date) == escapeBefore)
    }

    @Test func theHostsLoopbackIsUnreachable() async throws {
        let listener = try await LoopbackListener.start()
        let code = """
            import socket
            s = socket.socket()
            s.settimeout(2)
            try:
                s.connect(("127.0.0.1", \(listener.port)))
                print("CONNECTED")
            except OSError as error:
                print("refused", type(error).__name__)
            """
        let (result, scratch) = try await run(code)
        defer { try? FileManager.default.removeItem(at: scratch) }
        #expect(result.stdout.contains("refused"), "\(result.stdout) \(result.stderr)")
        #expect(listener.accepted == 0)
        await listener.stop()
    }

    @Test func theEnvironmentIsScrubbed() async throws {
        setenv("KILN_TEST_SECRET", "hunter2", 1)
        let (result, scratch) = try await run("import os\nprint(sorted(os.environ))\nprint(os.environ.get('KILN_TEST_SECRET'))\n")
        defer { try? FileManager.default.removeItem(at: scratch) }
        #expect(!result.stdout.contains("hunter2"))
        #expect(result.stdout.contains("None"))
    }
}

enum KilnSystemProbe {
    /// Command lines of live processes containing `text`.
    static func processes(matching text: String) async throws -> [String] {
        let fm = FileManager.default
        return try fm.contentsOfDirectory(atPath: "/proc").filter { Int($0) != nil }.compactMap { pid in
            guard let data = fm.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
            let line = String(decoding: data.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
            let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.split(separator: " ").dropFirst(2)
                .first
            return line.contains(text) && state != "Z" ? line : nil
        }
    }
}

/// A TCP listener on the host's loopback that counts connections.
final class LoopbackListener: @unchecked Sendable {
    // @unchecked: `count` is guarded by `lock`.
    private let channel: Channel
    private let lock = NSLock()
    private var count = 0

    var port: Int { channel.localAddress?.port ?? 0 }
    var accepted: Int { lock.withLock { count } }

    private init(channel: Channel) { self.channel = channel }

    static func start() async throws -> LoopbackListener {
        let box = ListenerBox()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                box.listener?.increment()
                return channel.close()
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let listener = LoopbackListener(channel: channel)
        box.listener = listener
        return listener
    }

    func increment() { lock.withLock { count += 1 } }

    func stop() async { try? await channel.close() }
}

private final class ListenerBox: @unchecked Sendable {
    // @unchecked: set once before any connection can arrive.
    weak var listener: LoopbackListener?
}

/// The first run on a machine without bubblewrap: the `unshare` fallback drops to an unprivileged
/// user who cannot enter root's private home, where `$KILN_HOME` lives by default.
@Suite("The sandbox preflight")
struct SandboxPreflightTests {
    /// An `echo` script in a readable folder inside a home only root may enter, as
    /// `/root/.cache/kiln/tools-venv` is.
    static func privateRuntime() throws -> (directory: URL, echo: URL) {
        let directory = try TestPaths.temporaryDirectory()
        let home = directory.appendingPathComponent("home", isDirectory: true)
        let runtime = home.appendingPathComponent("runtime", isDirectory: true)
        try FileManager.default.createDirectory(at: runtime, withIntermediateDirectories: true)
        let echo = runtime.appendingPathComponent("echo")
        try FakeLlamaServer.writeExecutable("#!/bin/sh\necho \"$@\"\n", to: echo)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: runtime.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: home.path)
        return (directory, echo)
    }

    @Test(.enabled(if: geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")))
    func aRuntimeTheSandboxUserCannotReadFailsThePreflightWithTheFix() async throws {
        let (directory, echo) = try Self.privateRuntime()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sandbox = Sandbox(isolation: .unshare, readablePaths: [echo.deletingLastPathComponent().path])
        await #expect {
            try await sandbox.preflight([echo.path, Sandbox.preflightMarker])
        } throws: { error in
            let text = "\(error)"
            return error.failureKind == .environmentFailed && text.contains("Permission denied") && text.contains("bubblewrap")
                && text.contains("KILN_HOME")
        }
    }

    /// bubblewrap binds the runtime's folder in, with parents the sandbox user can traverse.
    @Test func bubblewrapRunsTheSameRuntime() async throws {
        guard await Sandbox.detect() == .bubblewrap else { return }
        let (directory, echo) = try Self.privateRuntime()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sandbox = Sandbox(isolation: .bubblewrap, readablePaths: [echo.deletingLastPathComponent().path])
        try await sandbox.preflight([echo.path, Sandbox.preflightMarker])
    }
}
