import Foundation
import KilnCore
import KilnValidation

/// A toolchain for a toy line-based language, so that pipeline logic (the repair loop, the
/// patterns, selection, the front end) is tested without python3 or any other tool installed.
///
/// The language: `def NAME(ARGS):` starts a function (its body is the indented lines after it),
/// `import NAME` imports, a line `SYNTAX ERROR` does not parse, top-level `print(` lines are demo
/// code and are removed. Its one validator reports every line holding one of `flaggedWords`;
/// its test runner reports the scripted outcome of `testOutcome` for the code under test.
public struct FakeToolchain: LanguageToolchain {
    public var flaggedWords: [String]
    /// The tests' outcome for a module's code; nil runs no tests.
    public var testOutcome: (@Sendable (String) -> [TestCaseResult])?
    /// Every call of `prepare`, with the code it was given.
    public let prepared = CallLog()
    /// What the sandbox preflight runs; a command that fails stands for a sandbox that cannot work.
    public var sandboxPreflight: [String] = ["/bin/echo", Sandbox.preflightMarker]

    public init(flaggedWords: [String] = ["BUG"], testOutcome: (@Sendable (String) -> [TestCaseResult])? = nil) {
        self.flaggedWords = flaggedWords
        self.testOutcome = testOutcome
    }

    public var language: String { "fake" }
    public var fileExtension: String { "fake" }
    public var fenceTags: [String] { ["fake"] }
    public var lineCommentPrefix: String { "#" }
    public var ignoredDirectories: Set<String> { [".fake-cache"] }
    public var codeExtractor: CodeExtractor { CodeExtractor(fenceTags: Set(fenceTags), codeStarts: ["def ", "import "]) }
    public var languageVersion: String? { "1.0" }
    public var optionalScanners: [String] { [] }
    public var declaredDependencies: [String] { [] }
    public var builtinTemplates: [String: String] {
        [
            "function": """
            ---
            name: function
            version: 0.0.1
            pattern: function
            language: fake
            description: A fake function from a spec.
            required: [spec]
            system: Reply with one fenced fake code block.
            ---
            Write a fake function: {{spec}}
            """,
            "refactor": """
            ---
            name: refactor
            version: 0.0.1
            pattern: refactor
            language: fake
            description: A fake rewrite of one definition.
            required: [code, name, instruction]
            system: Reply with the rewritten definition in one fenced fake code block.
            ---
            Rewrite `{{name}}` ({{instruction}}):
            {{code}}
            """,
        ]
    }
    public var sandboxReadablePaths: [String] { [] }

    public func testFileName(for module: String) -> String { "test_\(module).fake" }

    public func prepare(_ code: String, path: String?, imports: [String]) async throws -> PreparedCode {
        prepared.record(code)
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let index = lines.firstIndex(of: "SYNTAX ERROR") {
            return PreparedCode(
                code: code,
                syntaxError: Finding(
                    rule: "syntax", category: .correctness, severity: .error, path: path, line: index + 1,
                    message: "invalid fake code", fixHint: "the code must parse"))
        }
        var kept: [String] = []
        var removed: [PreparedCode.RemovedStatement] = []
        // As Python's `prepare` writes out a star import; the fake's own reads no names from it.
        var explicit: [String] = []
        for (index, line) in lines.enumerated() {
            if line.hasSuffix(" import *") {
                explicit.append("\(line) → nothing")
            } else if line.hasPrefix("print(") {
                removed.append(.init(line: index + 1, text: line))
            } else {
                kept.append(line)
            }
        }
        // As Python's `prepare` does: one trailing newline, so the prepared code is never the
        // model's text verbatim (a repeat must be recognised by what the model wrote).
        var text = kept.joined(separator: "\n").trimmingCharacters(in: .newlines) + "\n"
        // The spec's imports whose one name (the last word) the code uses and does not import.
        let added = imports.filter { line in
            guard let name = line.split(separator: " ").last else { return false }
            return text.contains(String(name)) && !text.contains(line)
        }
        if !added.isEmpty { text = added.joined(separator: "\n") + "\n" + text }
        return PreparedCode(code: text, removed: removed, addedImports: added, explicitImports: explicit)
    }

    public func definitions(in source: String) async throws -> [CodeDefinition] {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var definitions: [CodeDefinition] = []
        for (index, line) in lines.enumerated() where line.hasPrefix("def ") {
            let name = String(line.dropFirst(4).prefix { $0 != "(" })
            var end = index
            while end + 1 < lines.count, lines[end + 1].hasPrefix(" ") { end += 1 }
            definitions.append(
                CodeDefinition(
                    qualifiedName: name, kind: "function", line: index + 1, endLine: end + 1,
                    source: lines[index...end].joined(separator: "\n"), returnsValue: true))
        }
        return definitions
    }

