import Foundation
import KilnCore
import KilnModels
import KilnPipeline
import KilnSystem
import KilnValidation

/// The commands Kiln's code actions run (and an editor may run itself, with arguments).
enum Command: String, CaseIterable {
    case implement = "kiln.implement"
    case tests = "kiln.tests"
    case docstring = "kiln.docstring"
    case refactor = "kiln.refactor"

    var verb: String {
        switch self {
        case .implement: return "implementing"
        case .tests: return "writing tests for"
        case .docstring: return "documenting"
        case .refactor: return "refactoring"
        }
    }

    /// The verb after "could not": "could not write tests for `f`".
    var infinitive: String {
        switch self {
        case .implement: return "implement"
        case .tests: return "write tests for"
        case .docstring: return "document"
        case .refactor: return "refactor"
        }
    }
}

/// What each request does, off the session's actor (generation takes minutes; the session keeps
/// answering meanwhile).
struct Handlers: Sendable {
    let session: EditorSession

    var settings: ServerSettings { session.settings.server }

    func handle(_ method: String, _ params: JSON?, requestKey: String) async throws -> JSON {
        switch method {
        case "textDocument/codeAction": return try await codeActions(params)
        case "workspace/executeCommand": return try await execute(params, requestKey: requestKey)
        case "textDocument/inlineCompletion": return try await inlineCompletion(params)
        default: throw RequestError(code: ErrorCode.methodNotFound, message: "kiln lsp does not handle \(method)")
        }
    }

