import Foundation
import KilnCore
import KilnSystem

/// `kiln check`: the static checks over many files at once. The language's tools run once over
/// the whole file list (much faster than per file); secrets and licences are scanned beside them.
public struct ProjectChecker: Sendable {
    public var toolchain: any LanguageToolchain
    public var root: URL
    public var licenseIndex: LicenseIndex?
    public var options: ProjectScanOptions

    public init(
        toolchain: any LanguageToolchain, root: URL, licenseIndex: LicenseIndex? = nil,
        options: ProjectScanOptions = ProjectScanOptions()
    ) {
        self.toolchain = toolchain
        self.root = root
        self.licenseIndex = licenseIndex
        self.options = options
    }

    /// Directories never searched for source files, whatever the language; each toolchain adds its own.
    static let skipped: Set<String> = [".git", ".hg", "node_modules", ".build", "build", "dist"]

    /// The source files of `toolchain`'s language in `paths` (files as given, directories searched,
    /// skipping version control, build output and the language's own environments and caches).
    public static func sourceFiles(in paths: [URL], of toolchain: any LanguageToolchain) throws -> [URL] {
        let skipped = Self.skipped.union(toolchain.ignoredDirectories)
        var files: [URL] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path.path, isDirectory: &isDirectory) else { throw SystemError.fileMissing(path.path) }
            if !isDirectory.boolValue {
                files.append(path)
                continue
            }
            let enumerator = fm.enumerator(at: path, includingPropertiesForKeys: [.isDirectoryKey])
            while let url = enumerator?.nextObject() as? URL {
                if skipped.contains(url.lastPathComponent) {
                    enumerator?.skipDescendants()
                } else if toolchain.isSourceFile(url) {
                    files.append(url)
                }
            }
        }
        return files.map(\.standardizedFileURL).sorted { $0.path < $1.path }
    }

    public func check(_ files: [URL]) async throws -> [Finding] {
        guard !files.isEmpty else { return [] }
        async let tools = toolchain.scanProject(files, root: root, options: options)
        async let scanned = scanContents(files)
        let (contentFindings, suppressions) = await scanned
        let findings = try await tools + contentFindings
        // The files' own `kiln: ignore[RULE] reason` comments, as teams adopt a checker on old code.
        return Suppressions.apply(to: toolchain.deduplicated(findings), entries: suppressions).sorted {
            ($0.path ?? "", $0.line ?? 0, $0.rule) < ($1.path ?? "", $1.line ?? 0, $1.rule)
        }
    }

    /// Secrets and licensed snippets, read from the files' text, with the files' inline
    /// suppressions (in parallel with the tools, and spread over the cores: on a large tree this
    /// scan is the longest part of the check).
    private func scanContents(_ files: [URL]) async -> ([Finding], [String: [Suppressions.Entry]]) {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, files.count))
        let prefix = toolchain.lineCommentPrefix
        return await withTaskGroup(of: ([Finding], [String: [Suppressions.Entry]]).self) { group in
            for worker in 0..<workers {
                group.addTask {
                    let scanner = SecretScanner()
                    var findings: [Finding] = []
                    var suppressions: [String: [Suppressions.Entry]] = [:]
                    for file in stride(from: worker, to: files.count, by: workers).map({ files[$0] }) {
                        guard let code = try? String(contentsOf: file, encoding: .utf8) else { continue }
                        let path = relative(file)
                        findings += scanner.scan(code, path: path)
                        findings += LicenseValidator.findings(for: SourceFile(path: path, code: code), index: licenseIndex)
                        let entries = Suppressions.parse(code, commentPrefix: prefix)
                        if !entries.isEmpty { suppressions[path] = entries }
                    }
                    return (findings, suppressions)
                }
            }
            return await group.reduce(into: ([], [:])) { total, part in
                total.0 += part.0
                total.1.merge(part.1) { first, _ in first }
            }
        }
    }

    public func relative(_ url: URL) -> String {
        let base = root.standardizedFileURL.path + "/"
        return url.path.hasPrefix(base) ? String(url.path.dropFirst(base.count)) : url.path
    }
}
