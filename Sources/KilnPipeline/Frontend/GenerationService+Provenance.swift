import Foundation
import KilnCore
import KilnModels
import KilnSystem
import KilnValidation
import KilnWorkflow

/// Provenance: every generation that writes files leaves a record beside them, and `--commit`
/// commits exactly those files and the record, with `Kiln-*` trailers.
extension GenerationService {
    /// What `--commit` will do, settled before any model call: every refusal costs nothing.
    struct CommitPlan: Sendable {
        var repository: GitRepository
        var baseBranch: String
        /// The new branch to create, or nil to commit on `baseBranch`.
        var newBranch: String?
        var coAuthor: Bool
    }

    func commitPlan(for request: GenerationRequest) async throws -> CommitPlan? {
        let configured =
            request.followsCommitSetting && workbench.configuration.commit == true ? request.commitPreferences : nil
        guard let commit = request.commit ?? configured, request.output != .returned else { return nil }
        guard let repository = try await GitRepository.find(from: workbench.root) else {
            throw InputError("--commit needs a git repository, and \(workbench.root.path) is in none; run git init, or drop --commit")
        }
        guard await repository.hasCommits() else {
            throw InputError("--commit needs a first commit in \(repository.root.path) to build on; make one, or drop --commit")
        }
        guard let branch = try await repository.currentBranch() else {
            throw InputError("HEAD is detached in \(repository.root.path); switch to a branch first, or drop --commit")
        }
        if let operation = try await repository.operationInProgress() {
            throw InputError("\(operation) is in progress in \(repository.root.path); finish or abort it first, or drop --commit")
        }
        try await repository.requireIdentity()
        var touched: [String] = []
        for url in touchedFiles(request) {
            guard let relative = repository.relative(url) else {
                throw InputError("\(url.path) is outside the repository at \(repository.root.path); --commit commits only files inside it")
            }
            touched.append(relative)
        }
        let dirty = try await repository.uncommitted(touched)
        guard dirty.isEmpty else {
            throw InputError(
                "\(dirty.joined(separator: ", ")) \(dirty.count == 1 ? "has" : "have") changes that are not committed; commit or stash them first (Kiln commits only its own changes and will not mix yours in)"
            )
        }
        let newBranch = commit.newBranch ? await repository.freeBranchName("kiln/" + Self.slug(of: request)) : nil
        return CommitPlan(repository: repository, baseBranch: branch, newBranch: newBranch, coAuthor: commit.coAuthor)
    }

    /// The existing files the request would write over.
    func touchedFiles(_ request: GenerationRequest) -> [URL] {
        var files: [URL] = []
        switch request.output {
        case .file(let path, _): files.append(workbench.url(path))
        case .into(let path): files.append(workbench.url(path))
        case .none:
            switch request.task {
            case .refactor(let source, _, _), .docs(let source, _, _), .implement(let source, _): files.append(workbench.url(source))
            default: break
            }
        case .returned: break
        }
        return files.filter { FileManager.default.fileExists(atPath: $0.path) }
    }

