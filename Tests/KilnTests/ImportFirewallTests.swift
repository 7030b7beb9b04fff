import Foundation
import KilnCore
import KilnModels
import Testing

@testable import KilnValidation

@Suite("The hallucinated-import firewall")
struct ImportFirewallTests {
    static let environment = PythonEnvironmentFacts(
        version: "3.11", stdlib: ["os", "sys", "json", "re", "typing", "collections", "statistics", "pathlib"],
        modules: ["requests": ["requests"], "yaml": ["PyYAML"], "_pytest": ["pytest"], "pytest": ["pytest"]])

    func firewall(declared: Set<String> = [], local: Set<String> = [], sources: [String] = []) -> ImportFirewall {
        ImportFirewall(
            environment: Self.environment, project: ProjectDependencies(declared: declared, localModules: local, sources: sources)
        )
    }

    static func imports(_ modules: [String]) -> [SourceImport] {
        modules.enumerated().map {
            SourceImport(
                module: $1.split(separator: ".").first.map(String.init) ?? $1, name: $1, line: $0 + 1, column: 1, guarded: false)
        }
    }

    @Test func theGuidesHallucinatedImportIsAnError() {
        let findings = firewall().check(Self.imports(["fastapi_extensions"]))
        #expect(findings.map(\.rule) == ["imports/unknown-package"])
        #expect(findings.first?.severity == .error)
        #expect(findings.first?.category == .dependency)
    }

    @Test func aNearMissOfAPopularNameIsATyposquat() {
        let findings = firewall().check(Self.imports(["reqeusts", "nunpy"]))
        #expect(findings.map(\.rule) == ["imports/typosquat", "imports/typosquat"])
        #expect(findings.first?.fixHint == "did you mean `requests`?")
        #expect(findings.last?.fixHint == "did you mean `numpy`?")
    }

    @Test func aDeclaredAndInstalledDependencyIsClean() {
        #expect(
            firewall(declared: ["requests"], sources: ["requirements.txt"]).check(
                Self.imports(["requests", "requests.adapters"])
            ).isEmpty)
    }

    @Test func theStandardLibraryAndTheProjectsOwnModulesAreClean() {
        #expect(firewall(local: ["utils"]).check(Self.imports(["os.path", "json", "utils", "__future__"])).isEmpty)
    }

    /// rich declares `markdown-it-py` and imports `markdown_it`; nothing is installed here.
    @Test func aModuleNamedUnlikeItsDeclaredProjectResolvesThroughWheelMetadata() {
        #expect(firewall(declared: ["pyyaml"], sources: ["pyproject.toml"]).check(Self.imports(["yaml"])).isEmpty)
        #expect(firewall(declared: ["beautifulsoup4"], sources: ["pyproject.toml"]).check(Self.imports(["bs4"])).isEmpty)
        #expect(
            firewall(declared: ["markdown-it-py", "pygments"], sources: ["pyproject.toml"]).check(
                Self.imports(["markdown_it.token", "pygments.lexers"])
            ).isEmpty)
        // A wheel that ships a module incidentally counts once declared: protobuf ships `google`.
        #expect(firewall(declared: ["protobuf"], sources: ["pyproject.toml"]).check(Self.imports(["google.protobuf"])).isEmpty)
        // Packaging debris vouches for nothing: `helpers` and `core` that the project does not
        // have are unknown, though some wheels ship folders of those names.
        #expect(
            firewall().check(Self.imports(["helpers", "core"])).map(\.rule) == [
                "imports/unknown-package", "imports/unknown-package",
            ])
        // Undeclared, the same import is a missing dependency naming the project to add.
        let missing = firewall(declared: ["pygments"], sources: ["pyproject.toml"]).check(Self.imports(["markdown_it"]))
        #expect(missing.map(\.rule) == ["imports/missing-dependency"])
        #expect(missing.first?.message.contains("markdown-it-py") == true)
    }

    @Test func installedButUndeclaredIsAWarning() {
        let findings = firewall(declared: ["flask"], sources: ["requirements.txt"]).check(Self.imports(["requests"]))
        #expect(findings.map(\.rule) == ["imports/undeclared-dependency"])
        #expect(findings.first?.severity == .warning)
    }

    @Test func aRealButMissingPackageIsAWarningNamingIt() {
        let findings = firewall().check(Self.imports(["numpy", "sklearn"]))
        #expect(findings.map(\.rule) == ["imports/missing-dependency", "imports/missing-dependency"])
        #expect(findings.last?.message.contains("scikit-learn") == true)
    }

    @Test func anOptionalImportWithAFallbackIsOnlyAWarning() {
        var item = Self.imports(["ujson_turbo_fast"])
        item[0].guarded = true
        #expect(firewall().check(item).map(\.severity) == [.warning])
    }

    @Test(arguments: [
        ("reqeusts", "requests", true), ("requests", "request", true), ("numpy", "nmupy", true),
        ("flask", "flask", false), ("django", "flask", false), ("abc", "abcde", false),
    ])
    func damerauDistanceOne(a: String, b: String, expected: Bool) {
        #expect(ImportFirewall.isOneEditAway(a, b) == expected)
    }

    @Test func dependencyFilesAreRead() throws {
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try """
        [project]
        name = "app"
        dependencies = ["Requests>=2.31", "python-dateutil; python_version > '3.8'"]
        [project.optional-dependencies]
        yaml = ["PyYAML[libyaml]==6.0"]
        [tool.poetry.dependencies]
        python = "^3.11"
        Flask_Login = "*"
        """.write(to: root.appendingPathComponent("pyproject.toml"), atomically: true, encoding: .utf8)
        try "numpy==2.0  # arrays\n-r other.txt\n--index-url https://x\ngit+https://example.com/x.git\nscikit-learn\n"
            .write(to: root.appendingPathComponent("requirements-dev.txt"), atomically: true, encoding: .utf8)
        try "".write(to: root.appendingPathComponent("helpers.py"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("src/mypkg"), withIntermediateDirectories: true)
        let project = ProjectDependencies.load(root: root)
        #expect(project.declared == ["requests", "python-dateutil", "pyyaml", "flask-login", "numpy", "scikit-learn"])
        #expect(project.localModules.isSuperset(of: ["helpers", "mypkg"]))
        #expect(project.sources == ["pyproject.toml", "requirements-dev.txt"])
    }
}

