import CKilnSystem
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Starts long-lived background processes (the model server) in a session of their own, so they
/// outlive the `kiln` command that started them and ignore its terminal's Ctrl-C.
public enum DetachedProcess {
    /// Spawns `executable` with stdin from /dev/null and stdout+stderr appended to `logFile`.
    public static func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String], logFile: URL
    ) throws -> pid_t {
        try FileManager.default.createDirectory(at: logFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logFile.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        ckiln_spawnattr_reset_signals(&attributes, ckiln_spawn_setsid_flag())

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw SystemError.launchFailed(executable, String(cString: strerror(status)))
        }
        return pid
    }

    /// Whether `pid` is alive. Reaps it if it is our exited child, so a zombie never counts as alive.
    public static func isAlive(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        let reaped = waitpid(pid, &status, WNOHANG)
        if reaped == pid { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    /// Sends `signal` to `pid`; returns false when no such process exists.
    @discardableResult
    public static func signal(_ pid: pid_t, _ signal: Int32) -> Bool {
        kill(pid, signal) == 0
    }
}
