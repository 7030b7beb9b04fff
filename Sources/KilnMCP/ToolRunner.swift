import Foundation
import KilnCore
import KilnModels
import KilnPipeline
import KilnSystem
import KilnValidation
import MCP

/// Runs tool calls: arguments in, a library request, the library's result out as MCP content.
struct ToolRunner: Sendable {
    let settings: AgentServer.Settings
    let session: AgentSession

    func call(_ parameters: CallTool.Parameters, server: Server) async throws -> CallTool.Result {
        guard let tool = AgentTool.named(parameters.name) else {
            return Self.failure(
                InputError(
                    "there is no tool '\(parameters.name)'; the tools are: \(AgentTool.all.map(\.name).joined(separator: ", "))"))
        }
        let progress = CallProgress(token: parameters._meta?.progressToken, server: server)
        do {
            let arguments = try tool.arguments(parameters.arguments)
            let workspace = await session.workspace(server: server)
            let result = try await run(tool, arguments, workspace: workspace, progress: progress)
            await progress.finish()
            return result
        } catch let error where error is CancellationError || Task.isCancelled {
            await progress.finish()
            throw CancellationError()
        } catch {
            await progress.finish()
            return Self.failure(error)
        }
    }

    /// A workbench for the workspace root that holds `path` (else the first root), with that
    /// root's `.kiln/config.toml` under the server's flags and progress going to the client.
    func workbench(_ workspace: Workspace, near path: String?, progress: CallProgress) throws -> Workbench {
        try settings.workbench(
            root: path.flatMap(workspace.root(containing:)) ?? workspace.primary,
            progress: ProgressReporter(mode: settings.log) { progress.report($0) })
    }

    func run(_ tool: AgentTool, _ arguments: ToolArguments, workspace: Workspace, progress: CallProgress) async throws
        -> CallTool.Result
    {
        func path(_ name: String) throws -> String? { try arguments.string(name).map { try workspace.resolve($0, argument: name) } }
        func paths(_ name: String) throws -> [String] { try arguments.strings(name).map { try workspace.resolve($0, argument: name) } }

        switch tool.name {
        case "generate_function", "generate_class":
            let out = try path("out")
            let into = try path("into")
            if out != nil && into != nil { throw InputError("\(tool.name): give 'out' or 'into', not both") }
            let spec = arguments.text("spec")
            let request = GenerationRequest(
                task: tool.name == "generate_function" ? .function(spec: spec) : .class(spec: spec),
                language: arguments.string("language") ?? "python",
                output: into.map { .into($0) } ?? out.map { .file($0, replace: arguments.bool("replace") ?? false) } ?? .none,
                options: GenerationOptions(
                    maxRepairs: arguments.integer("max_repairs") ?? 2, samples: arguments.integer("samples") ?? 2,
                    candidatesToCompare: arguments.integer("agree") ?? 1, budget: budget(arguments), tests: try paths("tests"),
                    contextFiles: try paths("context"), templateName: arguments.string("template"),
                    strict: arguments.bool("strict") ?? false, validate: arguments.bool("validate") ?? true,
                    temperature: arguments.number("temperature"), maxTokens: arguments.integer("max_tokens"),
                    seed: arguments.integer("seed"), requirementCaseSamples: arguments.integer("requirement_cases") ?? 3,
                    secondOpinion: arguments.bool("second_opinion") ?? true))
            return try await generate(request, arguments, workbench: workbench(workspace, near: out ?? into, progress: progress), progress)
        case "generate_tests":
            let source = try path("source")!
            let out = try path("out")
            let request = GenerationRequest(
                task: .tests(source: source), output: out.map { .file($0, replace: arguments.bool("replace") ?? false) } ?? .none,
                options: GenerationOptions(
                    maxRepairs: arguments.integer("max_repairs") ?? 2, samples: arguments.integer("samples") ?? 1,
                    budget: budget(arguments), templateName: arguments.string("template"),
                    temperature: arguments.number("temperature"), maxTokens: arguments.integer("max_tokens"),
                    seed: arguments.integer("seed"), keepsExpectedFailures: arguments.bool("keep_expected_failures") ?? true))
            return try await generate(request, arguments, workbench: workbench(workspace, near: source, progress: progress), progress)
        case "refactor", "generate_docs":
            let source = try path("source")!
            let out = try path("out")
            if out != nil && arguments.bool("write") == false {
                throw InputError("\(tool.name): 'out' writes a file and 'write': false writes nothing; drop one")
            }
            let output: GenerationRequest.Output =
                arguments.bool("write") == false
                ? .returned : out.map { .file($0, replace: arguments.bool("replace") ?? false) } ?? .none
            let task: GenerationRequest.Task =
                tool.name == "refactor"
                ? .refactor(source: source, target: arguments.text("target"), instruction: arguments.text("instruction"))
                : .docs(
                    source: source, target: arguments.string("target"),
                    style: arguments.string("style").flatMap(DocsGenerator.Style.init(rawValue:)) ?? .numpy)
            let request = GenerationRequest(
                task: task, output: output,
                options: GenerationOptions(
                    maxRepairs: arguments.integer("max_repairs") ?? 2, templateName: arguments.string("template")))
            return try await generate(request, arguments, workbench: workbench(workspace, near: source, progress: progress), progress)
        case "check":
            return try await check(arguments, workspace: workspace, progress: progress)
        case "validate":
            let file = try path("file")!
            let report = try await FileValidationService(workbench: workbench(workspace, near: file, progress: progress))
                .validate(file: file, tests: try paths("tests"))
            let passed = report.tests.filter { $0.outcome == .passed }.count
            var lines = [report.passed ? "passed" : "failed"]
            if !report.tests.isEmpty { lines.append("tests: \(passed) passed, \(report.tests.count - passed) failed") }
            lines += report.findings.map(Self.line)
            return try Self.success(report, text: lines)
        case "lint_prompt":
            let report = PromptLinter().lint(arguments.text("spec"))
            return try Self.success(
                LintResult(findings: report.findings, skeleton: report.skeleton, hasErrors: report.hasErrors), text: [report.text])
        default:
            preconditionFailure("tool \(tool.name) is listed but not handled")
        }
    }

