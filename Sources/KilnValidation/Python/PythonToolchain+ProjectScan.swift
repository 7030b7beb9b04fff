import Foundation
import KilnCore
import KilnSystem

extension PythonToolchain {
    /// The optional scanners of `kiln check --with`: bandit itself, for the few checks ruff's `S`
    /// rules (its port of bandit) have not ported, at many times the cost.
    public var optionalScanners: [String] { Self.optionalScannerNames }
    public static let optionalScannerNames = ["bandit"]

    /// ruff (lint and security rules), the import firewall and, when asked for, bandit, each run
    /// once over the whole file list.
    public func scanProject(_ files: [URL], root: URL, options: ProjectScanOptions) async throws -> [Finding] {
        async let ruff = runRuff(files, root: root)
        async let bandit = options.extraScanners.contains("bandit") ? runBandit(files, root: root) : []
        async let imports = runImports(files, root: root, onlineLookup: options.onlineLookup)
        return try await ruff + bandit + imports
    }

    /// Ruff's `S` rules re-implement bandit's: one issue on one line is reported once, as bandit's.
    public func deduplicated(_ findings: [Finding]) -> [Finding] {
        let bandit = Set(
            findings.filter { $0.rule.hasPrefix("bandit/B") }.map { "\($0.rule.dropFirst("bandit/B".count)):\($0.line ?? 0)" })
        return findings.filter { finding in
            guard finding.rule.hasPrefix("ruff/S") else { return true }
            return !bandit.contains("\(finding.rule.dropFirst("ruff/S".count)):\(finding.line ?? 0)")
        }.sorted { ($0.line ?? 0, $0.rule) < ($1.line ?? 0, $1.rule) }
    }

    private func relative(_ root: URL, _ url: URL) -> String {
        let base = root.standardizedFileURL.path + "/"
        return url.path.hasPrefix(base) ? String(url.path.dropFirst(base.count)) : url.path
    }

    private func runRuff(_ files: [URL], root: URL) async throws -> [Finding] {
        let result = try await ProcessRunner.run(
            python.path,
            [
                "-m", "ruff", "check", "--no-cache", "--isolated", "--exit-zero", "--output-format", "json", "--select",
                RuffValidator.selection,
                "--ignore", RuffValidator.ignored,
            ] + files.map(\.path),
            currentDirectory: root, timeout: .seconds(1800))
        guard let diagnostics = try? JSONDecoder().decode([RuffFileDiagnostic].self, from: result.stdout) else {
            throw ValidationError.toolFailed("ruff", String(result.stderrText.suffix(600)))
        }
        var findings: [Finding] = []
        for (filename, group) in Dictionary(grouping: diagnostics, by: \.filename).sorted(by: { $0.key < $1.key }) {
            let path = relative(root, URL(fileURLWithPath: filename))
            var file = group.map { $0.diagnostic.finding(path: path, origin: .existing) }
            if file.contains(where: { $0.rule == "ruff/F821" && $0.severity == .error }),
                let code = try? String(contentsOf: URL(fileURLWithPath: filename), encoding: .utf8)
            {
                file = PythonRulePolicy.honouringTypeCheckerMarks(file, code: code)
            }
            findings += file
        }
        return findings
    }

    private func runBandit(_ files: [URL], root: URL) async throws -> [Finding] {
        let result = try await ProcessRunner.run(
            python.path, ["-m", "bandit", "-f", "json", "-q", "--skip", "B101"] + files.map(\.path),
            currentDirectory: root, timeout: .seconds(3600))
        guard let report = try? JSONDecoder().decode(BanditFileReport.self, from: result.stdout) else {
            throw ValidationError.toolFailed("bandit", String((result.stderrText + result.stdoutText).suffix(600)))
        }
        return report.results.map { issue in
            Finding(
                rule: "bandit/\(issue.issue.testID)", category: .security,
                severity: SecurityRules.severity(
                    bandit: issue.issue.issueSeverity, confidence: issue.issue.issueConfidence, testID: issue.issue.testID),
                path: relative(root, URL(fileURLWithPath: issue.filename)), line: issue.issue.lineNumber,
                column: (issue.issue.colOffset ?? 0) + 1,
                message: "\(issue.issue.issueText) (\(issue.issue.testName))", fixHint: issue.issue.moreInfo.map { "see \($0)" },
                cwe: issue.issue.issueCWE?.id)
        }
    }

    private func runImports(_ files: [URL], root: URL, onlineLookup: OnlineLookup?) async throws -> [Finding] {
        guard let facts else {
            throw EnvironmentError("the import check needs the project's Python (its standard library and installed packages)")
        }
        let byFile = try await imports(in: files.map { .file($0) })
        var firewall = ImportFirewall(environment: facts, project: project)
        if let onlineLookup {
            let unresolved = byFile.values.reduce(into: Set<String>()) { $0.formUnion(firewall.unresolvedCandidates($1)) }
            if !unresolved.isEmpty { firewall.confirmedOnline = try await onlineLookup(unresolved) }
        }
        return byFile.sorted { $0.key < $1.key }.flatMap { path, imports in
            let findings = firewall.check(imports, path: relative(root, URL(fileURLWithPath: path)))
            guard findings.contains(where: { $0.rule == "imports/unknown-package" }),
                let code = try? String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8)
            else { return findings }
            return PythonRulePolicy.honouringTypeCheckerMarks(findings, code: code)
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
