import Foundation
import KilnCore
import KilnSystem

/// `kiln review`: the generations waiting for a person's decision, and the decision, recorded
/// with who made it and when. Rejecting undoes the generation the way it was delivered: its
/// branch is deleted (after switching back to the branch it came from), or its commit reverted;
/// nothing else is touched.
public struct ReviewService: Sendable {
    public let root: URL
    public var store: RecordStore { RecordStore(root: root) }

    public init(root: URL) { self.root = root }

    public func pending() throws -> [ProvenanceRecord] { try store.all().filter { $0.review.state == .pending } }

    /// Who is reviewing: git's user (name <email>), else the login name.
    public func reviewer() async -> String {
        if let repository = try? await GitRepository.find(from: root),
            let name = try? await repository.run(["config", "user.name"]).trimmingCharacters(in: .whitespacesAndNewlines),
            !name.isEmpty
        {
            let email = (try? await repository.run(["config", "user.email"]))?.trimmingCharacters(in: .whitespacesAndNewlines)
            return email.map { "\(name) <\($0)>" } ?? name
        }
        return ProcessInfo.processInfo.environment["USER"] ?? "unknown"
    }

    /// The commit that delivered `record`, found by its `Kiln-Record` trailer.
    public func commit(of record: ProvenanceRecord, in repository: GitRepository) async throws -> String? {
        let path = ".kiln/records/\(record.id).json"
        let found = try await repository.run(["log", "--all", "--format=%H", "--fixed-strings", "--grep=Kiln-Record: \(path)"])
        return found.split(separator: "\n").first.map(String.init)
    }

    /// What a reviewer reads: the request, the checks and what nothing checked, and the change.
    public func show(_ id: String) async throws -> (record: ProvenanceRecord, change: String) {
        let record = try store.load(id)
        var change = ""
        if let repository = try await GitRepository.find(from: root), let sha = try await commit(of: record, in: repository) {
            change = try await repository.run(["show", "--stat", "--patch", "--format=commit %H%n%n%B", sha, "--", "."])
        } else {
            for output in record.outputs {
                let text = (try? String(contentsOf: root.appendingPathComponent(output.path), encoding: .utf8)) ?? "(missing)"
                change += "--- \(output.path) (not committed)\n\(text)\n"
            }
        }
        return (record, change)
    }

    public func accept(_ id: String) async throws -> ProvenanceRecord {
        var record = try store.load(id)
        guard record.review.state != .accepted else { throw InputError("\(record.id) was accepted already") }
        record.review = .init(state: .accepted, reviewer: await reviewer(), at: Date())
        try store.save(record)
        return record
    }

    /// Records the rejection and undoes the delivery: the branch deleted, or the commit reverted.
    /// Returns the record and what was undone.
    public func reject(_ id: String, reason: String) async throws -> (ProvenanceRecord, String) {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw InputError("say why with --reason: it is what kiln stats counts")
        }
        var record = try store.load(id)
        guard record.review.state == .pending else {
            throw InputError("\(record.id) was \(record.review.state.rawValue) already")
        }
        record.review = .init(state: .rejected, reviewer: await reviewer(), at: Date(), reason: reason)
        var undone = "nothing to undo: the files were not committed; they are left as they are"
        if let commit = record.commit, let repository = try await GitRepository.find(from: root) {
            undone = try await undo(commit, of: record, in: repository)
        }
        // The record stays (untracked when its branch or commit is gone) so stats can count it.
        try store.save(record)
        return (record, undone)
    }

    func undo(_ commit: ProvenanceRecord.Commit, of record: ProvenanceRecord, in repository: GitRepository) async throws -> String {
        if let operation = try await repository.operationInProgress() {
            throw InputError("\(operation) is in progress; finish or abort it before rejecting")
        }
        if commit.newBranch {
            guard await repository.branchExists(commit.branch) else { return "its branch \(commit.branch) is gone already" }
            if try await repository.currentBranch() == commit.branch {
                // Kiln's own files go with the branch; the user's uncommitted changes come along.
                try await repository.run(["switch", commit.baseBranch])
            }
            try await repository.run(["branch", "-D", commit.branch])
            return "deleted branch \(commit.branch)" + (try await repository.currentBranch() == commit.baseBranch ? ", back on \(commit.baseBranch)" : "")
        }
        guard let sha = try await self.commit(of: record, in: repository) else {
            return "its commit is not in this repository any more"
        }
        try await repository.run(["revert", "--no-edit", sha])
        return "reverted \(sha.prefix(10)) with a new commit"
    }
}

/// `kiln stats`: what the records say about how generation goes for this team.
public struct ReviewStats: Codable, Sendable, Equatable {
    public struct Group: Codable, Sendable, Equatable {
        public var name: String
        public var generations: Int
        public var passed: Int
        public var accepted: Int
        public var rejected: Int
    }

    public var generations: Int
    public var pending: Int
    public var accepted: Int
    public var rejected: Int
    /// Accepted over reviewed; nil before any review.
    public var acceptanceRate: Double?
    public var rejectionReasons: [String: Int]
    /// Mean repair rounds per generation (attempts after the first of each sample are repairs).
    public var meanRepairRounds: Double
    public var byStatus: [String: Int]
    public var byTemplate: [Group]
    public var byModel: [Group]

    public init(records: [ProvenanceRecord]) {
        generations = records.count
        pending = records.filter { $0.review.state == .pending }.count
        accepted = records.filter { $0.review.state == .accepted }.count
        rejected = records.filter { $0.review.state == .rejected }.count
        acceptanceRate = accepted + rejected == 0 ? nil : Double(accepted) / Double(accepted + rejected)
        rejectionReasons = Dictionary(grouping: records.compactMap { $0.review.reason }, by: { $0 }).mapValues(\.count)
        let repairs = records.map { Double($0.attempts.filter { $0.kind == "repair" }.count) }
        meanRepairRounds = repairs.isEmpty ? 0 : repairs.reduce(0, +) / Double(repairs.count)
        byStatus = Dictionary(grouping: records, by: \.status).mapValues(\.count)
        func groups(_ key: (ProvenanceRecord) -> String) -> [Group] {
            Dictionary(grouping: records, by: key).map { name, items in
                Group(
                    name: name, generations: items.count, passed: items.filter { $0.status == "passed" }.count,
                    accepted: items.filter { $0.review.state == .accepted }.count,
                    rejected: items.filter { $0.review.state == .rejected }.count)
            }.sorted { $0.name < $1.name }
        }
        byTemplate = groups { "\($0.template.name) \($0.template.version)" }
        byModel = groups { $0.model.name }
    }
}

/// `require_review = true`: a generated change still in a file that nobody accepted.
public enum ReviewGate {
    /// For each of `files` (absolute), the records whose generated content is still there
    /// unaccepted: the file's hash is the one the record wrote.
    public static func unreviewed(in files: [URL], root: URL) throws -> [(file: URL, record: ProvenanceRecord)] {
        let records = try RecordStore(root: root).all().filter { $0.review.state != .accepted }
        var found: [(URL, ProvenanceRecord)] = []
        for file in files {
            guard let data = try? Data(contentsOf: file) else { continue }
            let hash = FileDigest.sha256(of: data)
            let path = file.standardizedFileURL.path
            for record in records
            where record.outputs.contains(where: {
                root.appendingPathComponent($0.path).standardizedFileURL.path == path && $0.sha256 == hash
            }) {
                found.append((file, record))
            }
        }
        return found
    }
}
