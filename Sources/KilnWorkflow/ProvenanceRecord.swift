import Foundation
import KilnCore
import KilnSystem

/// What Kiln knows of one generation, stored with the code it wrote (`.kiln/records/ID.json`) so
/// that a reviewer sees the request and the output together: the spec and what the linter said of
/// it, the template and the model (with hashes), the context files, every attempt and what its
/// checks found, the final status and requirements, the files written (with hashes), and the
/// review. The schema is versioned (`schema`); docs/records.md describes it.
public struct ProvenanceRecord: Codable, Sendable, Equatable {
    public static let schemaVersion = "kiln.record/1"

    public struct Request: Codable, Sendable, Equatable {
        public var pattern: String
        public var language: String
        public var spec: String?
        public var source: String?
        public var target: String?
        public var instruction: String?

        public init(
            pattern: String, language: String, spec: String? = nil, source: String? = nil, target: String? = nil,
            instruction: String? = nil
        ) {
            self.pattern = pattern
            self.language = language
            self.spec = spec
            self.source = source
            self.target = target
            self.instruction = instruction
        }
    }

    public struct Template: Codable, Sendable, Equatable {
        public var name: String
        public var version: String
        public var sha256: String
        public var source: String

        public init(name: String, version: String, sha256: String, source: String) {
            self.name = name
            self.version = version
            self.sha256 = sha256
            self.source = source
        }
    }

    public struct Model: Codable, Sendable, Equatable {
        public var name: String
        public var provider: String
        public var endpoint: String
        public var local: Bool
        /// The model file's SHA-256 when Kiln ran it (a registry model); nil for an endpoint.
        public var sha256: String?
        public var temperature: Double?
        public var maxTokens: Int?
        public var seed: Int?
        public var samples: Int?
        public var maxRepairs: Int?

        public init(
            name: String, provider: String, endpoint: String, local: Bool, sha256: String? = nil, temperature: Double? = nil,
            maxTokens: Int? = nil, seed: Int? = nil, samples: Int? = nil, maxRepairs: Int? = nil
        ) {
            self.name = name
            self.provider = provider
            self.endpoint = endpoint
            self.local = local
            self.sha256 = sha256
            self.temperature = temperature
            self.maxTokens = maxTokens
            self.seed = seed
            self.samples = samples
            self.maxRepairs = maxRepairs
        }
    }

    /// A file with its SHA-256, relative to the project root.
    public struct File: Codable, Sendable, Equatable {
        public var path: String
        public var sha256: String

        public init(path: String, sha256: String) {
            self.path = path
            self.sha256 = sha256
        }
    }

    public struct Attempt: Codable, Sendable, Equatable {
        public var number: Int
        public var kind: String
        public var passed: Bool
        public var findings: [Finding]
        public var testsPassed: Int
        public var testsFailed: [String]

        public init(number: Int, kind: String, passed: Bool, findings: [Finding], testsPassed: Int, testsFailed: [String]) {
            self.number = number
            self.kind = kind
            self.passed = passed
            self.findings = findings
            self.testsPassed = testsPassed
            self.testsFailed = testsFailed
        }
    }

    public struct Requirement: Codable, Sendable, Equatable {
        public var id: String
        public var text: String
        public var status: String
        public var checkedBy: [String]

        public init(id: String, text: String, status: String, checkedBy: [String]) {
            self.id = id
            self.text = text
            self.status = status
            self.checkedBy = checkedBy
        }
    }

    /// A secret taken out of what was sent to a model endpoint other than Kiln's own.
    public struct Redaction: Codable, Sendable, Equatable {
        public var rule: String
        /// Where it was: the spec, a context file's outline, repair feedback, ...
        public var place: String

        public init(rule: String, place: String) {
            self.rule = rule
            self.place = place
        }
    }

    public struct Commit: Codable, Sendable, Equatable {
        public var branch: String
        /// The branch the commit was made on top of (to go back to when it is rejected).
        public var baseBranch: String
        public var newBranch: Bool

        public init(branch: String, baseBranch: String, newBranch: Bool) {
            self.branch = branch
            self.baseBranch = baseBranch
            self.newBranch = newBranch
        }
    }

