import Foundation
import KilnCore
import KilnSystem
import KilnValidation

/// The library-side front end of `kiln check`: static findings over files or a git diff, as a
/// report every front end renders its own way (text, JSON, SARIF, JUnit; editor diagnostics).
public struct CheckService: Sendable {
    public struct Request: Sendable {
        /// Files or directories, relative to the project directory.
        public var paths: [String]
        /// Only findings on lines changed since this git revision.
        public var diffBase: String?
        public var language: String
        public var scan: ProjectScanOptions
        /// A baseline of accepted findings: only findings it does not hold are reported.
        public var baseline: String?
        /// Write the baseline from this run's findings first (so this run reports none).
        public var updatesBaseline: Bool

        public init(
            paths: [String] = ["."], diffBase: String? = nil, language: String = "python",
            scan: ProjectScanOptions = ProjectScanOptions(), baseline: String? = nil, updatesBaseline: Bool = false
        ) {
            self.paths = paths
            self.diffBase = diffBase
            self.language = language
            self.scan = scan
            self.baseline = baseline
            self.updatesBaseline = updatesBaseline
        }
    }

    /// What a check found, and how many findings a baseline accepted.
    public struct Outcome: Sendable {
        public var report: FindingReport
        public var acceptedByBaseline: Int
    }

    public var workbench: Workbench

    public init(workbench: Workbench) { self.workbench = workbench }

    public func check(_ request: Request, toolVersion: String) async throws -> Outcome {
        let root = workbench.root
        if request.updatesBaseline && request.baseline == nil {
            throw InputError("--update-baseline needs --baseline FILE: the file to write")
        }
        let toolchain = try await workbench.toolchain(language: request.language)
        let unknown = request.scan.extraScanners.subtracting(toolchain.optionalScanners)
        guard unknown.isEmpty else {
            throw InputError(
                "no optional scanner named \(unknown.sorted().joined(separator: ", ")) for \(toolchain.language); there are: \(toolchain.optionalScanners.joined(separator: ", "))"
            )
        }
        let requested = try ProjectChecker.sourceFiles(in: request.paths.map(workbench.url), of: toolchain)
        var changedLines: [String: Set<Int>]?
        var files = requested
        if let base = request.diffBase {
            let changes = try await GitDiff.changedLines(since: base, in: root, fileExtension: toolchain.fileExtension)
            changedLines = changes
            files = requested.filter { changes[$0.path] != nil }
        }
        let checker = ProjectChecker(
            toolchain: toolchain, root: root, licenseIndex: try workbench.licenseIndex(), options: request.scan)
        workbench.progress.status("kiln: checking \(files.count) files…")
        var findings = try await checker.check(files)
        workbench.progress.clear()
        if let changedLines {
            findings = findings.filter { finding in
                guard let path = finding.path, let line = finding.line else { return true }
                return changedLines[root.appendingPathComponent(path).standardizedFileURL.path]?.contains(line) ?? false
            }
        }
        var accepted = 0
        if let path = request.baseline {
            let url = workbench.url(path)
            let lines = LineReader(root: root)
            if request.updatesBaseline {
                try FindingBaseline.accepting(findings, lineText: lines.text).save(url)
                workbench.progress.line("kiln: wrote \(findings.count) accepted findings to \(url.path)")
            }
            (findings, accepted) = try FindingBaseline.load(url).newFindings(in: findings, lineText: lines.text)
        }
        return Outcome(
            report: FindingReport(findings: findings, files: files.map(checker.relative), toolVersion: toolVersion),
            acceptedByBaseline: accepted)
    }
}

extension CheckService {
    /// Code that is not a file (yet): an agent's snippet, an editor's unsaved buffer. `path` is
    /// where it would live in the project; it names the language, and the project around it is
    /// what the import firewall resolves its imports against.
    public struct Snippet: Sendable {
        public var code: String
        public var path: String

        public init(code: String, path: String) {
            self.code = code
            self.path = path
        }
    }

    /// The static findings on `snippet`, as if it were the file at its path; the project's files
    /// are not touched (the code is checked from a scratch copy outside the project).
    public func check(
        _ snippet: Snippet, language: String = "python", scan: ProjectScanOptions = ProjectScanOptions(), toolVersion: String
    ) async throws -> Outcome {
        let toolchain = try await workbench.toolchain(language: language)
        let name = URL(fileURLWithPath: snippet.path).lastPathComponent
        guard !name.isEmpty, toolchain.isSourceFile(URL(fileURLWithPath: name)) else {
            throw InputError(
                "'\(snippet.path)' is not a \(toolchain.language) file name; name the snippet's file, for example module.\(toolchain.fileExtension)")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-snippet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let file = scratch.appendingPathComponent(name)
        try Data(snippet.code.utf8).write(to: file)
        let checker = ProjectChecker(
            toolchain: toolchain, root: workbench.root, licenseIndex: try workbench.licenseIndex(), options: scan)
        // One file was checked: every finding with a place is about the snippet.
        let findings = try await checker.check([file]).map { finding -> Finding in
            var finding = finding
            if finding.path != nil { finding.path = snippet.path }
            return finding
        }
        return Outcome(
            report: FindingReport(findings: findings, files: [snippet.path], toolVersion: toolVersion), acceptedByBaseline: 0)
    }
}

/// The text of a finding's line, each file read once.
final class LineReader: @unchecked Sendable {
    // @unchecked: used from one task at a time (the check's own).
    let root: URL
    private var files: [String: [Substring]] = [:]

