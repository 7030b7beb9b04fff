import Foundation
import KilnCore
import KilnSystem

/// Fingerprints of licensed code the organisation does not want copied into its own: built by
/// `kiln license index DIR --license SPDX-ID`, matched against every generated file.
public struct LicenseIndex: Codable, Sendable {
    public struct Source: Codable, Sendable, Equatable {
        public var path: String
        public var license: String
        public var fingerprints: Int
    }

    public var version = 1
    public var k: Int
    public var window: Int
    public var sources: [Source]
    /// Fingerprint hash → indexes into `sources`.
    public var postings: [UInt64: [Int]]

    public init(winnowing: Winnowing = Winnowing()) {
        k = winnowing.k
        window = winnowing.window
        sources = []
        postings = [:]
    }

    var winnowing: Winnowing { Winnowing(k: k, window: window) }

    /// Where the index lives unless `--index` says otherwise.
    public static func defaultURL(paths: KilnPaths) -> URL { paths.home.appendingPathComponent("license-index.json") }

    public static func load(_ url: URL) throws -> LicenseIndex? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try JSONDecoder().decode(LicenseIndex.self, from: Data(contentsOf: url))
        } catch {
            throw ValidationError.toolFailed(
                "licence index", "\(url.path) is not a Kiln licence index (\(error)); delete it and index again")
        }
    }

    public func save(_ url: URL) throws {
        try AtomicFile.write(try JSONEncoder().encode(self), to: url, existing: .replace)
    }

    /// Adds (or replaces) a file's fingerprints. Returns how many were kept.
    @discardableResult
    public mutating func add(path: String, source: String, license: String) -> Int {
        if let existing = sources.firstIndex(where: { $0.path == path }) {
            for key in postings.keys { postings[key]?.removeAll { $0 == existing } }
            sources[existing] = Source(path: path, license: license, fingerprints: 0)
        }
        let index =
            sources.firstIndex { $0.path == path }
            ?? {
                sources.append(Source(path: path, license: license, fingerprints: 0))
                return sources.count - 1
            }()
        let hashes = Set(winnowing.fingerprints(source).map(\.hash))
        for hash in hashes { postings[hash, default: []].append(index) }
        sources[index].fingerprints = hashes.count
        return hashes.count
    }

    /// A licensed file that shares enough fingerprints with the code.
    public struct Match: Sendable, Equatable {
        public var source: Source
        /// Share of the code's fingerprints found in the source.
        public var similarity: Double
        public var sharedFingerprints: Int
        /// Lines of the code that match.
        public var lines: ClosedRange<Int>
    }

    public func matches(in code: String, threshold: Double = 0.3, minimumShared: Int = 4) -> [Match] {
        let fingerprints = winnowing.fingerprints(code)
        let distinct = Set(fingerprints.map(\.hash))
        guard !distinct.isEmpty else { return [] }
        var shared: [Int: Set<UInt64>] = [:]
        for hash in distinct {
            for source in postings[hash] ?? [] { shared[source, default: []].insert(hash) }
        }
        return shared.compactMap { sourceIndex, hashes -> Match? in
            let similarity = Double(hashes.count) / Double(distinct.count)
            guard hashes.count >= minimumShared, similarity >= threshold else { return nil }
            let lines = fingerprints.filter { hashes.contains($0.hash) }.map(\.line)
            guard let first = lines.min(), let last = lines.max() else { return nil }
            return Match(
                source: sources[sourceIndex], similarity: similarity, sharedFingerprints: hashes.count, lines: first...last)
        }.sorted { $0.similarity > $1.similarity }
    }
}

/// Copyleft licences oblige the user's code; permissive ones only ask for attribution.
enum LicenseKind {
    static func isCopyleft(_ spdx: String) -> Bool {
        let id = spdx.uppercased()
        return ["GPL", "AGPL", "LGPL", "MPL", "EPL", "EUPL", "CDDL", "OSL", "SSPL", "CC-BY-SA"].contains {
            id.hasPrefix($0) || id.contains("-\($0)")
        }
    }
}

/// The licence matcher as a validator: a no-op until an index exists.
public struct LicenseValidator: Validator {
    public let name = "license"
    public let isStatic = true
    public var threshold: Double

    public init(threshold: Double = 0.3) { self.threshold = threshold }

    public func validate(_ file: SourceFile, context: ValidationContext) async throws -> ValidatorReport {
        ValidatorReport(validator: name, findings: Self.findings(for: file, index: context.licenseIndex, threshold: threshold))
    }

    public static func findings(for file: SourceFile, index: LicenseIndex?, threshold: Double = 0.3) -> [Finding] {
        guard let index else { return [] }
        return index.matches(in: file.code, threshold: threshold).map { match in
            Finding(
                rule: "license/snippet-match", category: .license,
                severity: LicenseKind.isCopyleft(match.source.license) ? .error : .warning,
                path: file.path, line: match.lines.lowerBound,
                message:
                    "lines \(match.lines.lowerBound)–\(match.lines.upperBound) match \(match.source.path) (\(match.source.license)): \(Int((match.similarity * 100).rounded()))% of this file's fingerprints",
                fixHint: LicenseKind.isCopyleft(match.source.license)
                    ? "do not ship this code under your licence; rewrite it independently or comply with \(match.source.license)"
                    : "keep the \(match.source.license) notice and attribution, or rewrite it independently")
        }
    }

    /// The index to use: the repository's `.kiln/license-index.json`, else Kiln's own.
    public static func indexURL(root: URL, paths: KilnPaths) -> URL {
        let repository = root.appendingPathComponent(".kiln/license-index.json")
        return FileManager.default.fileExists(atPath: repository.path) ? repository : LicenseIndex.defaultURL(paths: paths)
    }
}
