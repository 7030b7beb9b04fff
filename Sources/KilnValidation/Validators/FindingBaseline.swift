import Foundation
import KilnCore
import KilnSystem

/// Findings a team has accepted on existing code, so that `kiln check` gates only new ones (the
/// way established linters and security scanners let teams start). Each entry is keyed by rule,
/// file and the text of the finding's line, not its number: code that moves keeps its entry, and
/// a second copy of the same line is a new finding (entries are counted, one finding each).
public struct FindingBaseline: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Hashable {
        public var rule: String
        public var path: String
        /// SHA-256 of the line's text with surrounding whitespace removed.
        public var fingerprint: String
    }

    public static let currentVersion = 1
    public var version: Int
    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.version = Self.currentVersion
        self.entries = entries.sorted { ($0.path, $0.rule, $0.fingerprint) < ($1.path, $1.rule, $1.fingerprint) }
    }

    /// The entry of `finding`, given the text of its line (nil for findings without a line).
    public static func entry(for finding: Finding, lineText: String?) -> Entry {
        let text = (lineText ?? "").trimmingCharacters(in: .whitespaces)
        return Entry(
            rule: finding.rule, path: finding.path ?? "",
            fingerprint: FileDigest.sha256(of: Data("\(finding.line == nil ? "file" : "line"):\(text)".utf8)))
    }

    /// A baseline accepting every one of `findings`.
    public static func accepting(_ findings: [Finding], lineText: (Finding) -> String?) -> FindingBaseline {
        FindingBaseline(entries: findings.map { entry(for: $0, lineText: lineText($0)) })
    }

    /// The findings the baseline does not account for, and how many it did.
    public func newFindings(in findings: [Finding], lineText: (Finding) -> String?) -> (new: [Finding], accepted: Int) {
        var remaining = Dictionary(entries.map { ($0, 1) }, uniquingKeysWith: +)
        var new: [Finding] = []
        for finding in findings {
            let key = Self.entry(for: finding, lineText: lineText(finding))
            if let count = remaining[key], count > 0 {
                remaining[key] = count - 1
            } else {
                new.append(finding)
            }
        }
        return (new, findings.count - new.count)
    }

    public static func load(_ url: URL) throws -> FindingBaseline {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw SystemError.fileMissing(url.path) }
        guard let baseline = try? JSONDecoder().decode(FindingBaseline.self, from: data) else {
            throw InputError("\(url.path) is not a kiln check baseline; write one with --baseline FILE --update-baseline")
        }
        guard baseline.version == currentVersion else {
            throw InputError(
                "\(url.path) is a version \(baseline.version) baseline; this kiln reads version \(currentVersion). Write it again with --update-baseline"
            )
        }
        return baseline
    }

    public func save(_ url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        _ = try AtomicFile.write(try encoder.encode(self) + Data("\n".utf8), to: url, existing: .replace)
    }
}
