import Foundation
import KilnCore
import KilnPipeline
import KilnSystem
import Testing

@testable import KilnValidation

/// Severity a maintainer would agree with: what real, well-kept projects do on purpose is not an
/// error in existing code, and generated code stays strict.
@Suite("Rule severities in generated and existing code")
struct RuleSeverityTests {
    static func diagnostic(_ code: String, _ message: String = "message") -> RuffDiagnostic {
        RuffDiagnostic(code: code, message: message, location: .init(row: 3, column: 5), url: nil)
    }

    @Test(arguments: ["PLE0704", "S324", "S105", "F841", "B006"])
    func anIdiomOfRealCodeIsAnErrorOnlyInGeneratedCode(code: String) {
        #expect(Self.diagnostic(code).finding(path: "a.py", origin: .generated).severity == .error)
        #expect(Self.diagnostic(code).finding(path: "a.py", origin: .existing).severity == .warning)
    }

    @Test(arguments: ["S307", "S102", "S301", "S602", "F821", "F822", "E999", "PLE1142"])
    func aDefectOrARiskIsAnErrorInAnyCode(code: String) {
        for origin in CodeOrigin.allCases {
            #expect(Self.diagnostic(code).finding(path: "a.py", origin: origin).severity == .error, "\(origin)")
        }
    }

    @Test func shadowingABuiltInExceptionIsAnErrorInGeneratedCodeAndOtherShadowingAWarning() {
        let exception = Self.diagnostic("A004", "Import `ConnectionError` is shadowing a Python builtin")
        #expect(exception.finding(path: "a.py", origin: .generated).severity == .error)
        #expect(exception.finding(path: "a.py", origin: .existing).severity == .warning)
        let function = Self.diagnostic("A001", "Variable `open` is shadowing a Python builtin")
        #expect(function.finding(path: "a.py", origin: .generated).severity == .warning)
    }

    @Test func reExportsAreInformationInExistingCode() {
        for code in ["F401", "F403", "F405"] {
            #expect(Self.diagnostic(code).finding(path: "a.py", origin: .existing).severity == .info)
            #expect(Self.diagnostic(code).finding(path: "a.py", origin: .generated).severity == .warning)
        }
    }