    func budget(_ arguments: ToolArguments) -> GenerationBudget {
        GenerationBudget(seconds: arguments.number("budget_seconds"), tokens: arguments.integer("budget_tokens"))
    }

    func generate(_ request: GenerationRequest, _ arguments: ToolArguments, workbench: Workbench, _ progress: CallProgress)
        async throws -> CallTool.Result
    {
        let narrator = GenerationNarrator()
        var request = request
        request.commitPreferences = CommitRequest(newBranch: arguments.string("branch") != "current")
        if let commit = arguments.bool("commit") {
            request.followsCommitSetting = commit
            if commit { request.commit = request.commitPreferences }
        }
        let outcome = try await GenerationService(workbench: workbench).generate(request) { event in
            guard let (text, _) = narrator.narrate(event) else { return }
            if case .streaming = event { progress.report(text, frequent: true) } else { progress.report(text) }
        }
        var lines = outcome.summaryLines
        let report = outcome.reportText.trimmingCharacters(in: .newlines)
        if case .code = outcome {} else if !report.isEmpty { lines.append(report) }
        return try Self.success(outcome, text: lines)
    }

    func check(_ arguments: ToolArguments, workspace: Workspace, progress: CallProgress) async throws -> CallTool.Result {
        let code = arguments.string("code")
        let given = arguments.strings("paths")
        if code != nil && !given.isEmpty { throw InputError("check: give 'paths' or 'code', not both") }
        guard code != nil || !given.isEmpty else {
            throw InputError(
                "check needs 'paths' (workspace files or directories) or 'code' (with 'filename', where it would live)")
        }
        if code == nil && arguments.string("filename") != nil {
            throw InputError("check: 'filename' names a 'code' snippet; with 'paths' drop it")
        }
        let failOn = arguments.string("fail_on").flatMap(Finding.Severity.init(rawValue:)) ?? .error
        let outcome: CheckService.Outcome
        if let code {
            let filename = arguments.string("filename") ?? "snippet.py"
            let place = try workspace.resolve(filename, argument: "filename")
            let service = CheckService(workbench: try workbench(workspace, near: place, progress: progress))
            outcome = try await service.check(
                CheckService.Snippet(code: code, path: filename), scan: ProjectScanOptions(), toolVersion: settings.version)
        } else {
            let resolved = try given.map { try workspace.resolve($0, argument: "paths") }
            let service = CheckService(workbench: try workbench(workspace, near: resolved.first, progress: progress))
            outcome = try await service.check(
                CheckService.Request(paths: resolved, diffBase: arguments.string("diff_base")), toolVersion: settings.version)
        }
        let report = outcome.report
        let passed = report.reaching(failOn).isEmpty
        return try Self.success(
            CheckResult(passed: passed, failOn: failOn.rawValue, findings: report.findings, files: report.files),
            text: ["\(passed ? "passed" : "failed"): \(report.findings.count) finding(s) in \(report.files.count) file(s)"]
                + report.findings.map(Self.line))
    }