    static func slug(of request: GenerationRequest) -> String {
        switch request.task {
        case .function(let spec), .class(let spec):
            // The name the spec gives the code, when it gives one ("a function named is_even ...").
            if let name = spec.firstMatch(of: /\b(?:named|called)\s+`?([A-Za-z_][A-Za-z0-9_]*)/)?.output.1 {
                return ProvenanceRecord.slug(String(name).replacingOccurrences(of: "_", with: " "))
            }
            return ProvenanceRecord.slug(spec)
        case .tests(let source, _): return ProvenanceRecord.slug("tests " + URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent)
        case .refactor(_, let target, _): return ProvenanceRecord.slug("refactor " + target)
        case .docs(let source, let target, _): return ProvenanceRecord.slug("docs " + (target ?? URL(fileURLWithPath: source).lastPathComponent))
        case .implement(_, let target): return ProvenanceRecord.slug("implement " + target)
        }
    }

    /// Writes the record of a generation that wrote files and, with a plan, commits them.
    func keepProvenance(
        of outcome: GenerationOutcome, request: GenerationRequest, plan: CommitPlan?, started: Date
    ) async throws -> GenerationOutcome {
        guard request.keepsRecord, outcome.status != .failed, let written = outcome.outputPath else { return outcome }
        let store = RecordStore(root: workbench.root)
        var record = try makeRecord(outcome, request: request, started: started, written: [written])
        if let plan {
            record.commit = .init(
                branch: plan.newBranch ?? plan.baseBranch, baseBranch: plan.baseBranch, newBranch: plan.newBranch != nil)
        }
        try store.save(record)
        var outcome = outcome
        let recordPath = relative(store.url(of: record.id))
        outcome.provenance = Provenance(record: recordPath, commit: nil)
        guard let plan else { return outcome }
        let files = try ([URL(fileURLWithPath: written), store.url(of: record.id)]).map { url -> String in
            guard let path = plan.repository.relative(url) else { throw InputError("\(url.path) is outside the repository") }
            return path
        }
        do {
            let (branch, sha) = try await plan.repository.commit(
                files, message: Self.commitMessage(record, recordPath: recordPath, coAuthor: plan.coAuthor), newBranch: plan.newBranch)
            outcome.provenance?.commit = .init(branch: branch, sha: sha)
        } catch {
            // The working tree goes back to what it was: the record and a new file removed, a
            // replaced file restored from its backup. Branches and HEAD were never moved, or
            // were moved back by the commit itself.
            try? FileManager.default.removeItem(at: store.url(of: record.id))
            let output = URL(fileURLWithPath: written)
            if let backup = outcome.backupPath {
                _ = try? FileManager.default.replaceItemAt(output, withItemAt: URL(fileURLWithPath: backup))
            } else {
                try? FileManager.default.removeItem(at: output)
            }
            throw EnvironmentError(
                "committing failed, so nothing was written or committed (the working tree, branches and HEAD are as they were; run again once git works): \(error)")
        }
        return outcome
    }

    func relative(_ url: URL) -> String {
        let base = workbench.root.standardizedFileURL.path + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }

    func makeRecord(_ outcome: GenerationOutcome, request: GenerationRequest, started: Date, written: [String]) throws
        -> ProvenanceRecord
    {
        func file(_ path: String) -> ProvenanceRecord.File {
            let url = workbench.url(path)
            return .init(path: relative(url), sha256: (try? FileDigest.sha256(of: Data(contentsOf: url))) ?? "")
        }
        let prompt: GenerationResult.Prompt
        let model: ModelDescriptor
        var attempts: [ProvenanceRecord.Attempt] = []
        var requirements: [ProvenanceRecord.Requirement]?
        let seconds: Double
        let checks: [String]
        let findings: [Finding]
        switch outcome {
        case .code(let result):
            (prompt, model, checks, findings, seconds) = (
                result.prompt, result.model, result.checks, result.findings, result.timings.totalSeconds
            )
            attempts = result.attempts.map { attempt in
                .init(
                    number: attempt.number, kind: attempt.kind, passed: attempt.passed, findings: attempt.findings,
                    testsPassed: attempt.tests.filter { $0.outcome == .passed }.count,
                    testsFailed: attempt.tests.filter { $0.outcome != .passed }.map(\.name))
            }
            requirements = result.requirements?.map {
                .init(id: $0.id, text: $0.text, status: $0.status.rawValue, checkedBy: $0.checkedBy)
            }
        case .refactor(let result):
            (prompt, model, checks, findings, seconds) = (result.prompt, result.model, result.checks, result.findings, 0)
        case .docs(let result):
            (prompt, model, checks, findings, seconds) = (result.prompt, result.model, result.checks, result.findings, result.seconds)
        }
        let spec: String?
        var source: String?
        var target: String?
        var instruction: String?
        switch request.task {
        case .function(let text), .class(let text): spec = text
        case .tests(let path, let functions):
            (spec, source, target) = (nil, path, functions?.joined(separator: ", "))
        case .refactor(let path, let name, let what): (spec, source, target, instruction) = (nil, path, name, what)
        case .docs(let path, let name, _): (spec, source, target) = (nil, path, name)
        case .implement(let path, let name): (spec, source, target) = (nil, path, name)
        }
        var modelSHA: String?
        if case .registry(let registered, _, _) = try? ModelSelection.resolve(workbench.configuration), registered.name == model.name {
            modelSHA = registered.sha256
        }
        let options = request.options
        // A secret in the request is not carried into the repository (or its history) by the record.
        let scanner = SecretScanner()
        return ProvenanceRecord(
            id: ProvenanceRecord.newID(slug: Self.slug(of: request)), created: started, kilnVersion: "0.1.0",
            request: .init(
                pattern: request.task.pattern == "function" && source != nil ? "implement" : request.task.pattern,
                language: request.language, spec: spec.map(scanner.redact), source: source.map { relative(workbench.url($0)) },
                target: target, instruction: instruction.map(scanner.redact)),
            specLint: spec.map { PromptLinter().lint($0).findings } ?? [],
            template: .init(name: prompt.template, version: prompt.version, sha256: prompt.sha256, source: prompt.source),
            context: (prompt.contextFiles ?? []).map(file),
            model: .init(
                name: model.name, provider: model.provider.rawValue, endpoint: model.endpoint, local: model.isLocal, sha256: modelSHA,
                temperature: options.temperature, maxTokens: options.maxTokens, seed: options.seed, samples: options.samples,
                maxRepairs: options.maxRepairs),
            attempts: attempts, checks: checks, status: outcome.status.rawValue, findings: findings, requirements: requirements,
            outputs: written.map(file), seconds: seconds,
            redactions: workbench.redactions.entries.map { .init(rule: $0.rule, place: $0.place) })
    }

    /// The commit message: what was generated, then the trailers a reviewer (and `git log
    /// --grep`) reads the provenance from.
    static func commitMessage(_ record: ProvenanceRecord, recordPath: String, coAuthor: Bool) -> String {
        let what = record.request.spec ?? [record.request.target, record.request.source].compactMap { $0 }.joined(separator: " in ")
        var subject = "kiln: \(record.request.pattern) \(what.split(separator: "\n").first ?? "")"
        if subject.count > 72 { subject = String(subject.prefix(71)) + "…" }
        let tests = record.attempts.last.flatMap { attempt in
            attempt.testsPassed + attempt.testsFailed.count == 0
                ? nil : "tests \(attempt.testsPassed)/\(attempt.testsPassed + attempt.testsFailed.count) passed"
        }
        let held = record.requirements.map { list in "requirements \(list.filter { $0.status == "held" }.count)/\(list.count) held" }
        var trailers = [
            "Kiln-Record: \(recordPath)",
            "Kiln-Template: \(record.template.name) \(record.template.version) sha256:\(record.template.sha256)",
            "Kiln-Model: \(record.model.name) " + (record.model.sha256.map { "sha256:\($0)" } ?? record.model.endpoint),
            "Kiln-Checks: " + ([record.status, record.checks.isEmpty ? "no checks ran" : record.checks.joined(separator: ", ")]
                + [tests, held].compactMap { $0 }).joined(separator: "; "),
        ]
        if coAuthor { trailers.append("Co-authored-by: Kiln <kiln@localhost>") }
        let body = record.request.spec.map { "\n\n" + $0 } ?? record.request.instruction.map { "\n\n" + $0 } ?? ""
        return subject + body + "\n\n" + trailers.joined(separator: "\n") + "\n"
    }
}
