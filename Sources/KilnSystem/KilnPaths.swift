import Foundation

/// Where Kiln keeps its private state. `KILN_HOME` moves all of it.
public struct KilnPaths: Sendable {
    public var home: URL

    public init(home: URL) { self.home = home }

    /// `$KILN_HOME`, else `$XDG_CACHE_HOME/kiln`, else `~/.cache/kiln`.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> KilnPaths {
        if let home = env["KILN_HOME"], !home.isEmpty {
            return KilnPaths(home: URL(fileURLWithPath: home))
        }
        if let cache = env["XDG_CACHE_HOME"], !cache.isEmpty {
            return KilnPaths(home: URL(fileURLWithPath: cache).appendingPathComponent("kiln"))
        }
        let user = env["HOME"] ?? NSHomeDirectory()
        return KilnPaths(home: URL(fileURLWithPath: user).appendingPathComponent(".cache/kiln"))
    }

    /// The local model runtime's environment: llama.cpp's server.
    public var venv: URL { home.appendingPathComponent("venv") }
    /// The language toolchain's tools (for Python: its validators' tools).
    public var toolsVenv: URL { home.appendingPathComponent("tools-venv") }
    public var models: URL { home.appendingPathComponent("models") }
    public var run: URL { home.appendingPathComponent("run") }
    public var logs: URL { home.appendingPathComponent("logs") }
    public var helpers: URL { home.appendingPathComponent("helpers") }
    public var lockFile: URL { home.appendingPathComponent("provision.lock") }
    /// The tools-only environment's own lock, so it never waits on llama.cpp's compile.
    public var toolsLockFile: URL { home.appendingPathComponent("tools.lock") }
    /// Installing and removing models. An install takes the environment's lock inside this one
    /// (it needs pip), so the two must be different files: a second `flock` on one file from the
    /// same process waits forever.
    public var modelsLockFile: URL { home.appendingPathComponent("models.lock") }

    /// The user's config file: `$XDG_CONFIG_HOME/kiln/config.toml` or `~/.config/kiln/config.toml`.
    public static func userConfigFile(_ env: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let dir = env["XDG_CONFIG_HOME"], !dir.isEmpty {
            return URL(fileURLWithPath: dir).appendingPathComponent("kiln/config.toml")
        }
        let user = env["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: user).appendingPathComponent(".config/kiln/config.toml")
    }
}
