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
    public var toolchain: any LanguageToolchain
    public var sandbox: Sandbox
    public var template: PromptTemplate
    public var testsTemplate: PromptTemplate
    public var maxRepairs: Int

    public init(
        backend: any ModelBackend, toolchain: any LanguageToolchain, sandbox: Sandbox, template: PromptTemplate,
        testsTemplate: PromptTemplate, maxRepairs: Int
    ) {
        self.backend = backend
        self.toolchain = toolchain
        self.sandbox = sandbox
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
        /// Its record and, with --commit, the commit (nil when nothing was written).
        public var provenance: Provenance? = nil
    }

    /// `context` is repository context for the prompt; `workspace` the project files the tests need.
    public func generate(
        source: SourceFile, target: String, instruction: String, repositoryTests: [SourceFile], context: String? = nil,
        workspace: ProjectWorkspace = ProjectWorkspace(), onEvent: @escaping @Sendable (GenerationEvent) -> Void = { _ in }
    ) async throws -> Result {
        let definitions = try await toolchain.definitions(in: source.code)
        guard let definition = definitions.first(where: { $0.qualifiedName == target }) else {
            throw InputError(
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
                toolchain: toolchain, sandbox: sandbox, source: source, functions: [topLevel], workspace: workspace)
            let writer = CodeGenerator(
                backend: backend, check: .custom { try await check.check($0) }, parameters: testsTemplate.parameters,
                maxRepairs: 1, samples: 1, toolchain: toolchain, template: testsTemplate)
            let tests = try await writer.generate(
                fields: ["source": source.code, "module": source.moduleName, "functions": topLevel], onEvent: onEvent)
            // Only tests that pass against the original characterize it (the others are left out below),
            // so the attempt with the most passing tests is the oracle, whatever else it got wrong.
            let best = tests.attempts.filter { $0.code != nil }.max {
                $0.tests.filter { $0.outcome == .passed }.count < $1.tests.filter { $0.outcome == .passed }.count
            }
            oracleTests = [
                SourceFile(
                    path: toolchain.testFileName(for: "\(source.moduleName)_characterization"), code: best?.code ?? tests.code)
            ]
        }
        let baseline = try await runTests(oracleTests, against: source, in: workspace)
        let passingBefore = Set(baseline.passed.map(\.name))
        guard !passingBefore.isEmpty else {
            let why =
                baseline.reasonForNoResults
                ?? (baseline.cases.isEmpty ? "\(baseline.runner) collected no tests" : baseline.failureSummary())
            throw EnvironmentError(
                "no \(oracle) pass against the original \(target), so behaviour cannot be checked (\(why)); add tests to the repository that pass, and run again"
            )
        }

        var fields = ["code": definition.source, "name": target, "instruction": instruction]
        if let context { fields["context"] = context }
        let sourceImports = Set(try await toolchain.imports(of: source.code).map(\.name))
        let fixedOracle: (tests: [SourceFile], passing: Set<String>) = (oracleTests, passingBefore)
        let check = CandidateCheck.custom { reply in
            try await checkRewrite(
                reply, of: target, in: source, instruction: instruction, sourceImports: sourceImports,
                oracleTests: fixedOracle.tests, passingBefore: fixedOracle.passing, workspace: workspace)
        }
        // A method may come back indented as it sits in its class.
        let loop = RepairLoop(
            backend: backend, check: check, parameters: template.parameters, maxRepairs: maxRepairs, samples: 1,
            extractor: toolchain.codeExtractor, dedents: true, repair: template.repair)
        var accepted: String?
        var attempts: Int
        var findings: [Finding]
        do {
            let outcome = try await loop.run(messages: try template.render(fields), onEvent: onEvent)
            accepted = outcome.chosen.passed ? outcome.report.code : nil
            attempts = outcome.attempts.count
            findings = outcome.chosen.findings
        } catch GenerationError.noCode(let count, let last) {
            attempts = count
            findings = last
        }
        return Result(
            status: accepted == nil ? .failed : .passed, code: accepted ?? source.code, target: target, behaviourOracle: oracle,
            oracleTests: oracle == "characterization tests" ? oracleTests.first?.code : nil,
            oracleTestsKept: passingBefore.sorted(),
            attempts: attempts,
            checks: ["syntax", "only-target-changed", "no-new-imports", "behaviour-preserved (\(oracle))"],
            findings: findings, model: backend.descriptor, prompt: .init(template))
    }

    /// The refactor pattern's check of one reply: no new imports, spliced into the original in
    /// place of the target, changed, parses, and every oracle test that passed before still passes.
    func checkRewrite(
        _ reply: String, of target: String, in source: SourceFile, instruction: String, sourceImports: Set<String>,
        oracleTests: [SourceFile], passingBefore: Set<String>, workspace: ProjectWorkspace
    ) async throws -> CandidateReport {
        func rejected(_ finding: Finding) -> CandidateReport {
            CandidateReport(code: reply, findings: [finding], tests: [], checks: [], removedDemoCode: [])
        }
        let rewritten: String
        do {
            let newImports = try await toolchain.imports(of: reply).map(\.name).filter { !sourceImports.contains($0) }
            if !newImports.isEmpty {
                return rejected(
                    Finding(
                        rule: "refactor/new-import", category: .correctness, severity: .error,
                        message:
                            "the rewrite imports \(newImports.joined(separator: ", ")), which would change other lines of the file",
                        fixHint: "use only what the module already imports"))
            }
            rewritten = try await toolchain.replacingDefinition(target, in: source.code, with: reply)
        } catch let error as RefactorSpliceError {
            return rejected(
                Finding(
                    rule: "refactor/missing-definition", category: .correctness, severity: .error, message: error.description,
                    fixHint: "reply with the rewritten `\(target)` in one \(toolchain.language) code block"))
        } catch let failure as ValidationError {
            // The reply does not parse, so its definitions cannot be read.
            return rejected(
                Finding(
                    rule: "syntax", category: .correctness, severity: .error,
                    message: "the rewrite is not valid \(toolchain.language): \(failure)",
                    fixHint: "reply with valid \(toolchain.language)"))
        }
        if rewritten == source.code {
            return rejected(
                Finding(
                    rule: "refactor/unchanged", category: .correctness, severity: .error,
                    message: "the rewrite of `\(target)` is identical to the original: the instruction was not carried out",
                    fixHint: "rewrite `\(target)` as instructed: \(instruction)"))
        }
        let prepared = try await toolchain.prepare(rewritten, path: source.path)
        if let error = prepared.syntaxError {
            return CandidateReport(code: rewritten, findings: [error], tests: [], checks: ["syntax"], removedDemoCode: [])
        }
        var findings: [Finding] = []
        let after = try await runTests(oracleTests, against: SourceFile(path: source.path, code: rewritten), in: workspace)
        if let limit = after.process.limitFinding(subject: "the tests of the rewrite") {
            findings.append(limit)
        }
        let passingAfter = Set(after.passed.map(\.name))
        for name in passingBefore.sorted() where !passingAfter.contains(name) {
            // A test that did not run at all (the rewrite hung, crashed the runner or broke
            // collection) has not shown the behaviour is kept either.
            let test = after.cases.first { $0.name == name }
            let detail = (test?.message ?? after.reasonForNoResults ?? "it did not run").split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            findings.append(
                Finding(
                    rule: "refactor/behaviour-changed", category: .correctness, severity: .error, path: source.path,
                    message:
                        "behaviour changed: \(name) passed before the rewrite and \(test == nil ? "did not pass" : "fails") after it: \(detail.prefix(300))",
                    fixHint: "keep the original behaviour for this input"))
        }
        return CandidateReport(
            code: rewritten, findings: findings, tests: after.cases, checks: ["syntax", "behaviour-preserved"],
            removedDemoCode: [])
    }

    /// Runs `tests` against `module` in the sandbox, with the workspace's project files around them.
    func runTests(_ tests: [SourceFile], against module: SourceFile, in workspace: ProjectWorkspace = ProjectWorkspace())
        async throws
        -> TestRun
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
        return try await toolchain.runTests(names, in: scratch, sandbox: sandbox, limits: SandboxLimits())
    }
}
