import Foundation
import KilnCore
import KilnSystem
import KilnValidation

/// Writes results into the user's files: atomically, never losing what was there (a `.bak`
/// copy, or a refusal), and for `--into`, never changing a line the module already had.
public struct OutputWriter: Sendable {
    public var toolchain: (any LanguageToolchain)?

    public init(toolchain: (any LanguageToolchain)? = nil) { self.toolchain = toolchain }

    /// Refuses an existing file before any model work, unless it may be replaced.
    public static func checkWritable(_ url: URL, replace: Bool) throws {
        if !replace, FileManager.default.fileExists(atPath: url.path) { throw SystemError.fileExists(url.path) }
    }

    /// Writes `text` to `url`; an existing file is replaced only when `replace` (kept as a backup).
    /// Returns the backup's path, if one was made.
    public func write(_ text: String, to url: URL, replace: Bool) throws -> String? {
        try AtomicFile.write(Data(text.utf8), to: url, existing: replace ? .backUpAndReplace : .refuse)?.path
    }

    /// Adds `code` to the module at `url` (read earlier as `original`): its imports with the
    /// module's own, the rest at the end. Every existing line must still be there, in order,
    /// or nothing is written. The old file is kept as a backup, whose path is returned.
    public func insert(_ code: String, into url: URL, original: String) async throws -> String? {
        guard let toolchain else { throw EnvironmentError("adding code to a module needs the language's toolchain") }
        let combined = try await toolchain.inserting(code, into: original, moduleName: url.lastPathComponent)
        var remaining = combined.split(separator: "\n", omittingEmptySubsequences: false)[...]
        for line in original.split(separator: "\n", omittingEmptySubsequences: false) {
            guard let index = remaining.firstIndex(of: line) else {
                throw EnvironmentError("inserting into \(url.path) would have changed its existing lines; nothing was written")
            }
            remaining = remaining[(index + 1)...]
        }
        return try write(combined, to: url, replace: true)
    }
}
