import Foundation
import KilnCore
import KilnModels
import KilnPrompts
import KilnValidation

/// The `refactor` pattern: only the named definition changes (the rest of the file stays
/// byte-identical), and behaviour is checked before and after: with the repository's tests when
/// there are any, otherwise with characterization tests Kiln has the model write for the original
/// and keeps only once they pass against it.
public struct RefactorGenerator: Sendable {
    public var backend: any ModelBackend
    public var toolchain: PythonToolchain
    public var sandbox: Sandbox
    public var environment: PythonEnvironmentFacts
    public var template: PromptTemplate
    public var testsTemplate: PromptTemplate
    public var maxRepairs: Int

    public init(
        backend: any ModelBackend, toolchain: PythonToolchain, sandbox: Sandbox, environment: PythonEnvironmentFacts,
        template: PromptTemplate, testsTemplate: PromptTemplate, maxRepairs: Int
    ) {
        self.backend = backend
        self.toolchain = toolchain
        self.sandbox = sandbox
        self.environment = environment
        self.template = template
        self.testsTemplate = testsTemplate
        self.maxRepairs = maxRepairs
    }

    public struct Result: Codable, Sendable {
        public var pattern = "refactor"
        public var status: GenerationStatus
        public var code: String
        public var target: String
        /// "repository tests" or "characterization tests".
        public var behaviourOracle: String
        public var oracleTests: String?
        /// The oracle's tests that passed against the original: the ones that decide.
        public var oracleTestsKept: [String]
        public var attempts: Int
        public var checks: [String]
        public var findings: [Finding]
        public var model: ModelDescriptor
        public var prompt: GenerationResult.Prompt
        public var outputPath: String?
        public var backupPath: String?
    }

