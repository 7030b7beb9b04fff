import Foundation
import KilnCore
import KilnValidation

/// The library-side front end of `kiln license`: builds and lists the licence fingerprint index.
public struct LicenseIndexService: Sendable {
    /// What `kiln license index --json` prints.
    public struct IndexReport: Codable, Sendable {
        public var index: String
        public var files: Int
        public var fingerprints: Int
        public var license: String
    }

    /// What `kiln license list --json` prints.
    public struct ListReport: Codable, Sendable {
        public var index: String
        public var sources: [LicenseIndex.Source]
    }

    public var workbench: Workbench

    public init(workbench: Workbench) { self.workbench = workbench }

    /// The index in use: `path`, else the repository's, else Kiln's own.
    public func indexURL(_ path: String? = nil) -> URL {
        path.map(workbench.url) ?? LicenseValidator.indexURL(root: workbench.root, paths: workbench.paths)
    }

    /// Adds the source files under `directory` to the index as code under `license`.
    public func index(directory: String, license: String, into path: String? = nil, language: String = "python") throws
        -> IndexReport
    {
        let url = indexURL(path)
        var licenseIndex = try LicenseIndex.load(url) ?? LicenseIndex()
        let toolchain = try LanguageToolchains.unprovisioned(
            language: language, paths: workbench.paths, projectRoot: workbench.root)
        let files = try ProjectChecker.sourceFiles(in: [workbench.url(directory)], of: toolchain)
        var fingerprints = 0
        for file in files {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            fingerprints += licenseIndex.add(path: file.path, source: text, license: license)
        }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try licenseIndex.save(url)
        return IndexReport(index: url.path, files: files.count, fingerprints: fingerprints, license: license)
    }

    public func list() throws -> ListReport {
        let url = indexURL()
        return ListReport(index: url.path, sources: try LicenseIndex.load(url)?.sources ?? [])
    }
}
