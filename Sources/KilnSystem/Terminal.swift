import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Progress output on standard error. Interactive progress (spinners, rewritten lines) appears
/// only on a terminal; `KILN_PROGRESS=plain` asks for plain lines instead (CI logs), and
/// `KILN_PROGRESS=none` silences it.
public final class ProgressReporter: @unchecked Sendable {
    // @unchecked: the mutable line state is guarded by `lock`.
    public enum Mode: Sendable { case interactive, plain, silent }

    public let mode: Mode
    /// Also told every line and status, whatever the mode: a server front end forwards them to its
    /// client (an agent's progress notifications) while stderr stays a log.
    public let observer: (@Sendable (String) -> Void)?
    private let lock = NSLock()
    private var lineOpen = false

    public init(mode: Mode, observer: (@Sendable (String) -> Void)? = nil) {
        self.mode = mode
        self.observer = observer
    }

    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> ProgressReporter {
        switch env["KILN_PROGRESS"] {
        case "plain": return ProgressReporter(mode: .plain)
        case "none": return ProgressReporter(mode: .silent)
        default: return ProgressReporter(mode: isatty(STDERR_FILENO) == 1 ? .interactive : .silent)
        }
    }

    /// A message that stays (a finished step).
    public func line(_ text: String) {
        observer?(text)
        writeLine(text)
    }

    private func writeLine(_ text: String) {
        guard mode != .silent else { return }
        lock.withLock {
            if lineOpen { write("\r\u{1B}[2K") }
            lineOpen = false
            write(text + "\n")
        }
    }

    /// A status that replaces the previous one on a terminal; plain mode prints it only when `persist` is set.
    public func status(_ text: String, persist: Bool = false) {
        observer?(text)
        switch mode {
        case .silent: return
        case .plain: if persist { writeLine(text) }
        case .interactive:
            lock.withLock {
                write("\r\u{1B}[2K" + text)
                lineOpen = true
            }
        }
    }

    /// Removes a status line from the terminal.
    public func clear() {
        guard mode == .interactive else { return }
        lock.withLock {
            if lineOpen { write("\r\u{1B}[2K") }
            lineOpen = false
        }
    }

    /// Whether a child tool's own progress output (pip's bars) should be shown.
    public var showsToolOutput: Bool { mode != .silent }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