@Suite("Imports read from real code", .enabled(if: TestPaths.python != nil))
struct PythonImportReaderTests {
    @Test func readsImportsWithLinesAndGuards() async throws {
        let helpers = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: helpers) }
        let toolchain = PythonToolchain(python: try #require(TestPaths.python), helperDirectory: helpers)
        let code = """
            import os, sys
            from fastapi_extensions import rate_limiter
            from . import sibling
            try:
                import ujson as json
            except ImportError:
                import json
            """
        let imports = try await toolchain.imports(of: code)
        #expect(imports.map(\.module) == ["os", "sys", "fastapi_extensions", "ujson", "json"])
        #expect(imports.map(\.line) == [1, 1, 2, 5, 7])
        #expect(imports.first { $0.module == "ujson" }?.guarded == true)
        #expect(imports.first { $0.module == "fastapi_extensions" }?.guarded == false)

        let facts = try await toolchain.environmentFacts(of: try #require(TestPaths.python))
        #expect(facts.stdlib.contains("os"))
        #expect(!facts.stdlib.contains("requests"))
    }

    @Test func findsImportsInEveryKindOfBlockAndGuardsWhatATryCovers() async throws {
        let helpers = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: helpers) }
        let toolchain = PythonToolchain(python: try #require(TestPaths.python), helperDirectory: helpers)
        let code = """
            class Loader:
                def load(self):
                    import yaml
            if True:
                import aaa
            else:
                import bbb
            with open("x") as handle:
                import ccc
            for item in ():
                import ddd
            match 1:
                case 1:
                    import eee
            try:
                def inner():
                    import fff
            except (ValueError, ModuleNotFoundError):
                import ggg
            finally:
                import hhh
            try:
                import iii
            except KeyError:
                pass
            """
        let imports = try await toolchain.imports(of: code)
        #expect(imports.map(\.module) == ["yaml", "aaa", "bbb", "ccc", "ddd", "eee", "fff", "ggg", "hhh", "iii"])
        // Only `fff` sits under a try that catches a failed import; its handler and finally do not.
        #expect(imports.filter(\.guarded).map(\.module) == ["fff"])
    }

    @Test func aLargeTreeIsSplitOverInterpretersWithoutLosingAFile() async throws {
        let helpers = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: helpers) }
        let toolchain = PythonToolchain(python: try #require(TestPaths.python), helperDirectory: helpers)
        // Enough files to pass the split threshold on any machine with two or more cores.
        let sources = (0..<450).map { ImportSource.source(name: "m\($0).py", code: "import pkg\($0)\n") }
        let byFile = try await toolchain.imports(in: sources + [.source(name: "broken.py", code: "def (")])
        #expect(byFile.count == 450)
        #expect((0..<450).allSatisfy { byFile["m\($0).py"]?.map(\.module) == ["pkg\($0)"] })
    }
}

