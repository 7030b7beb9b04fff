import Foundation
import KilnCore

/// The directories a client lets Kiln work in (its MCP roots, else the directory `kiln mcp` was
/// started in). Every path a tool call names must lie inside one of them, after `..` and symbolic
/// links are resolved; relative paths resolve against the first.
struct Workspace: Sendable, Equatable {
    var roots: [URL]

    init(roots: [URL]) {
        precondition(!roots.isEmpty, "a workspace has at least one root")
        self.roots = roots.map { URL(fileURLWithPath: Self.real($0.path), isDirectory: true) }
    }

    /// The roots a client announced as `file://` URIs; others (and unreadable ones) are skipped.
    static func roots(fromURIs uris: [String]) -> [URL] {
        uris.compactMap { uri -> URL? in
            guard let url = URL(string: uri), url.isFileURL, !url.path.isEmpty else { return nil }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                return nil
            }
            return url
        }
    }

    var primary: URL { roots[0] }

    /// `path` as an absolute path inside the workspace, or an error saying what to send instead.
    func resolve(_ path: String, argument: String) throws -> String {
        let trimmed = path.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw InputError("'\(argument)' is empty; give a path inside \(primary.path)") }
        let absolute = trimmed.hasPrefix("/") ? trimmed : primary.appendingPathComponent(trimmed).path
        let real = Self.real(URL(fileURLWithPath: absolute).standardizedFileURL.path)
        guard root(containing: real) != nil else {
            throw InputError(
                "'\(argument)' is \(trimmed), which is outside the workspace (\(roots.map(\.path).joined(separator: ", "))); give a path inside it, relative paths resolve against \(primary.path)"
            )
        }
        return real
    }

    /// The root that holds `realPath`, if any.
    func root(containing realPath: String) -> URL? {
        roots.first { root in realPath == root.path || realPath.hasPrefix(root.path.hasSuffix("/") ? root.path : root.path + "/") }
    }

    /// `path` with every symbolic link resolved; the part that does not exist yet (a file to be
    /// written) is kept as given under its deepest existing ancestor, resolved.
    static func real(_ path: String) -> String {
        var existing = URL(fileURLWithPath: path).standardizedFileURL
        var rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            rest.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        var resolved = existing.path
        if let pointer = realpath(existing.path, nil) {
            resolved = String(cString: pointer)
            free(pointer)
        }
        return rest.reduce(URL(fileURLWithPath: resolved)) { $0.appendingPathComponent($1) }.path
    }
}
