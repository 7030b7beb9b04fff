import Foundation
import KilnCore
import KilnSystem

/// Resource limits for one sandboxed run.
public struct SandboxLimits: Sendable, Equatable {
    public var wallTime: Duration
    public var cpuSeconds: Int
    public var memoryBytes: Int
    public var fileSizeBytes: Int
    public var processes: Int
    public var outputBytes: Int

    public init(
        wallTime: Duration = .seconds(20), cpuSeconds: Int = 20, memoryBytes: Int = 1 << 30,
        fileSizeBytes: Int = 16 << 20, processes: Int = 32, outputBytes: Int = 1 << 20
    ) {
        self.wallTime = wallTime
        self.cpuSeconds = cpuSeconds
        self.memoryBytes = memoryBytes
        self.fileSizeBytes = fileSizeBytes
        self.processes = processes
        self.outputBytes = outputBytes
    }
}

/// How strongly a sandboxed run was isolated.
public enum SandboxIsolation: String, Codable, Sendable {
    /// bubblewrap: new user, mount, PID, network, IPC and UTS namespaces, a minimal read-only
    /// root, a private scratch directory, an unprivileged user, rlimits.
    case bubblewrap
    /// `unshare` network and PID namespaces, an unprivileged user and rlimits; the file system is
    /// the host's, protected only by permissions.
    case unshare
    /// rlimits and a time limit only. Kiln warns loudly when it has to run like this.
    case rlimitsOnly = "rlimits-only"
}

/// What happened to a sandboxed run.
public struct SandboxResult: Sendable {
    public enum Outcome: String, Codable, Sendable {
        case exited
        case timedOut = "timed-out"
        case cpuLimit = "cpu-limit"
        case fileSizeLimit = "file-size-limit"
        case outputLimit = "output-limit"
        case killed
    }

    public var outcome: Outcome
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public var seconds: Double
    public var isolation: SandboxIsolation

    public init(outcome: Outcome, status: Int32, stdout: String, stderr: String, seconds: Double, isolation: SandboxIsolation) {
        self.outcome = outcome
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
        self.seconds = seconds
        self.isolation = isolation
    }

    /// A finding for a run that hit a limit, or nil when it exited by itself.
    public func limitFinding(subject: String) -> Finding? {
        let message: String
        switch outcome {
        case .exited:
            if stderr.contains("MemoryError") {
                message = "\(subject) ran out of memory (MemoryError at the sandbox's memory limit)"
            } else if stderr.contains("BlockingIOError") && stderr.contains("Resource temporarily unavailable") {
                message = "\(subject) tried to start more processes than the sandbox allows"
            } else {
                return nil
            }
        case .timedOut: message = "\(subject) did not finish within its time limit (endless loop or far too slow)"
        case .cpuLimit: message = "\(subject) used up its CPU time limit"
        case .fileSizeLimit: message = "\(subject) tried to write a file larger than the sandbox allows"
        case .outputLimit: message = "\(subject) printed more output than the sandbox allows"
        case .killed: message = "\(subject) was killed by signal \(status - 128)"
        }
        return Finding(
            rule: "sandbox-\(outcome.rawValue)", category: .correctness, severity: .error, message: message,
            fixHint: "make the code terminate quickly with bounded memory, processes and output")
    }
}

/// Runs untrusted programs (generated code, its tests, probes) with no network, a scratch
/// directory, a scrubbed environment and resource limits.
public struct Sandbox: Sendable {
    public let isolation: SandboxIsolation
    /// Host paths the sandboxed program needs to read (the Python installation and Kiln's venv).
    public let readablePaths: [String]

    public init(isolation: SandboxIsolation, readablePaths: [String]) {
        self.isolation = isolation
        self.readablePaths = readablePaths
    }

    /// The strongest isolation this machine offers, checked by really starting one.
    public static func detect() async -> SandboxIsolation {
        let probe = Sandbox(isolation: .bubblewrap, readablePaths: [])
        if let result = try? await probe.launch(["/bin/true"], scratch: nil, limits: SandboxLimits(wallTime: .seconds(10))),
            result.status == 0
        {
            return .bubblewrap
        }
        let fallback = Sandbox(isolation: .unshare, readablePaths: [])
        if let result = try? await fallback.launch(["/bin/true"], scratch: nil, limits: SandboxLimits(wallTime: .seconds(10))),
            result.status == 0
        {
            return .unshare
        }
        return .rlimitsOnly
    }

    /// What a preflight prints when the sandbox can run the toolchain.
    public static let preflightMarker = "kiln-sandbox-ok"