@Suite("Online import verification, only when asked for")
struct OnlineImportTests {
    @Test func existingProjectsAreConfirmedAndMissingOnesAreNot() async throws {
        let server = try await FakeHTTPServer { request, _ in
            request.uri == "/pypi/fastapi-extensions/json"
                ? FakeHTTPServer.json(#"{"info": {"name": "fastapi-extensions"}}"#)
                : FakeHTTPServer.json(#"{"message": "Not Found"}"#, status: 404)
        }
        let registry = PackageRegistry(baseURL: server.baseURL + "/pypi")
        let found = try await registry.existing(["fastapi-extensions", "surely-not-a-real-project"])
        await server.shutdown()
        #expect(found == ["fastapi-extensions"])
        #expect(server.requests.count == 2)
    }

    @Test func anUnreachableRegistryIsAnError() async {
        await #expect(throws: ModelError.self) {
            _ = try await PackageRegistry(baseURL: "http://127.0.0.1:9/pypi").existing(["x"])
        }
    }

    @Test func aConfirmedButObscurePackageIsAWarning() {
        let firewall = ImportFirewall(
            environment: ImportFirewallTests.environment, project: ProjectDependencies(), confirmedOnline: ["fastapi-extensions"])
        let imports = ImportFirewallTests.imports(["fastapi_extensions", "made_up_thing"])
        let offline = ImportFirewall(environment: ImportFirewallTests.environment, project: ProjectDependencies())
        #expect(offline.unresolvedCandidates(imports) == ["fastapi-extensions", "made-up-thing"])
        #expect(firewall.unresolvedCandidates(imports) == ["made-up-thing"])
        let findings = firewall.check(imports)
        #expect(findings.map(\.rule) == ["imports/unverified-package", "imports/unknown-package"])
        #expect(findings.map(\.severity) == [.warning, .error])
    }
}

/// Imports only a type checker reads are not run-time dependencies (issue: `kiln check` on Flask,
/// requests and click reported `_typeshed` and `typing_extensions` under `if TYPE_CHECKING:`).
@Suite("Typing-only imports", .enabled(if: TestPaths.python != nil))
struct TypingOnlyImportTests {
    /// Each way real code spells typing's flag; the module under it must be read as typing-only.
    @Test(arguments: [
        ("from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from _typeshed import StrPath\n", "_typeshed"),
        ("import typing\n\nif typing.TYPE_CHECKING:\n    import typing_extensions as te\n", "typing_extensions"),
        (
            "import typing as t\n\nif t.TYPE_CHECKING:  # pragma: no cover\n    from wsgiref.types import WSGIApplication\n",
            "wsgiref"
        ),
        ("from typing import TYPE_CHECKING as TC\n\nif TC:\n    from .app import Flask\n    import markdown_it\n", "markdown_it"),
        (
            "import sys\nfrom typing import TYPE_CHECKING\n\nif TYPE_CHECKING and sys.version_info >= (3, 11):\n    import tomllib\n",
            "tomllib"
        ),
        ("TYPE_CHECKING = False\nif TYPE_CHECKING:\n    from attr import AttrsInstance\n", "attr"),
    ])
    func everySpellingOfTheFlagIsTypingOnly(code: String, module: String) async throws {
        let helpers = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: helpers) }
        let toolchain = PythonToolchain(python: try #require(TestPaths.python), helperDirectory: helpers)
        let imports = try await toolchain.imports(of: code)
        let item = try #require(imports.first { $0.module == module })
        #expect(item.typingOnly)
        #expect(imports.filter { ["typing", "sys"].contains($0.module) }.allSatisfy { !$0.typingOnly })
    }

    @Test func theElseBranchAndAStubAreReadAsTheyRun() async throws {
        let helpers = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: helpers) }
        let toolchain = PythonToolchain(python: try #require(TestPaths.python), helperDirectory: helpers)
        let code = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import yaml\nelse:\n    import json\n"
        let imports = try await toolchain.imports(in: [
            .source(name: "m.py", code: code), .source(name: "m.pyi", code: "import attr\n"),
        ])
        #expect(imports["m.py"]?.first { $0.module == "json" }?.typingOnly == false)
        #expect(imports["m.py"]?.first { $0.module == "yaml" }?.typingOnly == true)
        #expect(imports["m.pyi"]?.first?.typingOnly == true)
    }

    @Test func theFirewallAsksNothingOfTypingOnlyImportsButAName() {
        let firewall = ImportFirewall(
            environment: ImportFirewallTests.environment, project: ProjectDependencies(sources: ["pyproject.toml"]))
        func typing(_ module: String) -> SourceImport {
            SourceImport(module: module, name: module, line: 3, column: 5, guarded: false, typingOnly: true)
        }
        // typeshed's private module exists for every type checker; a well-known project need not be declared.
        #expect(firewall.check([typing("_typeshed"), typing("typing_extensions"), typing("yaml")]).isEmpty)
        // A name nothing provides is still worth a warning, not an error: it never runs.
        let invented = firewall.check([typing("fastapi_extensions_pro")])
        #expect(invented.map(\.rule) == ["imports/unknown-package"])
        #expect(invented.first?.severity == .warning)
        // Imported at run time as well: the run-time import decides.
        let both = firewall.check([
            typing("fastapi_extensions_pro"),
            SourceImport(
                module: "fastapi_extensions_pro", name: "fastapi_extensions_pro", line: 9, column: 1, guarded: false),
        ])
        #expect(both.map(\.severity) == [.error])
        #expect(both.first?.line == 9)
    }
}