    @Test func typeCheckerIgnoreCodesAreRead() {
        #expect(PythonRulePolicy.typeCheckerIgnores("x = get_ipython()  # type: ignore[name-defined]") == ["name-defined"])
        #expect(
            PythonRulePolicy.typeCheckerIgnores("import js  # type: ignore[import-not-found, misc]") == [
                "import-not-found", "misc",
            ])
        #expect(
            PythonRulePolicy.typeCheckerIgnores("x = 1  # pyright: ignore[reportUndefinedVariable]") == [
                "reportUndefinedVariable"
            ])
        #expect(PythonRulePolicy.typeCheckerIgnores(#"HELP = "type: ignore[name-defined]""#).isEmpty)
        #expect(PythonRulePolicy.typeCheckerIgnores("x = y  # type: ignore").isEmpty)
    }

    /// Only the code that names the same problem counts: `import-untyped` says the module exists.
    @Test func aMarkForAnotherProblemChangesNothing() {
        let code = "import js  # type: ignore[import-untyped]\n"
        let finding = Finding(
            rule: "imports/unknown-package", category: .dependency, severity: .error, path: "a.py", line: 1, message: "m")
        #expect(PythonRulePolicy.honouringTypeCheckerMarks([finding], code: code).first?.severity == .error)
        let marked = "import js  # type: ignore[import-not-found]\n"
        #expect(PythonRulePolicy.honouringTypeCheckerMarks([finding], code: marked).first?.severity == .warning)
    }

    @Test func theEnabledRulesAreReadFromRuffsSettings() {
        let settings = """
            linter.preview = disabled
            linter.rules.enabled = [
            \tmisplaced-bare-raise (PLE0704),
            \tundefined-name (F821),
            ]
            linter.rules.should_fix = [
            \tundefined-local (F823),
            ]
            """
        #expect(PythonToolchain.enabledRuffCodes(inSettings: settings) == ["F821", "PLE0704"])
    }

    /// A module of another Python's standard library (typeshed's table) is real.
    @Test func aStandardLibraryModuleOfAnotherPythonIsInformation() {
        let firewall = ImportFirewall(
            environment: PythonEnvironmentFacts(version: "3.11", stdlib: ["os", "sys"], modules: [:]),
            project: ProjectDependencies())
        let findings = firewall.check([
            SourceImport(module: "annotationlib", name: "annotationlib", line: 4, column: 1, guarded: false)
        ])
        #expect(findings.map(\.rule) == ["imports/other-python-version"])
        #expect(findings.first?.severity == .info)
        #expect(findings.first?.message.contains("3.14 and later") == true)
        #expect(StandardLibraryVersions.describe("asynchat") == "Python 3.0 to 3.11")
        #expect(StandardLibraryVersions.describe("fastapi_extensions") == nil)
    }

    /// The patterns the real repositories showed, written by the team: kiln check on a tree made
    /// of them passes; the same tree with one real risk added fails on that risk alone.
    @Test(.enabled(if: TestPaths.python != nil))
    func kilnCheckPassesAnExistingProjectsIdiomsAndStillCatchesARealRisk() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let package = directory.appendingPathComponent("webkit", isDirectory: true)
        try FileManager.default.createDirectory(at: package, withIntermediateDirectories: true)
        try """
        [project]
        name = "webkit"
        requires-python = ">=3.10"
        dependencies = ["markdown-it-py>=3", "PyYAML"]
        """.write(to: directory.appendingPathComponent("pyproject.toml"), atomically: true, encoding: .utf8)
        let files = [
            "__init__.py": "from .errors import ConnectionError\nfrom .render import *  # noqa: F403\n",
            "errors.py": """
            class ConnectionError(OSError):
                \"\"\"Raised when the server cannot be reached; part of the public API.\"\"\"


            def reraise_with_context() -> None:
                \"\"\"Called only from `except` blocks: re-raises what is being handled.\"\"\"
                raise

            """,
            "auth.py": """
            import hashlib


            def digest_response(user: str, realm: str, password: str) -> str:
                \"\"\"RFC 2617 digest: the protocol fixes the hash.\"\"\"
                return hashlib.md5(f"{user}:{realm}:{password}".encode()).hexdigest()


            def ask_password(value: str) -> str:
                if value == "-":
                    return input("password: ")
                return value


            EXAMPLE = "https://jo%40mail.org:a%20secret@example.org/path"

            """,
            "render.py": """
            import sys

            import markdown_it
            import yaml

            if sys.version_info >= (3, 14):
                import annotationlib


            def in_notebook() -> bool:
                try:
                    get_ipython  # type: ignore[name-defined]
                except NameError:
                    return False
                return get_ipython() is not None  # type: ignore[name-defined]


            def render(text: str) -> str:
                unused = yaml.safe_load("a: 1")
                return markdown_it.MarkdownIt().render(text)

            """,
            "browser.py":
                "import js  # type: ignore[import-not-found]\n\n\ndef fetch(url: str) -> object:\n    return js.fetch(url)\n",
        ]
        for (name, text) in files {
            try text.write(to: package.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let clean = try await KilnCLI.run(["check", "webkit", "--format", "json"], in: directory)
        let findings = try #require(clean.json?["findings"] as? [[String: Any]], "\(clean.stdout)\(clean.stderr)")
        let errors = findings.filter { ($0["severity"] as? String) == "error" }.map { "\($0["rule"] ?? "")@\($0["path"] ?? "")" }
        #expect(errors.isEmpty, "\(errors)")
        #expect(clean.status == 0, "\(clean.stderr)")
        // Still reported, as warnings a reviewer can read.
        let rules = Set(findings.compactMap { $0["rule"] as? String })
        #expect(rules.isSuperset(of: ["ruff/PLE0704", "ruff/A001", "ruff/S324", "ruff/F841"]), "\(rules)")
        #expect(!rules.contains("secret/url-credentials"))

        try "import subprocess\n\n\ndef run(command: str) -> int:\n    return subprocess.call(command, shell=True)\n".write(
            to: package.appendingPathComponent("shell.py"), atomically: true, encoding: .utf8)
        let risky = try await KilnCLI.run(["check", "webkit", "--format", "json"], in: directory)
        let riskyFindings = try #require(risky.json?["findings"] as? [[String: Any]])
        let riskyErrors = riskyFindings.filter { ($0["severity"] as? String) == "error" }
        #expect(riskyErrors.compactMap { $0["path"] as? String } == ["webkit/shell.py"], "\(riskyErrors)")
        #expect(risky.status == 1)
    }

    /// docs/rules.md is what `kiln rules --format markdown` prints: regenerate it when a rule changes.
    @Test(.enabled(if: TestPaths.python != nil))
    func theRulesPageIsCurrent() async throws {
        let toolchain = try await KilnEnvironment.toolchain()
        let rules = try await toolchain.ruleCatalog() + CommonRules.descriptions
        #expect(rules.count > 250)
        let bareRaise = try #require(rules.first { $0.rule == "ruff/PLE0704" })
        #expect(bareRaise.generated == .error && bareRaise.existing == .warning)
        let page = try String(contentsOf: repository.appendingPathComponent("docs/rules.md"), encoding: .utf8)
        #expect(
            page.contains(RuleCatalogService.markdown(rules)),
            "docs/rules.md is out of date: run `kiln rules --format markdown` and put its table there")
    }
}
