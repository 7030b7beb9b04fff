import Foundation
import KilnCore
import KilnSystem
import Testing

@testable import KilnModels

@Suite("Files, locks and model verification")
struct SystemTests {
    @Test func anExistingFileIsNeverOverwrittenWithoutPermission() throws {
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("median.py")
        try "original\n".write(to: file, atomically: true, encoding: .utf8)

        #expect(throws: SystemError.self) { try AtomicFile.write(Data("new\n".utf8), to: file, existing: .refuse) }
        #expect(try String(contentsOf: file, encoding: .utf8) == "original\n")

        let backup = try AtomicFile.write(Data("new\n".utf8), to: file, existing: .backUpAndReplace)
        #expect(try String(contentsOf: file, encoding: .utf8) == "new\n")
        #expect(backup?.lastPathComponent == "median.py.bak")
        #expect(try String(contentsOf: try #require(backup), encoding: .utf8) == "original\n")

        let second = try AtomicFile.write(Data("newer\n".utf8), to: file, existing: .backUpAndReplace)
        #expect(second?.lastPathComponent == "median.py.bak.1")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.contains(".kiln-") }
        #expect(leftovers.isEmpty)
    }

    @Test func theLockSerialisesHolders() async throws {
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let lock = root.appendingPathComponent("x.lock")
        let log = LockLog()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in 0..<3 {
                group.addTask {
                    try await FileLock.withLock(at: lock) {
                        log.append("start \(id)")
                        try await Task.sleep(for: .milliseconds(100))
                        log.append("end \(id)")
                    }
                }
            }
            try await group.waitForAll()
        }
        let entries = log.entries
        #expect(entries.count == 6)
        for pair in stride(from: 0, to: entries.count, by: 2) {
            #expect(entries[pair].hasPrefix("start"))
            #expect(entries[pair + 1] == entries[pair].replacingOccurrences(of: "start", with: "end"))
        }
    }

    /// A model store in `home` and a registry model named "tiny" whose expected hash is `content`'s.
    static func tinyModel(_ content: Data, home: URL) throws -> (ModelStore, RegistryModel) {
        let paths = KilnPaths(home: home)
        let store = ModelStore(
            environment: RuntimeEnvironment(paths: paths, progress: ProgressReporter(mode: .silent)),
            progress: ProgressReporter(mode: .silent))
        let model = RegistryModel(
            name: "tiny", summary: "test", parts: [], sizeBytes: Int64(content.count), sha256: FileDigest.sha256(of: content))
        try FileManager.default.createDirectory(at: paths.models, withIntermediateDirectories: true)
        return (store, model)
    }

    @Test func aModelFileWithTheWrongHashIsRefused() async throws {
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let content = Data("GGUF fake weights".utf8)
        let (store, model) = try Self.tinyModel(content, home: root)

        // A tampered file: refused, with the way out in the message.
        try Data("GGUF evil weights".utf8).write(to: store.fileURL(for: model))
        await #expect {
            _ = try await store.ensure(model)
        } throws: { error in
            String(describing: error).contains("hash mismatch") && String(describing: error).contains("kiln model pull tiny")
        }

        // The right file: verified once, then trusted through its stamp.
        try content.write(to: store.fileURL(for: model))
        #expect(try await store.ensure(model) == store.fileURL(for: model))
        #expect(try store.verifiedStamp(model) == model.sha256)

        // Changing the file invalidates the stamp, so the next use hashes it again.
        try Data("GGUF evil weights".utf8).write(to: store.fileURL(for: model))
        #expect(try store.verifiedStamp(model) == nil)
        await #expect(throws: EnvironmentError.self) { _ = try await store.ensure(model) }
    }

    @Test func theModelStoreDoesNotWaitOnTheEnvironmentsLock() async throws {
        // An install needs the environment (pip) while it holds the store's lock; with one lock
        // file for both, a first run would wait on itself forever. Here the environment's lock is
        // held throughout, as by a process compiling llama.cpp: verifying a model must not wait.
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let paths = KilnPaths(home: root)
        let fd = open(paths.lockFile.path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        let content = Data("GGUF weights".utf8)
        let (store, model) = try Self.tinyModel(content, home: root)
        try content.write(to: store.fileURL(for: model))
        let verified = try await withThrowingTaskGroup(of: URL?.self) { group in
            group.addTask { try await store.ensure(model) }
            group.addTask {
                try await Task.sleep(for: .seconds(20))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        #expect(verified == store.fileURL(for: model))
    }

    @Test func sha256MatchesAKnownVector() throws {
        #expect(FileDigest.sha256(of: Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func childrenStartWithNoBlockedSignals() async throws {
        // Swift's threads block most signals; a child that inherited that mask would never see
        // SIGCHLD or SIGTERM (cmake hung that way while building llama.cpp).
        let result = try await ProcessRunner.run("/bin/sh", ["-c", "grep SigBlk /proc/self/status"], timeout: .seconds(10))
        #expect(result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("0000000000000000"))
    }

    @Test func processesPastTheirLimitAreKilled() async throws {
        let started = ContinuousClock.now
        let result = try await ProcessRunner.run("/bin/sh", ["-c", "sleep 120"], timeout: .milliseconds(300))
        #expect(result.timedOut)
        // Well before the child's own 120 s.
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    @Test func waitingForChildrenLeavesTheTaskPoolFree() async throws {
        // Many more children than cores, each waited for (and its pipes read) at once. Work on
        // Swift's task pool must still run while they sleep: if the waits parked the pool's own
        // threads, nothing else could run until the children ended 30 s later.
        let children = ProcessInfo.processInfo.activeProcessorCount * 4 + 4
        let started = ContinuousClock.now
        let probed = try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<children {
                group.addTask {
                    _ = try await ProcessRunner.run("/bin/sh", ["-c", "sleep 30"], timeout: .seconds(60))
                }
            }
            // Give every child time to start and every wait time to block.
            try await Task.sleep(for: .milliseconds(1500))
            let probe = await Task.detached { ContinuousClock.now }.value
            group.cancelAll()
            return probe
        }
        #expect(probed - started < .seconds(15))
    }
}

final class LockLog: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var items: [String] = []
    func append(_ item: String) { lock.withLock { items.append(item) } }
    var entries: [String] { lock.withLock { items } }
}
