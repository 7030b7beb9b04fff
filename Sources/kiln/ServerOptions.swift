import ArgumentParser
import Foundation
import KilnPipeline
import KilnSystem

/// Flags of the commands that serve a client over stdio (`kiln lsp`, `kiln mcp`).
struct ServerOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("The workspace when the client names none (default: the current directory).", valueName: "dir"))
    var root: String?

    @OptionGroup var modelOptions: ModelOptions

    func validate() throws {
        guard let root else { return }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("--root \(root) is not a directory")
        }
    }

    /// The server's settings; its log (stderr) is plain lines unless KILN_PROGRESS=none.
    var settings: ServerSettings {
        ServerSettings(
            flags: modelOptions.asConfiguration,
            startDirectory: URL(fileURLWithPath: root ?? FileManager.default.currentDirectoryPath),
            paths: KilnPaths.fromEnvironment(), version: Kiln.configuration.version,
            log: ProcessInfo.processInfo.environment["KILN_PROGRESS"] == "none" ? .silent : .plain)
    }
}