    /// A fake function whose body is only `pass` and `#` comments; the comments are its documentation.
    public func stub(_ definition: CodeDefinition) -> Stub? {
        let body = definition.source.split(separator: "\n").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
        guard body.allSatisfy({ $0 == "pass" || $0.hasPrefix("#") }) else { return nil }
        let signature = definition.source.split(separator: "\n").first.map(String.init) ?? ""
        return Stub(
            signature: signature,
            documentation: body.filter { $0.hasPrefix("#") }.map { String($0.dropFirst()).trimmingCharacters(in: .whitespaces) }
                .joined(separator: "\n"))
    }

    public func imports(in sources: [ImportSource]) async throws -> [String: [SourceImport]] {
        var result: [String: [SourceImport]] = [:]
        for source in sources {
            let (key, code): (String, String)
            switch source {
            case .file(let url): (key, code) = (url.path, (try? String(contentsOf: url, encoding: .utf8)) ?? "")
            case .source(let name, let text): (key, code) = (name, text)
            }
            result[key] = code.split(separator: "\n").enumerated().compactMap { index, line in
                guard line.hasPrefix("import ") else { return nil }
                let name = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces)
                return SourceImport(
                    module: String(name.split(separator: ".").first ?? ""), name: name, line: index + 1, column: 1,
                    guarded: false)
            }
        }
        return result
    }

    public func docstring(of qualifiedName: String, in code: String) async throws -> String? {
        guard let definition = try await definitions(in: code).first(where: { $0.qualifiedName == qualifiedName }) else {
            return nil
        }
        let doc = definition.source.split(separator: "\n").dropFirst().first {
            $0.trimmingCharacters(in: .whitespaces).hasPrefix("#: ")
        }
        return doc.map { String($0.trimmingCharacters(in: .whitespaces).dropFirst(3)) }
    }

    public func insertingDocstring(_ docstring: String, into qualifiedName: String, of source: String) async throws -> String {
        var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let index = lines.firstIndex(where: { $0.hasPrefix("def \(qualifiedName)(") }) else { return source }
        lines.insert("    #: \(docstring)", at: index + 1)
        return lines.joined(separator: "\n")
    }

    public func removingChecks(from code: String, at lines: [Int]) async throws -> RemovedChecks {
        RemovedChecks(code: code, removed: [])
    }

    public func sameCodeIgnoringDocstrings(_ a: String, _ b: String) async throws -> Bool {
        func strip(_ text: String) -> [Substring] {
            text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#: ") }
        }
        return strip(a) == strip(b)
    }

    public func replacingDefinition(_ qualifiedName: String, in source: String, with replacementCode: String) async throws
        -> String
    {
        guard let original = try await definitions(in: source).first(where: { $0.qualifiedName == qualifiedName }),
            let replacement = try await definitions(in: replacementCode).first(where: { $0.qualifiedName == qualifiedName })
        else { throw EnvironmentError("no definition named \(qualifiedName)") }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let updated = lines[..<(original.line - 1)] + [replacement.source] + lines[original.endLine...]
        return updated.joined(separator: "\n")
    }

    public func inserting(_ code: String, into module: String, moduleName: String) async throws -> String {
        module.hasSuffix("\n") ? module + "\n" + code : module + "\n\n" + code
    }

    public func markingExpectedFailures(_ reasons: [String: String], in tests: String) async throws -> String {
        reasons.keys.sorted().reduce(tests) { text, name in
            text.replacingOccurrences(of: "def \(name)(", with: "#: xfail\ndef \(name)(")
        }
    }

    public func repositoryContext(files: [URL], root: URL, budgetCharacters: Int) async throws -> RepositoryContext {
        let outlines = files.compactMap { url -> RepositoryContext.Outline? in
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
            let signatures = text.split(separator: "\n").filter { $0.hasPrefix("def ") }.joined(separator: "\n")
            return RepositoryContext.Outline(path: url.lastPathComponent, text: signatures, distance: 0)
        }
        return RepositoryContext(outlines: outlines, omitted: [])
    }

    public func runTests(_ targets: [String], in scratch: URL, sandbox: Sandbox, limits: SandboxLimits) async throws -> TestRun {
        // The outcome sees every file of the run: the tests and the code under test.
        let files = (try? FileManager.default.contentsOfDirectory(atPath: scratch.path)) ?? []
        let code = (Set(targets).union(files.filter { $0.hasSuffix(".\(fileExtension)") })).sorted()
            .compactMap { try? String(contentsOf: scratch.appendingPathComponent($0), encoding: .utf8) }.joined(separator: "\n")
        let process = SandboxResult(
            outcome: .exited, status: 0, stdout: "", stderr: "", seconds: 0, isolation: sandbox.isolation)
        return TestRun(runner: "fake-test", cases: testOutcome?(code) ?? [], process: process, reportWritten: true)
    }

    /// Reads `name(args) == value` lines, the only example form the fake language has.
    public func readSpec(_ spec: String) async throws -> SpecReading {
        var examples: [SpecExample] = []
        for (index, line) in spec.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let parts = line.components(separatedBy: " == ")
            guard parts.count == 2, let open = parts[0].firstIndex(of: "("), parts[0].hasSuffix(")") else { continue }
            let call = parts[0].trimmingCharacters(in: .whitespaces)
            examples.append(
                SpecExample(
                    call: call, expectation: .equals(parts[1].trimmingCharacters(in: .whitespaces)),
                    function: String(parts[0][..<open]).trimmingCharacters(in: .whitespaces), line: index + 1,
                    text: String(line)))
        }
        return SpecReading(examples: examples)
    }

    public func exampleCases(_ examples: [SpecExample], function: String) -> [String] { [] }

    public func readScenarios(_ code: String, subject: String) async throws -> CaseReading { CaseReading() }

    public func variants(of cases: [String], stated: Int, function: String, limit: Int) async throws -> InputVariants {
        InputVariants()
    }

    public func refusedCalls(_ calls: [String], function: String, parameters: [String], edges: [SpecEdgeCase]) async throws
        -> [RefusedCall]
    { [] }

    public func unstatedErrorCalls(
        _ raising: [(call: String, error: String)], function: String, parameters: [String], edges: [SpecEdgeCase]
    ) async throws -> [UnstatedErrorCall] { [] }

    public func outputs(of code: String, function: String, cases: [String], sandbox: Sandbox, limits: SandboxLimits)
        async throws -> CaseOutputs?
    { nil }

    public func validators(for purpose: ValidationPurpose) -> [any Validator] {
        var validators: [any Validator] = [FlaggedWordsValidator(words: flaggedWords)]
        if purpose != .staticOnly, testOutcome != nil { validators.append(ScriptedTestsValidator(toolchain: self)) }
        return validators
    }

    public func scanProject(_ files: [URL], root: URL, options: ProjectScanOptions) async throws -> [Finding] {
        var findings: [Finding] = []
        for file in files {
            let code = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            findings += FlaggedWordsValidator(words: flaggedWords).findings(in: code, path: file.lastPathComponent)
        }
        return findings
    }

    public func deduplicated(_ findings: [Finding]) -> [Finding] { findings }

    public func ruleCatalog() async throws -> [RuleDescription] {
        [
            RuleDescription(
                rule: "fake/flagged", summary: "a line holding a flagged word", generated: .error, existing: .error,
                reason: "the fake language's only lint")
        ]
    }
}

