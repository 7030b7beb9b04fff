import Foundation
import KilnCore
import KilnSystem

/// `kiln check`: the static validators over many files at once. Each tool runs once over the
/// whole file list (ruff and bandit are much faster that way than per file).
public struct ProjectChecker: Sendable {
    public var toolchain: PythonToolchain
    public var environment: PythonEnvironmentFacts
    public var project: ProjectDependencies
    public var root: URL
    public var licenseIndex: LicenseIndex?
    public var onlineLookup: OnlineLookup?
    /// Run bandit besides ruff's `S` rules (ruff's port of bandit's checks, which cover the same
    /// issues in a fraction of the time; bandit adds the few it has not ported).
    public var runsBandit: Bool

    public init(
        toolchain: PythonToolchain, environment: PythonEnvironmentFacts, project: ProjectDependencies, root: URL,
        licenseIndex: LicenseIndex? = nil, onlineLookup: OnlineLookup? = nil, runsBandit: Bool = false
    ) {
        self.runsBandit = runsBandit
        self.onlineLookup = onlineLookup
        self.licenseIndex = licenseIndex
        self.toolchain = toolchain
        self.environment = environment
        self.project = project
        self.root = root
    }

    /// Directories never searched for Python files.
    static let skipped: Set<String> = [
        ".git", ".hg", ".venv", "venv", "env", "node_modules", "__pycache__", ".build", "site-packages",
        ".tox", ".mypy_cache", ".ruff_cache", ".pytest_cache", "build", "dist",
    ]

    /// The `.py` files of `paths` (files as given, directories searched).
    public static func pythonFiles(in paths: [URL]) throws -> [URL] {
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
                } else if url.pathExtension == "py" {
                    files.append(url)
                }
            }
        }
        return files.map(\.standardizedFileURL).sorted { $0.path < $1.path }
    }

    public func check(_ files: [URL]) async throws -> [Finding] {
        guard !files.isEmpty else { return [] }
        async let ruff = runRuff(files)
        async let bandit = runsBandit ? runBandit(files) : []
        async let imports = runImports(files)
        async let scanned = scanContents(files)
        var findings = try await ruff + bandit + imports
        findings += await scanned
        return ValidationSuite.deduplicated(findings).sorted {
            ($0.path ?? "", $0.line ?? 0, $0.rule) < ($1.path ?? "", $1.line ?? 0, $1.rule)
        }
    }

    /// Secrets and licensed snippets, read from the files' text (in parallel with the tools, and
    /// spread over the cores: on a large tree this scan is the longest part of the check).
    private func scanContents(_ files: [URL]) async -> [Finding] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, files.count))
        return await withTaskGroup(of: [Finding].self) { group in
            for worker in 0..<workers {
                group.addTask {
                    let scanner = SecretScanner()
                    var findings: [Finding] = []
                    for file in stride(from: worker, to: files.count, by: workers).map({ files[$0] }) {
                        guard let code = try? String(contentsOf: file, encoding: .utf8) else { continue }
                        let path = relative(file)
                        findings += scanner.scan(code, path: path)
                        findings += LicenseValidator.findings(for: SourceFile(path: path, code: code), index: licenseIndex)
                    }
                    return findings
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
    }

    public func relative(_ url: URL) -> String {
        let base = root.standardizedFileURL.path + "/"
        return url.path.hasPrefix(base) ? String(url.path.dropFirst(base.count)) : url.path
    }

    private func runRuff(_ files: [URL]) async throws -> [Finding] {
        let result = try await ProcessRunner.run(
            toolchain.python.path,
            [
                "-m", "ruff", "check", "--no-cache", "--isolated", "--exit-zero", "--output-format", "json", "--select",
                RuffValidator.selection,
                "--ignore", RuffValidator.ignored,
            ] + files.map(\.path),
            currentDirectory: root, timeout: .seconds(1800))
        guard let diagnostics = try? JSONDecoder().decode([RuffFileDiagnostic].self, from: result.stdout) else {
            throw ValidationError.toolFailed("ruff", String(result.stderrText.suffix(600)))
        }
        return diagnostics.map { $0.diagnostic.finding(path: relative(URL(fileURLWithPath: $0.filename))) }
    }

    private func runBandit(_ files: [URL]) async throws -> [Finding] {
        let result = try await ProcessRunner.run(
            toolchain.python.path, ["-m", "bandit", "-f", "json", "-q", "--skip", "B101"] + files.map(\.path),
            currentDirectory: root, timeout: .seconds(3600))
        guard let report = try? JSONDecoder().decode(BanditFileReport.self, from: result.stdout) else {
            throw ValidationError.toolFailed("bandit", String((result.stderrText + result.stdoutText).suffix(600)))
        }
        return report.results.map { issue in
            Finding(
                rule: "bandit/\(issue.issue.testID)", category: .security,
                severity: SecurityRules.severity(
                    bandit: issue.issue.issueSeverity, confidence: issue.issue.issueConfidence, testID: issue.issue.testID),
                path: relative(URL(fileURLWithPath: issue.filename)), line: issue.issue.lineNumber,
                column: (issue.issue.colOffset ?? 0) + 1,
                message: "\(issue.issue.issueText) (\(issue.issue.testName))", fixHint: issue.issue.moreInfo.map { "see \($0)" },
                cwe: issue.issue.issueCWE?.id)
        }
    }

    private func runImports(_ files: [URL]) async throws -> [Finding] {
        let byFile = try await toolchain.imports(in: files.map { .file($0) })
        var firewall = ImportFirewall(environment: environment, project: project)
        if let onlineLookup {
            let unresolved = byFile.values.reduce(into: Set<String>()) { $0.formUnion(firewall.unresolvedCandidates($1)) }
            if !unresolved.isEmpty { firewall.confirmedOnline = try await onlineLookup(unresolved) }
        }
        return byFile.sorted { $0.key < $1.key }.flatMap { path, imports in
            firewall.check(imports, path: relative(URL(fileURLWithPath: path)))
        }
    }

}

struct RuffFileDiagnostic: Decodable {
    var filename: String
    var diagnostic: RuffDiagnostic

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        filename = try container.decode(String.self, forKey: .filename)
        diagnostic = try RuffDiagnostic(from: decoder)
    }

    enum CodingKeys: String, CodingKey { case filename }
}

struct BanditFileReport: Decodable {
    struct FileIssue: Decodable {
        var filename: String
        var issue: BanditReport.Issue

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            filename = try container.decode(String.self, forKey: .filename)
            issue = try BanditReport.Issue(from: decoder)
        }

        enum CodingKeys: String, CodingKey { case filename }
    }

    var results: [FileIssue]
}
