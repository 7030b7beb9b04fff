import Foundation
import KilnCore
import KilnModels
import KilnSystem
import KilnValidation

/// What a long-running front end (the editor server, the agent server) is started with, and the
/// workbench it makes for each request: the workspace root's `.kiln/config.toml` and the user's
/// config under the server's flags and the client's own settings.
public struct ServerSettings: Sendable {
    /// Model flags from the command line.
    public var flags: KilnConfiguration
    /// The workspace when the client names none.
    public var startDirectory: URL
    public var paths: KilnPaths
    public var version: String
    /// What goes to stderr (the client's server log); progress also goes to the client.
    public var log: ProgressReporter.Mode
    /// Stand-ins for the language toolchain and the model, for tests.
    public var toolchainOverride: (any LanguageToolchain)?
    public var backendOverride: (any ModelBackend)?

    public init(
        flags: KilnConfiguration = KilnConfiguration(), startDirectory: URL, paths: KilnPaths, version: String,
        log: ProgressReporter.Mode = .plain, toolchainOverride: (any LanguageToolchain)? = nil,
        backendOverride: (any ModelBackend)? = nil
    ) {
        self.flags = flags
        self.startDirectory = startDirectory
        self.paths = paths
        self.version = version
        self.log = log
        self.toolchainOverride = toolchainOverride
        self.backendOverride = backendOverride
    }

    /// A workbench for `root`: its config files under the server's flags, under `client`'s.
    public func workbench(root: URL, progress: ProgressReporter, client: KilnConfiguration = KilnConfiguration()) throws
        -> Workbench
    {
        var workbench = Workbench(
            root: root, paths: paths, progress: progress,
            configuration: try KilnConfiguration.load(flags: flags.overridden(by: client), workingDirectory: root),
            toolchainOverride: toolchainOverride, backendOverride: backendOverride)
        workbench.traceFile = Workbench.traceFile(root: root)
        return workbench
    }

    /// Writes a line to the server's log (stderr), unless it is silenced.
    public func logLine(_ text: String) {
        if log != .silent { FileHandle.standardError.write(Data((text + "\n").utf8)) }
    }
}

/// Lets a frequent report through at most once per interval (tokens streaming, as progress).
public final class Throttle: @unchecked Sendable {
    // @unchecked: `last` is guarded by `lock`.
    private let interval: Duration
    private let lock = NSLock()
    private var last: ContinuousClock.Instant?

    public init(interval: Duration = .seconds(1)) { self.interval = interval }

    /// Whether a report may go now (and, if so, the interval starts again).
    public func allows() -> Bool {
        let now = ContinuousClock.now
        return lock.withLock {
            if let last, now - last < interval { return false }
            last = now
            return true
        }
    }
}