    /// `context` is repository context for the prompt; `workspace` the project files the tests need.
    public func generate(
        source: SourceFile, target: String, instruction: String, repositoryTests: [SourceFile], context: String? = nil,
        workspace: ProjectWorkspace = ProjectWorkspace(), onEvent: @escaping @Sendable (GenerationEvent) -> Void = { _ in }
    ) async throws -> Result {
        let definitions = try await toolchain.definitions(in: source.code)
        guard let definition = definitions.first(where: { $0.qualifiedName == target }) else {
            throw ModelError.configuration(
                "no function or class named '\(target)' in \(source.path); it has: \(definitions.map(\.qualifiedName).joined(separator: ", "))"
            )
        }
        let topLevel = String(target.split(separator: ".").first ?? Substring(target))

        // The behaviour oracle, fixed before the rewrite.
        let oracle: String
        var oracleTests: [SourceFile]
        if !repositoryTests.isEmpty {
            oracle = "repository tests"
            oracleTests = repositoryTests
        } else {
            oracle = "characterization tests"
            let check = GeneratedTestsCheck(
                toolchain: toolchain, sandbox: sandbox, source: source, functions: [topLevel], environment: environment,
                workspace: workspace)
            let writer = CodeGenerator(
                backend: backend, check: .custom { try await check.check($0) }, parameters: testsTemplate.parameters,
                maxRepairs: 1,
                samples: 1, languageVersion: environment.version, template: testsTemplate)
            let tests = try await writer.generate(
                fields: ["source": source.code, "module": source.moduleName, "functions": topLevel], onEvent: onEvent)
            // Only tests that pass against the original characterize it (the others are left out below),
            // so the attempt with the most passing tests is the oracle, whatever else it got wrong.
            let best = tests.attempts.filter { $0.code != nil }.max {
                $0.tests.filter { $0.outcome == .passed }.count < $1.tests.filter { $0.outcome == .passed }.count
            }
            oracleTests = [SourceFile(path: "test_\(source.moduleName)_characterization.py", code: best?.code ?? tests.code)]
        }
        let baseline = try await runTests(oracleTests, against: source, in: workspace)
        let passingBefore = Set(baseline.passed.map(\.name))
        guard !passingBefore.isEmpty else {
            let why =
                baseline.reasonForNoResults ?? (baseline.cases.isEmpty ? "pytest collected no tests" : baseline.failureSummary())
            throw ModelError.runtime(
                "no \(oracle) pass against the original \(target), so behaviour cannot be checked (\(why)); add tests to the repository that pass, and run again"
            )
        }

        var fields = ["code": definition.source, "name": target, "instruction": instruction]
        if let context { fields["context"] = context }
        var messages = try template.render(fields)
        var findings: [Finding] = []
        var accepted: String?
        var attempts = 0
        let sourceImports = Set(try await toolchain.imports(of: source.code).map(\.name))
        for round in 0...maxRepairs {
            attempts += 1
            onEvent(.attemptStarted(number: attempts, sample: 1, kind: round == 0 ? "initial" : "repair"))
            let response = try await backend.complete(ChatRequest(messages: messages, parameters: template.parameters))
            findings = []
            var candidate: String?
            do {
                // A method may come back indented as it sits in its class.
                let reply = CodeExtractor.dedent(try CodeExtractor().extract(from: response.text))
                let newImports = try await toolchain.imports(of: reply).map(\.name).filter { !sourceImports.contains($0) }
                if !newImports.isEmpty {
                    findings.append(
                        Finding(
                            rule: "refactor/new-import", category: .correctness, severity: .error,
                            message:
                                "the rewrite imports \(newImports.joined(separator: ", ")), which would change other lines of the file",
                            fixHint: "use only what the module already imports"))
                } else {
                    let rewritten = try await toolchain.replacingDefinition(target, in: source.code, with: reply)
                    if rewritten == source.code {
                        findings.append(
                            Finding(
                                rule: "refactor/unchanged", category: .correctness, severity: .error,
                                message:
                                    "the rewrite of `\(target)` is identical to the original: the instruction was not carried out",
                                fixHint: "rewrite `\(target)` as instructed: \(instruction)"))
                    } else {
                        candidate = rewritten
                    }
                }
            } catch let error as RefactorSpliceError {
                findings.append(
                    Finding(
                        rule: "refactor/missing-definition", category: .correctness, severity: .error, message: error.description,
                        fixHint: "reply with the rewritten `\(target)` in one python code block"))
            } catch let failure as CodeExtractor.Failure {
                findings.append(Finding(rule: "no-code", category: .correctness, severity: .error, message: failure.description))
            } catch let failure as ValidationError {
                // The reply does not parse, so its definitions cannot be read.
                findings.append(
                    Finding(
                        rule: "syntax", category: .correctness, severity: .error,
                        message: "the rewrite is not valid Python: \(failure)", fixHint: "reply with valid Python"))
            }
            if let candidate {
                onEvent(.checking(number: attempts))
                let prepared = try await toolchain.prepare(candidate, path: source.path)
                if let error = prepared.syntaxError {
                    findings.append(error)
                } else {
                    let after = try await runTests(
                        oracleTests, against: SourceFile(path: source.path, code: candidate), in: workspace)
                    if let limit = after.process.limitFinding(subject: "the tests of the rewrite") {
                        findings.append(limit)
                    }
                    let passingAfter = Set(after.passed.map(\.name))
                    for name in passingBefore.sorted() where !passingAfter.contains(name) {
                        // A test that did not run at all (the rewrite hung, crashed pytest or broke
                        // collection) has not shown the behaviour is kept either.
                        let test = after.cases.first { $0.name == name }
                        let detail = (test?.message ?? after.reasonForNoResults ?? "it did not run").split(
                            whereSeparator: \.isNewline
                        )
                        .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
                        findings.append(
                            Finding(
                                rule: "refactor/behaviour-changed", category: .correctness, severity: .error, path: source.path,
                                message:
                                    "behaviour changed: \(name) passed before the rewrite and \(test == nil ? "did not pass" : "fails") after it: \(detail.prefix(300))",
                                fixHint: "keep the original behaviour for this input"))
                    }
                    if findings.isEmpty { accepted = candidate }
                }
            }
            if accepted != nil { break }
            messages.append(.assistant(response.text))
            messages.append(.user(RepairFeedback.message(for: findings)))
        }
        return Result(
            status: accepted == nil ? .failed : .passed, code: accepted ?? source.code, target: target, behaviourOracle: oracle,
            oracleTests: oracle == "characterization tests" ? oracleTests.first?.code : nil,
            oracleTestsKept: passingBefore.sorted(),
            attempts: attempts,
            checks: ["syntax", "only-target-changed", "no-new-imports", "behaviour-preserved (\(oracle))"], findings: findings,
            model: backend.descriptor,
            prompt: .init(template: template.name, version: template.version, sha256: template.sha256, source: template.source))
    }

    /// Runs `tests` against `module` in the sandbox, with the workspace's project files around them.
    func runTests(_ tests: [SourceFile], against module: SourceFile, in workspace: ProjectWorkspace = ProjectWorkspace())
        async throws
        -> PytestRun
    {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-refactor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try workspace.materialize(in: scratch, module: module)
        var names: [String] = []
        for test in tests {
            let name = test.path.hasPrefix("/") ? URL(fileURLWithPath: test.path).lastPathComponent : test.path
            try ProjectWorkspace.place(test.code, at: name, in: scratch)
            names.append(name)
        }
        return try await PytestRun.run(names, python: toolchain.python, sandbox: sandbox, scratch: scratch)
    }
}
