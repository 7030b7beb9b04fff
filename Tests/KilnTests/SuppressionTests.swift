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
            import hashlib


            def response_digest(secret: bytes) -> str:
                return hashlib.sha1(secret).hexdigest()  # kiln: ignore[ruff/S324] RFC 7616 digest auth requires SHA-1


            def cache_key(secret: bytes) -> str:
                return hashlib.sha1(secret).hexdigest()
            """
        try code.write(to: directory.appendingPathComponent("auth.py"), atomically: true, encoding: .utf8)
        let run = try await KilnCLI.run(["check", "auth.py", "--format", "json"], in: directory)
        let findings = try #require(run.json?["findings"] as? [[String: Any]], "\(run.stdout)\(run.stderr)")
        let sha1 = findings.filter { ($0["rule"] as? String) == "ruff/S324" }
        #expect(sha1.map { $0["line"] as? Int } == [9])
        #expect(run.status == 1)
    }
}
