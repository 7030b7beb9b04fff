import Foundation
import KilnCore
import KilnSystem
import Testing

@testable import KilnValidation

/// The labeled corpus (Tests/Corpus): every vulnerable file must produce its expected finding on
/// its line, and no clean look-alike may produce an error or warning in the same category.
/// `scripts/corpus-score.py` prints the same numbers per category from a `kiln check` run.
@Suite("kiln check on the labeled corpus")
struct CorpusTests {
    struct Expectation: Decodable {
        var category: String
        var rule: String
        var line: Int
    }

    /// With ruff's S rules alone (the default) and with bandit as well (`kiln check --with bandit`).
    @Test(arguments: [false, true])
    func everyCaseIsDetectedAndNoCleanFileIsFlagged(runsBandit: Bool) async throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Corpus")
        let expected = try JSONDecoder().decode(
            [String: Expectation].self, from: Data(contentsOf: corpus.appendingPathComponent("expected.json")))
        #expect(expected.count >= 30)

        var toolchain = try await KilnEnvironment.toolchain()
        let target = try #require(ProcessRunner.which("python3"))
        toolchain.facts = try await toolchain.environmentFacts(of: URL(fileURLWithPath: target))
        let checker = ProjectChecker(
            toolchain: toolchain, root: corpus, options: ProjectScanOptions(extraScanners: runsBandit ? ["bandit"] : []))
        let findings: [Finding] = try await checker.check(try ProjectChecker.sourceFiles(in: [corpus], of: toolchain))

        for (name, expectation) in expected.sorted(by: { $0.key < $1.key }) {
            let vulnerable = findings.filter { $0.path == "\(name)/vulnerable.py" }
            #expect(
                vulnerable.contains {
                    SecurityRules.canonical($0.rule) == SecurityRules.canonical(expectation.rule) && $0.line == expectation.line
                },
                "\(name): expected \(expectation.rule) at line \(expectation.line), got \(vulnerable.map { "\($0.rule)@\($0.line ?? 0)" })"
            )
            let falsePositives = findings.filter {
                $0.path == "\(name)/clean.py" && $0.category.rawValue == expectation.category && $0.severity >= .warning
            }
            #expect(falsePositives.isEmpty, "\(name)/clean.py: \(falsePositives.map { "\($0.rule)@\($0.line ?? 0)" })")
        }
    }

    /// Generated code that defines its own `ValueError` breaks every caller's `except ValueError`:
    /// an error there. In existing code (kiln check) the same is often a library's public API
    /// (`requests.ConnectionError`): a warning.
    @Test func aClassShadowingABuiltInExceptionIsAnErrorInGeneratedCodeOnly() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("paths.py")
        let code =
            "class ValueError(Exception):\n    pass\n\n\ndef lookup(id: int) -> int:\n    if id < 0:\n        raise ValueError(id)\n    return id\n"
        try code.write(to: file, atomically: true, encoding: .utf8)
        let toolchain = try await KilnEnvironment.toolchain()
        let generated = try await RuffValidator(toolchain: toolchain, applyFixes: false, origin: .generated).validate(
            SourceFile(path: "paths.py", code: code),
            context: ValidationContext(toolchain: toolchain, sandbox: nil, projectRoot: directory))
        let shadowing = try #require(generated.findings.first { $0.rule == "ruff/A001" })
        #expect(shadowing.severity == .error)
        #expect(shadowing.line == 1)
        #expect(shadowing.message.contains("will not catch"))
        // A parameter named after a built-in function is only a warning.
        #expect(generated.findings.first { $0.rule == "ruff/A002" }?.severity == .warning)

        let existing = try await ProjectChecker(toolchain: toolchain, root: directory).check([file])
        #expect(existing.first { $0.rule == "ruff/A001" }?.severity == .warning)
    }
}
