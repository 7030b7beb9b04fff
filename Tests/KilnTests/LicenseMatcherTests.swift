import Foundation
import KilnCore
import Testing

@testable import KilnValidation

@Suite("Licence snippet matching with winnowing")
struct LicenseMatcherTests {
    /// Stands in for a licensed file (written for this test).
    static let licensed = """
        def levenshtein(source, target):
            \"\"\"Edit distance between two strings.\"\"\"
            if len(source) < len(target):
                return levenshtein(target, source)
            previous = list(range(len(target) + 1))
            for row, left in enumerate(source, start=1):
                current = [row]
                for column, right in enumerate(target, start=1):
                    insert_cost = current[column - 1] + 1
                    delete_cost = previous[column] + 1
                    replace_cost = previous[column - 1] + (left != right)
                    current.append(min(insert_cost, delete_cost, replace_cost))
                previous = current
            return previous[-1]
        """

    /// The same code with every name changed, comments added and the layout altered.
    static let renamedCopy = """
        # my own string distance helper
        def edit_distance(a: str, b: str) -> int:
            if len(a) < len(b):
                return edit_distance(b, a)
            prev = list(range(len(b) + 1))
            for i, ca in enumerate(a, start=1):
                cur = [i]
                for j, cb in enumerate(b, start=1):
                    ins = cur[j - 1] + 1   # insertion
                    dele = prev[j] + 1
                    rep = prev[j - 1] + (ca != cb)
                    cur.append(min(ins, dele, rep))
                prev = cur
            return prev[-1]
        """

    /// An independent implementation of the same function.
    static let independent = """
        from functools import lru_cache


        def edit_distance(a: str, b: str) -> int:
            @lru_cache(maxsize=None)
            def go(i: int, j: int) -> int:
                if i == 0 or j == 0:
                    return i + j
                return min(go(i - 1, j) + 1, go(i, j - 1) + 1, go(i - 1, j - 1) + (a[i - 1] != b[j - 1]))

            return go(len(a), len(b))
        """

    func index(license: String = "GPL-3.0-only") -> LicenseIndex {
        var index = LicenseIndex()
        index.add(path: "vendor/textdist/distance.py", source: Self.licensed, license: license)
        return index
    }

    @Test func aRenamedAndReformattedCopyIsFound() throws {
        let match = try #require(index().matches(in: Self.renamedCopy).first)
        #expect(match.source.path == "vendor/textdist/distance.py")
        #expect(match.similarity > 0.6)
        let findings = LicenseValidator.findings(for: SourceFile(path: "gen.py", code: Self.renamedCopy), index: index())
        #expect(findings.first?.rule == "license/snippet-match")
        #expect(findings.first?.severity == .error)
        #expect(findings.first?.message.contains("GPL-3.0-only") == true)
    }

    @Test func anIndependentImplementationIsNotFlagged() {
        #expect(index().matches(in: Self.independent).isEmpty)
    }

    @Test func permissiveLicencesAreWarnings() {
        let findings = LicenseValidator.findings(
            for: SourceFile(path: "gen.py", code: Self.renamedCopy), index: index(license: "MIT"))
        #expect(findings.first?.severity == .warning)
    }

    @Test func theIndexSurvivesARoundTrip() throws {
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let url = root.appendingPathComponent("index.json")
        try index().save(url)
        let loaded = try #require(try LicenseIndex.load(url))
        #expect(loaded.sources == index().sources)
        #expect(!loaded.matches(in: Self.renamedCopy).isEmpty)
    }

    @Test func reindexingAFileReplacesIt() {
        var index = index()
        index.add(path: "vendor/textdist/distance.py", source: Self.independent, license: "GPL-3.0-only")
        #expect(index.sources.count == 1)
        #expect(index.matches(in: Self.renamedCopy).isEmpty)
    }

    @Test func tokensIgnoreNamesCommentsAndLayout() {
        let a = Winnowing.tokens("x = foo(1, 'a')  # c\n").map(\.text)
        let b = Winnowing.tokens("total   =bar( 42,\n \"zz\" )\n").map(\.text)
        #expect(a == b)
        #expect(a == ["v", "=", "v", "(", "0", ",", "s", ")"])
    }
}

@Suite("kiln license and kiln check together")
struct LicenseCommandTests {
    @Test func anIndexedFileIsFoundInACheckedCopy() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("vendor"), withIntermediateDirectories: true)
        try LicenseMatcherTests.licensed.write(
            to: directory.appendingPathComponent("vendor/distance.py"), atomically: true, encoding: .utf8)
        let indexed = try await KilnCLI.run(
            ["license", "index", "vendor", "--license", "GPL-3.0-only", "--index", ".kiln/license-index.json", "--json"],
            in: directory)
        #expect(indexed.status == 0, "\(indexed.stderr)")
        #expect(indexed.json?["files"] as? Int == 1)

        try LicenseMatcherTests.renamedCopy.write(
            to: directory.appendingPathComponent("app.py"), atomically: true, encoding: .utf8)
        let check = try await KilnCLI.run(["check", "app.py", "--format", "json"], in: directory)
        #expect(check.status == 1)
        let findings = check.json?["findings"] as? [[String: Any]] ?? []
        let match = findings.first { $0["rule"] as? String == "license/snippet-match" }
        #expect(match?["severity"] as? String == "error")
        #expect((match?["message"] as? String)?.contains("GPL-3.0-only") == true)
    }
}
