import Foundation
import KilnCore
import Testing

@testable import KilnValidation

/// `# kiln: ignore[RULE] reason`: how a team keeps a finding it has judged, on code it already has.
@Suite("Inline suppressions")
struct SuppressionTests {
    static func finding(_ rule: String, line: Int, path: String = "auth.py") -> Finding {
        Finding(rule: rule, category: .security, severity: .error, path: path, line: line, message: rule)
    }

    @Test func aSuppressionWithAReasonCoversItsRulesOnItsLineOnly() {
        let code = """
            import hashlib


            def digest(data: bytes) -> str:
                return hashlib.sha1(data).hexdigest()  # kiln: ignore[ruff/S324] RFC 7616 digest auth requires SHA-1


            def other(data: bytes) -> str:
                return hashlib.sha1(data).hexdigest()
            """
        let entries = Suppressions.parse(code, commentPrefix: "#")
        #expect(entries == [.init(line: 5, rules: ["ruff/S324"], reason: "RFC 7616 digest auth requires SHA-1")])
        let kept = Suppressions.apply(
            to: [Self.finding("ruff/S324", line: 5), Self.finding("ruff/S324", line: 9), Self.finding("ruff/S301", line: 5)],
            entries: ["auth.py": entries])
        #expect(kept.map(\.line) == [9, 5])
        #expect(kept.map(\.rule) == ["ruff/S324", "ruff/S301"])
    }

    @Test func theCodeAloneAndSeveralRulesAreAccepted() {
        let code = "value = eval(text)  # kiln: ignore[S307, bandit/B307] the shell evaluates what its own user typed\n"
        let kept = Suppressions.apply(
            to: [Self.finding("ruff/S307", line: 1), Self.finding("bandit/B307", line: 1)],
            entries: ["auth.py": Suppressions.parse(code, commentPrefix: "#")])
        #expect(kept.isEmpty)
    }

    @Test func aSuppressionWithoutAReasonSuppressesNothingAndIsReported() {
        let code = "data = pickle.loads(blob)  # kiln: ignore[ruff/S301]\n"
        let kept = Suppressions.apply(
            to: [Self.finding("ruff/S301", line: 1)], entries: ["auth.py": Suppressions.parse(code, commentPrefix: "#")])
        #expect(kept.map(\.rule) == ["ruff/S301", "kiln/suppression-without-reason"])
        #expect(kept.last?.severity == .warning)
    }

    /// A marker inside a string is not a comment.
    @Test func theMarkerOutsideACommentIsText() {
        #expect(Suppressions.parse(#"HELP = "kiln: ignore[S105] anything""# + "\n", commentPrefix: "#").isEmpty)
    }

    @Test(.enabled(if: TestPaths.python != nil))
    func kilnCheckHonoursThemOnARealTree() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let code = """
            import pickle


            def load_own_cache(blob: bytes) -> object:
                return pickle.loads(blob)  # kiln: ignore[ruff/S301] the cache file is written by this process only


            def load_upload(blob: bytes) -> object:
                return pickle.loads(blob)
            """
        try code.write(to: directory.appendingPathComponent("auth.py"), atomically: true, encoding: .utf8)
        let run = try await KilnCLI.run(["check", "auth.py", "--format", "json"], in: directory)
        let findings = try #require(run.json?["findings"] as? [[String: Any]], "\(run.stdout)\(run.stderr)")
        let pickles = findings.filter { ($0["rule"] as? String) == "ruff/S301" }
        #expect(pickles.map { $0["line"] as? Int } == [9])
        #expect(pickles.first?["severity"] as? String == "error")
        #expect(run.status == 1)
    }
}

/// `kiln check --baseline`: accept today's findings, gate only new ones.
@Suite("A baseline of accepted findings")
struct FindingBaselineTests {
    static func finding(_ line: Int) -> Finding {
        Finding(rule: "ruff/S307", category: .security, severity: .error, path: "shell.py", line: line, message: "eval")
    }

    @Test func movedCodeKeepsItsEntryAndACopyIsNew() {
        let before = ["import os", "value = eval(text)"]
        let baseline = FindingBaseline.accepting([Self.finding(2)]) { before[$0.line! - 1] }
        // Two lines added above: the same line, now line 4, is still accepted.
        let after = ["import os", "", "# a comment", "value = eval(text)", "other = eval(text)", "value = eval(text)"]
        let (new, accepted) = baseline.newFindings(in: [4, 5, 6].map(Self.finding)) { after[$0.line! - 1] }
        #expect(accepted == 1)
        // A different line, and a second copy of the accepted one, are both new.
        #expect(new.map(\.line) == [5, 6])
    }

    @Test(.enabled(if: TestPaths.python != nil))
    func kilnCheckGatesOnlyNewFindings() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("shell.py")
        try "def run(text: str) -> object:\n    return eval(text)\n".write(to: file, atomically: true, encoding: .utf8)
        let write = try await KilnCLI.run(
            ["check", "shell.py", "--baseline", "baseline.json", "--update-baseline", "--format", "json"], in: directory)
        #expect(write.status == 0, "\(write.stdout)\(write.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("baseline.json").path))

        // The accepted finding moves down two lines: still accepted.
        try "import os\n\n\ndef run(text: str) -> object:\n    return eval(text)\n".write(
            to: file, atomically: true, encoding: .utf8)
        let moved = try await KilnCLI.run(["check", "shell.py", "--baseline", "baseline.json"], in: directory)
        #expect(moved.status == 0, "\(moved.stdout)\(moved.stderr)")

        // A new eval is reported, and only it.
        try
            "import os\n\n\ndef run(text: str) -> object:\n    return eval(text)\n\n\ndef again(code: str) -> object:\n    return eval(code)\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let grown = try await KilnCLI.run(
            ["check", "shell.py", "--baseline", "baseline.json", "--format", "json"], in: directory)
        #expect(grown.status == 1)
        let findings = try #require(grown.json?["findings"] as? [[String: Any]])
        #expect(findings.filter { ($0["severity"] as? String) == "error" }.map { $0["line"] as? Int } == [9])

        let missing = try await KilnCLI.run(["check", "shell.py", "--update-baseline"], in: directory)
        #expect(missing.status == 2)
    }
}