    /// The document's text as the editor has it (the file's when it is not open) and its version.
    func text(of uri: String) async throws -> (text: String, version: Int?, path: String) {
        guard let path = FileURI.path(uri) else { throw RequestError.invalidParams("\(uri) is not a file:// URI") }
        if let document = await session.documents.document(uri) { return (document.text, document.version, path) }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw RequestError.invalidParams("\(path) is neither open in the editor nor readable")
        }
        return (text, nil, path)
    }

    // MARK: - diagnostics

    func check(uri: String, path: String) async {
        do {
            guard let document = await session.documents.document(uri) else { return }
            let workbench = try await session.workbench(for: path, progress: ProgressReporter(mode: .silent))
            let toolchain = try await workbench.toolchain()
            guard toolchain.isSourceFile(URL(fileURLWithPath: path)) else { return }
            let relative = Self.relative(path, to: workbench.root)
            let outcome = try await CheckService(workbench: workbench).check(
                CheckService.Snippet(code: document.text, path: relative), toolVersion: settings.version)
            guard !Task.isCancelled else { return }
            await session.published(
                uri, check: outcome.report.findings.map { Diagnostics.diagnostic($0, in: document.text) })
        } catch where Task.isCancelled {
            return
        } catch {
            // A check that cannot run (no Python, a broken config) is said once in the log; the
            // editor keeps working.
            settings.logLine("kiln lsp: checking \(path) failed: \(error)")
        }
    }

    static func relative(_ path: String, to root: URL) -> String {
        let base = root.standardizedFileURL.path + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : URL(fileURLWithPath: path).lastPathComponent
    }

    // MARK: - code actions

    func codeActions(_ params: JSON?) async throws -> JSON {
        guard let uri = params?["textDocument"]?["uri"]?.string, let range = Range(params?["range"]) else {
            throw RequestError.invalidParams("codeAction needs textDocument.uri and range")
        }
        let (text, _, path) = try await text(of: uri)
        let workbench = try await session.workbench(for: path, progress: ProgressReporter(mode: .silent))
        let toolchain = try await workbench.toolchain()
        guard toolchain.isSourceFile(URL(fileURLWithPath: path)),
            let definitions = try? await toolchain.definitions(in: text)
        else { return [] }
        let line = range.start.line + 1
        guard let definition = definitions.filter({ $0.line <= line && line <= $0.endLine }).max(by: { $0.line < $1.line })
        else { return [] }
        let name = definition.qualifiedName
        var actions: [JSON] = []
        func action(_ title: String, _ kind: String, _ command: Command) {
            actions.append([
                "title": .string(title), "kind": .string(kind),
                "command": [
                    "title": .string(title), "command": .string(command.rawValue),
                    "arguments": [["uri": .string(uri), "name": .string(name)]],
                ],
            ])
        }
        if toolchain.stub(definition) != nil { action("Kiln: implement `\(name)` (checked)", "refactor.rewrite", .implement) }
        if definition.kind == "function", !name.contains("."), !name.hasPrefix("_") {
            action("Kiln: generate tests for `\(name)`", "source", .tests)
        }
        action(
            definition.docstring == nil ? "Kiln: add a docstring to `\(name)`" : "Kiln: rewrite the docstring of `\(name)`",
            "source", .docstring)
        return .array(actions)
    }

    // MARK: - commands

    func execute(_ params: JSON?, requestKey: String) async throws -> JSON {
        guard let name = params?["command"]?.string, let command = Command(rawValue: name) else {
            throw RequestError.invalidParams(
                "unknown command \(params?["command"]?.string ?? "(none)"); Kiln's commands are \(Command.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        guard let argument = params?["arguments"]?.array?.first, let uri = argument["uri"]?.string,
            let target = argument["name"]?.string
        else {
            throw RequestError.invalidParams("\(name) takes one argument: {\"uri\": ..., \"name\": ...}")
        }
        let instruction = argument["instruction"]?.string
        if command == .refactor && (instruction ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw RequestError.invalidParams("kiln.refactor needs an instruction: {\"uri\": ..., \"name\": ..., \"instruction\": ...}")
        }
        let (text, version, path) = try await text(of: uri)
        let progress = try await WorkProgress.start(
            session: session, token: params?["workDoneToken"], request: requestKey, title: "Kiln: \(command.verb) \(target)")
        do {
            let message = try await run(
                command, target: target, instruction: instruction, uri: uri, text: text, version: version, path: path,
                progress: progress)
            await progress.end(message)
            return nil
        } catch {
            let cancelled = error is CancellationError || Task.isCancelled
            await progress.end(cancelled ? "cancelled" : "failed")
            if !cancelled { session.showMessage(.error, "Kiln: \(command.verb) `\(target)` failed: \(error)") }
            throw error
        }
    }

    func run(
        _ command: Command, target: String, instruction: String?, uri: String, text: String, version: Int?, path: String,
        progress: WorkProgress
    ) async throws -> String {
        let reporter = ProgressReporter(mode: settings.log) { progress.report($0) }
        let workbench = try await session.workbench(for: path, progress: reporter)
        let style = DocsGenerator.Style(rawValue: workbench.configuration.docstringStyle ?? "numpy") ?? .numpy
        let task: GenerationRequest.Task
        switch command {
        case .implement: task = .implement(source: path, target: target)
        case .tests: task = .tests(source: path, functions: [target])
        case .docstring: task = .docs(source: path, target: target, style: style)
        case .refactor: task = .refactor(source: path, target: target, instruction: instruction ?? "")
        }
        let narrator = GenerationNarrator()
        // As on the command line: a second sample when the first one's repairs do not succeed.
        let options = GenerationOptions(samples: command == .implement || command == .refactor ? 2 : 1)
        let outcome = try await GenerationService(workbench: workbench).generate(
            GenerationRequest(task: task, output: .returned, options: options, sourceText: text)
        ) { event in
            guard let (line, _) = narrator.narrate(event) else { return }
            if case .streaming = event { progress.report(line, frequent: true) } else { progress.report(line) }
        }
        let summary = outcome.summaryLines.map { $0.replacingOccurrences(of: "kiln: ", with: "") }
        guard outcome.status != .failed else {
            // The whole result goes to the server's log: every attempt and what stopped it.
            if let json = try? JSON.encoding(outcome, snakeCase: true).data() {
                settings.logLine("kiln lsp: \(command.rawValue) \(target) failed: " + String(decoding: json, as: UTF8.self))
            }
            session.showMessage(
                .error, "Kiln could not \(command.infinitive) `\(target)`; nothing was changed.\n" + summary.joined(separator: "\n"))
            return "failed: nothing was changed"
        }
        let toolchain = try await workbench.toolchain()
        let applied: Bool
        if command == .tests {
            applied = try await applyTests(outcome.code, module: path, toolchain: toolchain, root: workbench.root)
        } else {
            applied = try await apply(
                label: "Kiln: \(command.verb) \(target)", uri: uri, version: version, from: text, to: outcome.code)
            if applied, case .code(let result) = outcome {
                await session.noted(uri, try await note(for: result, target: target, in: outcome.code, toolchain: toolchain))
            }
        }
        guard applied else {
            session.showMessage(.warning, "Kiln: the editor did not apply the change to `\(target)` (did the file change meanwhile?)")
            return "not applied"
        }
        let status = outcome.status.rawValue
        session.showMessage(
            outcome.status == .unverified ? .warning : .info, "Kiln: `\(target)` \(status).\n" + summary.joined(separator: "\n"))
        return status
    }

    /// Asks the editor to apply the smallest whole-line edit from `old` to `new`.
    func apply(label: String, uri: String, version: Int?, from old: String, to new: String) async throws -> Bool {
        guard let (range, replacement) = Text.edit(from: old, to: new) else { return true }
        let edit: JSON = ["range": range.json, "newText": .string(replacement)]
        let documentChanges = await session.clientSupports(["workspace", "workspaceEdit", "documentChanges"])?.bool == true
        let workspaceEdit: JSON =
            documentChanges
            ? ["documentChanges": [["textDocument": ["uri": .string(uri), "version": version.map { .int($0) } ?? nil], "edits": [edit]]]]
            : ["changes": .object([uri: [edit]])]
        let answer = try await session.ask("workspace/applyEdit", ["label": .string(label), "edit": workspaceEdit])
        return answer["applied"]?.bool == true
    }

    /// New tests go into the module's test file: created beside the module, or merged into the
    /// one that exists (imports with its imports, the tests at the end).
    func applyTests(_ tests: String, module: String, toolchain: any LanguageToolchain, root: URL) async throws -> Bool {
        let moduleURL = URL(fileURLWithPath: module)
        let name = toolchain.testFileName(for: moduleURL.deletingPathExtension().lastPathComponent)
        let besides = moduleURL.deletingLastPathComponent().appendingPathComponent(name)
        let testsFolder = root.appendingPathComponent("tests")
        let exists = { (url: URL) in FileManager.default.fileExists(atPath: url.path) }
        // Beside the module when a test file is there or the project has no tests/ folder.
        let target = exists(besides) || !exists(testsFolder) ? besides : testsFolder.appendingPathComponent(name)
        let uri = FileURI.uri(target.path)
        if let existing = try await text(ofExisting: uri) {
            let merged = try await toolchain.inserting(tests, into: existing.text, moduleName: target.lastPathComponent)
            return try await apply(label: "Kiln: tests", uri: uri, version: existing.version, from: existing.text, to: merged)
        }
        let creates = (await session.clientSupports(["workspace", "workspaceEdit", "resourceOperations"])?.array ?? [])
            .contains("create")
        guard creates else {
            // The editor cannot create files through an edit: Kiln writes it (never over a file).
            _ = try OutputWriter().write(tests, to: target, replace: false)
            session.showMessage(.info, "Kiln: wrote \(target.path)")
            return true
        }
        let edit: JSON = [
            "documentChanges": [
                ["kind": "create", "uri": .string(uri), "options": ["ignoreIfExists": false, "overwrite": false]],
                [
                    "textDocument": ["uri": .string(uri), "version": nil],
                    "edits": [["range": Range.lines(0, 0, in: "").json, "newText": .string(tests)]],
                ],
            ]
        ]
        let answer = try await session.ask("workspace/applyEdit", ["label": "Kiln: tests", "edit": edit])
        return answer["applied"]?.bool == true
    }

    func text(ofExisting uri: String) async throws -> (text: String, version: Int?)? {
        if let document = await session.documents.document(uri) { return (document.text, document.version) }
        guard let path = FileURI.path(uri), let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return (text, nil)
    }

    /// The new definition's findings and unchecked requirements, pinned to its code.
    func note(for result: GenerationResult, target: String, in code: String, toolchain: any LanguageToolchain) async throws
        -> GeneratedNote?
    {
        guard let span = try await toolchain.definitions(in: code).first(where: { $0.qualifiedName == target }) else { return nil }
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        let block = lines[(span.line - 1)..<min(span.endLine, lines.count)].joined(separator: "\n")
        var items: [(offset: Int, severity: Int, code: String, message: String)] = []
        for finding in result.findings where finding.severity != .info {
            let offset = finding.line.map { (span.line...span.endLine).contains($0) ? $0 - span.line : 0 } ?? 0
            items.append((offset, Diagnostics.severity(finding.severity), finding.rule, finding.message))
        }
        for requirement in result.requirements ?? [] where requirement.status != .held {
            items.append(
                (
                    0, requirement.status == .failed ? 1 : 2, "requirement/\(requirement.status.rawValue)",
                    "\(requirement.id) \(requirement.status.rawValue): \(requirement.text)" + (requirement.note.map { " — \($0)" } ?? "")
                ))
        }
        return items.isEmpty ? nil : GeneratedNote(block: block, items: items)
    }

    // MARK: - inline completion

    func inlineCompletion(_ params: JSON?) async throws -> JSON {
        guard await session.options.inlineCompletion else { return ["items": []] }
        guard let uri = params?["textDocument"]?["uri"]?.string, let position = Position(params?["position"]) else {
            throw RequestError.invalidParams("inlineCompletion needs textDocument.uri and position")
        }
        let (text, _, path) = try await text(of: uri)
        let workbench = try await session.workbench(for: path, progress: ProgressReporter(mode: .silent))
        guard try await workbench.toolchain().isSourceFile(URL(fileURLWithPath: path)) else { return ["items": []] }
        let index = Text.index(of: position, in: text)
        let outcome = try await InlineCompletionService(workbench: workbench).complete(
            .init(
                path: Self.relative(path, to: workbench.root), prefix: String(text[..<index]), suffix: String(text[index...]),
                maxTokens: await session.options.completionMaxTokens))
        if !outcome.refusals.isEmpty {
            settings.logLine("kiln lsp: completion at \(path):\(position.line + 1) withheld: \(outcome.refusals.joined(separator: "; "))")
        }
        guard let completion = outcome.text else { return ["items": []] }
        return ["items": [["insertText": .string(completion), "range": Range(start: position, end: position).json]]]
    }
}