    struct CheckResult: Encodable {
        var passed: Bool
        var failOn: String
        var findings: [Finding]
        var files: [String]
    }

    struct LintResult: Encodable {
        var findings: [PromptLintFinding]
        var skeleton: String?
        var hasErrors: Bool
    }

    static func line(_ finding: Finding) -> String {
        let place = [finding.path, finding.line.map(String.init)].compactMap { $0 }.joined(separator: ":")
        return "\(finding.severity.rawValue) [\(finding.rule)] \(place.isEmpty ? "" : place + ": ")\(finding.message)"
    }

    // MARK: - results

    /// Keys as every Kiln JSON output spells them (snake_case), so an agent reads the same
    /// object `kiln gen --json` prints.
    static func encoded<T: Encodable>(_ value: T) throws -> (value: Value, json: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let data = try encoder.encode(value)
        return (try JSONDecoder().decode(Value.self, from: data), String(decoding: data, as: UTF8.self))
    }

    /// The summary a person reads, then the same result as JSON text for clients that do not read
    /// structured content.
    static func success<T: Encodable>(_ value: T, text: [String]) throws -> CallTool.Result {
        let (structured, json) = try encoded(value)
        return try CallTool.Result(
            content: [
                .text(text: text.joined(separator: "\n"), annotations: nil, _meta: nil),
                .text(text: json, annotations: nil, _meta: nil),
            ],
            structuredContent: structured, isError: false)
    }

    /// A refused or failed call, as a tool error the agent can read and act on.
    static func failure(_ error: Error) -> CallTool.Result {
        let message: String
        if let invalid = error as? GenerationOptions.Invalid {
            message = invalid.message(naming: argumentName)
        } else {
            message = String(describing: error)
        }
        let kind: String
        switch error.failureKind {
        case .badInput: kind = "bad input"
        case .checksFailed: kind = "checks failed"
        case .modelFailed: kind = "model failed"
        case .environmentFailed: kind = "environment failed (not a verdict on the code)"
        case .outputFailed: kind = "output failed"
        }
        return CallTool.Result(content: [.text(text: "kiln: \(kind): \(message)", annotations: nil, _meta: nil)], isError: true)
    }

    /// The tool argument that sets each generation option.
    static func argumentName(_ option: GenerationOptions.Name) -> String {
        switch option {
        case .maxRepairs: return "max_repairs"
        case .samples: return "samples"
        case .candidatesToCompare: return "agree"
        case .requirementCaseSamples: return "requirement_cases"
        case .maxTokens: return "max_tokens"
        case .temperature: return "temperature"
        case .budgetSeconds: return "budget_seconds"
        case .budgetTokens: return "budget_tokens"
        }
    }
}