/// The fake language's lint: an error on every line holding a flagged word.
public struct FlaggedWordsValidator: Validator {
    public let name = "flagged-words"
    public let isStatic = true
    public var words: [String]

    public init(words: [String]) { self.words = words }

    public func validate(_ file: SourceFile, context: ValidationContext) async throws -> ValidatorReport {
        ValidatorReport(validator: name, findings: findings(in: file.code, path: file.path))
    }

    func findings(in code: String, path: String) -> [Finding] {
        code.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
            guard let word = words.first(where: { line.contains($0) }) else { return nil }
            return Finding(
                rule: "fake/flagged", category: .correctness, severity: .error, path: path, line: index + 1,
                message: "line \(index + 1) holds \(word)", fixHint: "remove \(word)")
        }
    }
}

/// The fake language's tests: the toolchain's scripted outcome for the code.
struct ScriptedTestsValidator: Validator {
    let name = "tests"
    let isStatic = false
    let toolchain: FakeToolchain

    func validate(_ file: SourceFile, context: ValidationContext) async throws -> ValidatorReport {
        let tests = toolchain.testOutcome?(file.code) ?? []
        let findings = tests.filter { $0.outcome == .failed || $0.outcome == .error }.map { test in
            Finding(
                rule: "tests/failed", category: .correctness, severity: .error, path: file.path,
                message: "\(test.name) failed: \(test.message ?? "no message")")
        }
        return ValidatorReport(validator: name, findings: findings, tests: tests)
    }
}

/// What a double was called with, in order.
public final class CallLog: @unchecked Sendable {
    // @unchecked: `entries` is guarded by `lock`.
    private let lock = NSLock()
    private var entries: [String] = []

    public init() {}

    public func record(_ entry: String) { lock.withLock { entries.append(entry) } }

    public var calls: [String] { lock.withLock { entries } }
}