    public struct Review: Codable, Sendable, Equatable {
        public enum State: String, Codable, Sendable { case pending, accepted, rejected }
        public var state: State
        public var reviewer: String?
        public var at: Date?
        public var reason: String?

        public init(state: State = .pending, reviewer: String? = nil, at: Date? = nil, reason: String? = nil) {
            self.state = state
            self.reviewer = reviewer
            self.at = at
            self.reason = reason
        }
    }

    public var schema = Self.schemaVersion
    public var id: String
    public var created: Date
    public var kilnVersion: String
    public var request: Request
    public var specLint: [PromptLintFinding]
    public var template: Template
    public var context: [File]
    public var model: Model
    public var attempts: [Attempt]
    public var checks: [String]
    public var status: String
    public var findings: [Finding]
    public var requirements: [Requirement]?
    public var outputs: [File]
    public var seconds: Double
    public var redactions: [Redaction]
    public var commit: Commit?
    public var review: Review

    public init(
        id: String, created: Date, kilnVersion: String, request: Request, specLint: [PromptLintFinding], template: Template,
        context: [File], model: Model, attempts: [Attempt], checks: [String], status: String, findings: [Finding],
        requirements: [Requirement]?, outputs: [File], seconds: Double, redactions: [Redaction] = [], commit: Commit? = nil,
        review: Review = Review()
    ) {
        self.id = id
        self.created = created
        self.kilnVersion = kilnVersion
        self.request = request
        self.specLint = specLint
        self.template = template
        self.context = context
        self.model = model
        self.attempts = attempts
        self.checks = checks
        self.status = status
        self.findings = findings
        self.requirements = requirements
        self.outputs = outputs
        self.seconds = seconds
        self.redactions = redactions
        self.commit = commit
        self.review = review
    }

    /// A new record id: when, what, and four random hex digits (`20261130-011500-median-3f2a`).
    public static func newID(now: Date = Date(), slug: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return "\(formatter.string(from: now))-\(slug)-\(String(format: "%04x", UInt16.random(in: 0...UInt16.max)))"
    }

    /// A short name from free text: lowercase words joined by `-`, at most 40 characters.
    public static func slug(_ text: String) -> String {
        let words = text.lowercased().split { !($0.isLetter || $0.isNumber) || !$0.isASCII }.prefix(6)
        var slug = ""
        for word in words where slug.count + word.count < 40 { slug += (slug.isEmpty ? "" : "-") + word }
        return slug.isEmpty ? "generation" : slug
    }
}

/// The records of a project, in `.kiln/records/`.
public struct RecordStore: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root }

    public var directory: URL { root.appendingPathComponent(".kiln/records", isDirectory: true) }

    public func url(of id: String) -> URL { directory.appendingPathComponent("\(id).json") }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// Writes `record` atomically (a record being replaced, by a review, keeps no backup: its
    /// history is the review fields and, with --commit, git).
    public func save(_ record: ProvenanceRecord) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try AtomicFile.write(Self.encoder.encode(record) + Data("\n".utf8), to: url(of: record.id), existing: .replace)
    }

    /// The record `id` (a whole id, or a prefix only one record has).
    public func load(_ id: String) throws -> ProvenanceRecord {
        let exact = url(of: id)
        if FileManager.default.fileExists(atPath: exact.path) { return try read(exact) }
        let matches = try all().filter { $0.id.hasPrefix(id) }
        guard matches.count == 1 else {
            throw InputError(
                matches.isEmpty
                    ? "no record \(id) in \(directory.path); kiln review list shows them"
                    : "\(id) names \(matches.count) records (\(matches.prefix(3).map(\.id).joined(separator: ", "))…); give more of the id")
        }
        return matches[0]
    }

    func read(_ url: URL) throws -> ProvenanceRecord {
        do {
            return try Self.decoder.decode(ProvenanceRecord.self, from: Data(contentsOf: url))
        } catch {
            throw InputError("\(url.path) is not a Kiln record (\(error))")
        }
    }

    /// Every record, oldest first; files that are not records are skipped.
    public func all() throws -> [ProvenanceRecord] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        return names.filter { $0.hasSuffix(".json") }.sorted().compactMap { try? read(directory.appendingPathComponent($0)) }
            .sorted { $0.created < $1.created }
    }
}
