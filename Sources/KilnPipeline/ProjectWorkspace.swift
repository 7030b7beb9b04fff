import Foundation
import KilnValidation

/// The project around a module, copied into the sandbox's scratch directory so that tests which
/// import other project modules run there as they do in the repository.
public struct ProjectWorkspace: Sendable {
    /// The project's Python files at their paths relative to its root (the module's own file among
    /// them is replaced by the version under test).
    public var files: [SourceFile]
    /// The module's path relative to the project root, where tests expect to import it from.
    public var modulePath: String?

    public init(files: [SourceFile] = [], modulePath: String? = nil) {
        self.files = files
        self.modulePath = modulePath
    }

    /// The dotted name the module is imported by from the project root (`src/` layouts included):
    /// `shop.cart` for `shop/cart.py`; nil without a module path.
    public var importName: String? {
        guard let modulePath, let stem = Self.withoutExtension(modulePath) else { return nil }
        var parts = stem.split(separator: "/").map(String.init)
        if parts.first == "src", parts.count > 1 { parts.removeFirst() }
        if parts.last == "__init__", parts.count > 1 { parts.removeLast() }
        return parts.joined(separator: ".")
    }

    /// Top-level names the project's own code can be imported by (for the import firewall).
    public var localModules: Set<String> {
        Set(
            files.compactMap { file -> String? in
                var parts = file.path.split(separator: "/").map(String.init)
                if parts.first == "src", parts.count > 1 { parts.removeFirst() }
                guard let first = parts.first else { return nil }
                return parts.count == 1 ? Self.withoutExtension(first) ?? first : first
            })
    }

    /// `path` without its file extension; nil when it has none.
    static func withoutExtension(_ path: String) -> String? {
        let name = path.split(separator: "/").last ?? Substring(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        return String(path.dropLast(name.distance(from: dot, to: name.endIndex)))
    }

    /// Writes the project files and `module` (at its project path, and by its bare name at the top
    /// unless a project file is already there) into `scratch`.
    public func materialize(in scratch: URL, module: SourceFile) throws {
        for file in files { try Self.place(file.code, at: file.path, in: scratch) }
        if let modulePath { try Self.place(module.code, at: modulePath, in: scratch) }
        let fileExtension = URL(fileURLWithPath: module.path).pathExtension
        let topLevel = fileExtension.isEmpty ? module.moduleName : "\(module.moduleName).\(fileExtension)"
        if modulePath == topLevel || !files.contains(where: { $0.path == topLevel }) {
            try Self.place(module.code, at: topLevel, in: scratch)
        }
    }

    /// Writes `code` at `relativePath` under `scratch`; a path that could leave it is refused.
    public static func place(_ code: String, at relativePath: String, in scratch: URL) throws {
        guard !relativePath.hasPrefix("/"), !relativePath.split(separator: "/").contains("..") else {
            throw CocoaError(.fileWriteInvalidFileName, userInfo: [NSFilePathErrorKey: relativePath])
        }
        let url = scratch.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(code.utf8).write(to: url)
    }
}