    /// Runs `command` (which must print `preflightMarker`) the way checks will run, before any
    /// model call: a sandbox that cannot start the language's runtime is an environment failure,
    /// said once, not a wrong verdict on every candidate.
    public func preflight(_ command: [String]) async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-preflight-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let result: SandboxResult
        do {
            result = try await run(command, scratch: scratch, limits: SandboxLimits(wallTime: .seconds(60)))
        } catch {
            throw EnvironmentError("the sandbox could not start (\(isolation.rawValue)): \(error)")
        }
        guard result.outcome == .exited, result.status == 0, result.stdout.contains(Self.preflightMarker) else {
            let detail = (result.stderr + result.stdout).trimmingCharacters(in: .whitespacesAndNewlines).suffix(400)
            var advice = "install bubblewrap (Debian: apt-get install -y bubblewrap)"
            if isolation == .unshare, detail.contains("Permission denied") {
                advice =
                    "the unshare fallback runs as an unprivileged user, who cannot read \(command.first ?? "the runtime") (KILN_HOME inside a private home directory?); "
                    + advice + ", or set KILN_HOME to a directory other users can read, such as /opt/kiln"
            }
            throw EnvironmentError(
                "the sandbox (\(isolation.rawValue)) cannot run the checks: `\(command.joined(separator: " "))` "
                    + "ended with \(result.outcome.rawValue) \(result.status)\(detail.isEmpty ? "" : ": \(detail)"). No model was called: \(advice)"
            )
        }
    }

    /// Unprivileged user ids for sandboxed runs: one per run, so the process limit counts only
    /// that run's processes (the kernel never applies it to root).
    static let uidBase = 3_100_000

    /// Runs `command` (absolute path first) with `scratch` as its writable working directory,
    /// mounted at `/work` under bubblewrap.
    public func run(
        _ command: [String], scratch: URL, input: Data? = nil, environment: [String: String] = [:],
        limits: SandboxLimits = SandboxLimits()
    ) async throws -> SandboxResult {
        let started = ContinuousClock.now
        let result = try await launch(command, scratch: scratch, input: input, environment: environment, limits: limits)
        let elapsed = ContinuousClock.now - started
        let outcome: SandboxResult.Outcome
        if result.outputTruncated {
            outcome = .outputLimit
        } else if result.timedOut {
            outcome = .timedOut
        } else if result.status == 128 + SIGXCPU {
            outcome = .cpuLimit
        } else if result.status == 128 + SIGXFSZ {
            outcome = .fileSizeLimit
        } else if result.status > 128 {
            outcome = .killed
        } else {
            outcome = .exited
        }
        return SandboxResult(
            outcome: outcome, status: result.status, stdout: result.stdoutText, stderr: result.stderrText,
            seconds: elapsed.seconds, isolation: isolation)
    }

    func launch(
        _ command: [String], scratch: URL?, input: Data? = nil, environment: [String: String] = [:],
        limits: SandboxLimits
    ) async throws -> ProcessResult {
        let runningAsRoot = geteuid() == 0
        let uid = Self.uidBase + Int.random(in: 1..<900_000)
        if let scratch, runningAsRoot {
            // The scratch directory belongs to the sandbox's user; nothing else is writable.
            _ = chown(scratch.path, uid_t(uid), gid_t(uid))
        }
        var env = [
            "PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": scratch == nil ? "/tmp" : "/work", "LANG": "C.UTF-8",
            "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0", "TMPDIR": "/tmp",
        ]
        env.merge(environment) { $1 }
        let assignments = env.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let rlimits = [
            "--cpu=\(limits.cpuSeconds)", "--as=\(limits.memoryBytes)", "--fsize=\(limits.fileSizeBytes)",
            "--nproc=\(limits.processes)", "--core=0", "--",
        ]
        // Root switches to an unprivileged user with no capabilities; anyone else already is one.
        let dropToUser =
            runningAsRoot
            ? [
                try tool("setpriv"), "--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", "--inh-caps=-all",
                "--bounding-set=-all", "--",
            ]
            : []
        var argv: [String]
        switch isolation {
        case .bubblewrap:
            var options = [
                runningAsRoot ? "--unshare-net" : "--unshare-all", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
                "--die-with-parent", "--new-session",
                "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib",
                "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/sbin", "/sbin",
                "--ro-bind-try", "/etc/alternatives", "/etc/alternatives", "--ro-bind-try", "/etc/ssl", "/etc/ssl",
                "--ro-bind-try", "/etc/localtime", "/etc/localtime",
                "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--clearenv",
            ]
            if runningAsRoot { options += ["--unshare-cgroup-try"] }
            var created: Set<String> = ["/", "/usr", "/tmp", "/proc", "/dev"]
            for path in readablePaths where FileManager.default.fileExists(atPath: path) && !path.hasPrefix("/usr/") {
                // bwrap makes missing parents private (0700); the unprivileged user must traverse them.
                var ancestor = ""
                for component in path.split(separator: "/").dropLast() {
                    ancestor += "/" + component
                    if created.insert(ancestor).inserted { options += ["--perms", "0755", "--dir", ancestor] }
                }
                options += ["--ro-bind", path, path]
            }
            if let scratch { options += ["--bind", scratch.path, "/work", "--chdir", "/work"] }
            for (key, value) in env.sorted(by: { $0.key < $1.key }) { options += ["--setenv", key, value] }
            argv = [try tool("prlimit")] + rlimits + [try tool("bwrap")] + options + ["--"] + dropToUser + command
        case .unshare:
            argv =
                [try tool("prlimit")] + rlimits + [try tool("unshare"), "--net", "--pid", "--fork", "--kill-child", "--"]
                + dropToUser + ["/usr/bin/env", "-i"] + assignments + command
        case .rlimitsOnly:
            argv = [try tool("prlimit")] + rlimits + ["/usr/bin/env", "-i"] + assignments + command
        }
        return try await ProcessRunner.run(
            argv[0], Array(argv.dropFirst()), environment: [:], currentDirectory: scratch, input: input,
            timeout: limits.wallTime, outputLimit: limits.outputBytes)
    }

    private func tool(_ name: String) throws -> String {
        guard let path = ProcessRunner.which(name) else {
            throw ValidationError.toolFailed(
                "sandbox", "\(name) is not installed (Debian: apt-get install -y util-linux bubblewrap)")
        }
        return path
    }
}
