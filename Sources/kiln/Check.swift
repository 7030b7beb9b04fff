import ArgumentParser
import Foundation
import KilnCore
import KilnModels
import KilnSystem
import KilnValidation

extension Kiln {
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The CI gate: security, secrets, imports and lint findings over files or a git diff.",
            discussion: """
                Runs the static validators (ruff's security rules, the secret scanner, the hallucinated-import
                firewall, the licence matcher, ruff's lint rules) without running any code. Exits 1 when a
                finding reaches --fail-on. Ruff's S rules are its port of bandit's checks; --bandit runs
                bandit itself as well, for the few checks ruff has not ported, at many times the cost.

                Examples:
                  kiln check src/
                  kiln check . --diff origin/main --format sarif > kiln.sarif
                  kiln check app.py --format json --fail-on warning
                  kiln check src/ --bandit
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, sarif, junit }

        @Argument(help: "Files or directories to check (directories are searched for .py files).")
        var paths: [String] = ["."]

        @Option(
            name: .long, help: ArgumentHelp("Only report findings on lines changed since this git revision.", valueName: "base"))
        var diff: String?

        @Option(name: .long, help: "Output format: text, json, sarif or junit.")
        var format: Format = .text

        @Option(name: .customLong("fail-on"), help: "Lowest severity that fails the check: error, warning or info.")
        var failOn: Finding.Severity = .error

        @Flag(name: .long, help: "Run bandit as well as ruff's security rules (slower; adds bandit's unported checks).")
        var bandit = false

        @Flag(name: .customLong("online-imports"), help: "Look unknown imports up on PyPI (sends their names to the registry).")
        var onlineImports = false

        func run() async throws {
            let progress = ProgressReporter.fromEnvironment()
            try await runReportingErrors(progress: progress, json: format == .json) {
                let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
                let requested = try ProjectChecker.pythonFiles(
                    in: paths.map { URL(fileURLWithPath: $0, relativeTo: root).standardizedFileURL })
                var changedLines: [String: Set<Int>]?
                var files = requested
                if let diff {
                    let changes = try await GitDiff.changedLines(since: diff, in: root)
                    changedLines = changes
                    files = requested.filter { changes[$0.path] != nil }
                }
                let support = try await ValidationSupport.make(progress: progress, root: root)
                let checker = ProjectChecker(
                    toolchain: support.toolchain, environment: support.environment, project: support.project, root: root,
                    licenseIndex: support.licenseIndex, onlineLookup: onlineImports ? ValidationSupport.pypiLookup : nil,
                    runsBandit: bandit)
                progress.status("kiln: checking \(files.count) files…")
                var findings = try await checker.check(files)
                progress.clear()
                if let changedLines {
                    findings = findings.filter { finding in
                        guard let path = finding.path, let line = finding.line else { return true }
                        return changedLines[root.appendingPathComponent(path).standardizedFileURL.path]?.contains(line) ?? false
                    }
                }
                let report = FindingReport(
                    findings: findings, files: files.map(checker.relative), toolVersion: Kiln.configuration.version)
                switch format {
                case .text: FileHandle.standardOutput.write(Data(report.text().utf8))
                case .json: FileHandle.standardOutput.write(try report.json() + Data("\n".utf8))
                case .sarif: FileHandle.standardOutput.write(try report.sarif() + Data("\n".utf8))
                case .junit: FileHandle.standardOutput.write(Data(report.junit(failOn: failOn).utf8))
                }
                if !report.reaching(failOn).isEmpty { throw ExitCode(KilnExit.checksFailed) }
            }
        }
    }
}

extension Finding.Severity: ExpressibleByArgument {}

/// What the validators need from the machine: Kiln's Python with its tools, the project's
/// Python facts, the project's declared dependencies, and the sandbox.
struct ValidationSupport {
    var toolchain: PythonToolchain
    var environment: PythonEnvironmentFacts
    var project: ProjectDependencies
    var sandbox: Sandbox?
    var licenseIndex: LicenseIndex?

    /// PyPI look-ups for the import firewall.
    static let pypiLookup: OnlineLookup = { names in try await PackageRegistry().existing(names) }

    static func make(progress: ProgressReporter, root: URL, needsSandbox: Bool = false) async throws -> ValidationSupport {
        let paths = KilnPaths.fromEnvironment()
        let environment = PythonEnvironment(paths: paths, progress: progress)
        let python = try await environment.ensure()
        let toolchain = PythonToolchain(python: python, helperDirectory: paths.helpers)
        // The project's own interpreter decides what is installed: its .venv, else python3.
        let target =
            [".venv/bin/python", "venv/bin/python"].map { root.appendingPathComponent($0) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
            ?? ProcessRunner.which("python3").map { URL(fileURLWithPath: $0) } ?? python
        let facts = try await toolchain.environmentFacts(of: target)
        var sandbox: Sandbox?
        if needsSandbox {
            let isolation = await Sandbox.detect()
            if isolation == .rlimitsOnly {
                progress.line(
                    "kiln: WARNING: no isolation available (bubblewrap or unshare); generated code runs with resource limits only. Install bubblewrap."
                )
            }
            sandbox = Sandbox(isolation: isolation, readablePaths: toolchain.runtimePaths)
        }
        let licenseIndex = try LicenseIndex.load(LicenseValidator.indexURL(root: root, paths: paths))
        return ValidationSupport(
            toolchain: toolchain, environment: facts, project: ProjectDependencies.load(root: root), sandbox: sandbox,
            licenseIndex: licenseIndex)
    }
}

/// Lines added or changed since a git revision.
enum GitDiff {
    static func changedLines(since base: String, in root: URL) async throws -> [String: Set<Int>] {
        guard let git = ProcessRunner.which("git") else {
            throw ModelError.configuration("--diff needs git, which is not installed")
        }
        let top = try await ProcessRunner.run(
            git, ["rev-parse", "--show-toplevel"], currentDirectory: root, timeout: .seconds(30))
        guard top.succeeded else {
            throw ModelError.configuration(
                "--diff needs a git repository: \(top.stderrText.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        let repository = URL(fileURLWithPath: top.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines))
        let result = try await ProcessRunner.run(
            git, ["diff", "--unified=0", "--no-color", "--no-ext-diff", base, "--", "*.py"], currentDirectory: root,
            timeout: .seconds(120))
        guard result.succeeded else {
            throw ModelError.configuration(
                "git diff \(base) failed: \(result.stderrText.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return parse(result.stdoutText, repository: repository)
    }

    /// Absolute path → new-side line numbers of each hunk.
    static func parse(_ diff: String, repository: URL) -> [String: Set<Int>] {
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