    init(root: URL) { self.root = root }

    func text(_ finding: Finding) -> String? {
        guard let path = finding.path, let line = finding.line, line >= 1 else { return nil }
        if files[path] == nil {
            let text = (try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)) ?? ""
            files[path] = text.split(separator: "\n", omittingEmptySubsequences: false)
        }
        guard let lines = files[path], line <= lines.count else { return nil }
        return String(lines[line - 1])
    }
}

/// Lines added or changed since a git revision.
public enum GitDiff {
    public static func changedLines(since base: String, in root: URL, fileExtension: String) async throws -> [String: Set<Int>] {
        guard let git = ProcessRunner.which("git") else {
            throw EnvironmentError("--diff needs git, which is not installed")
        }
        let top = try await ProcessRunner.run(
            git, ["rev-parse", "--show-toplevel"], currentDirectory: root, timeout: .seconds(30))
        guard top.succeeded else {
            throw InputError(
                "--diff needs a git repository: \(top.stderrText.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        let repository = URL(fileURLWithPath: top.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines))
        let result = try await ProcessRunner.run(
            git, ["diff", "--unified=0", "--no-color", "--no-ext-diff", base, "--", "*.\(fileExtension)"],
            currentDirectory: root, timeout: .seconds(120))
        guard result.succeeded else {
            throw InputError("git diff \(base) failed: \(result.stderrText.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return parse(result.stdoutText, repository: repository)
    }

    /// Absolute path → new-side line numbers of each hunk.
    public static func parse(_ diff: String, repository: URL) -> [String: Set<Int>] {
        var changes: [String: Set<Int>] = [:]
        var current: String?
        for line in diff.split(separator: "\n") {
            if line.hasPrefix("+++ ") {
                let name = line.dropFirst(4)
                current =
                    name == "/dev/null"
                    ? nil
                    : repository.appendingPathComponent(String(name.hasPrefix("b/") ? name.dropFirst(2) : name))
                        .standardizedFileURL.path
                if let current, changes[current] == nil { changes[current] = [] }
            } else if line.hasPrefix("@@"), let current,
                let plus = line.split(separator: " ").first(where: { $0.hasPrefix("+") })
            {
                let parts = plus.dropFirst().split(separator: ",")
                let start = Int(parts.first ?? "") ?? 0
                let count = parts.count > 1 ? Int(parts[1]) ?? 1 : 1
                if count > 0 { changes[current, default: []].formUnion(start..<(start + count)) }
            }
        }
        return changes
    }
}

/// The library-side front end of `kiln validate`: every check on an existing file, its tests run
/// in the sandbox; fixes are reported, never applied to the user's file.
public struct FileValidationService: Sendable {
    /// What `kiln validate --json` prints.
    public struct Report: Codable, Sendable {
        public var file: String
        public var passed: Bool
        public var checks: [String]
        public var findings: [Finding]
        public var tests: [TestCaseResult]
        public var isolation: String?
    }

    public var workbench: Workbench

    public init(workbench: Workbench) { self.workbench = workbench }

    public func validate(
        file: String, tests: [String] = [], language: String = "python", onlineImports: Bool = false
    ) async throws -> Report {
        let (_, code) = try workbench.read(file)
        let testFiles = try tests.map { path in SourceFile(path: path, code: try workbench.read(path).text) }
        let toolchain = try await workbench.toolchain(language: language)
        let sandbox = try await workbench.sandbox(for: toolchain)
        let context = ValidationContext(
            toolchain: toolchain, sandbox: sandbox, projectRoot: workbench.root, tests: testFiles,
            licenseIndex: try workbench.licenseIndex(), onlineLookup: onlineImports ? Workbench.registryLookup : nil)
        workbench.progress.status("kiln: validating \(file)…")
        let suite = ValidationSuite(validators: toolchain.validators(for: .existingFile))
        let outcome = try await suite.run(SourceFile(path: file, code: code), context: context)
        workbench.progress.clear()
        return Report(
            file: file, passed: outcome.passed, checks: outcome.checks, findings: outcome.findings, tests: outcome.tests,
            isolation: sandbox.isolation.rawValue)
    }
}
