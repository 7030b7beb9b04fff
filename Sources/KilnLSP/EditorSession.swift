import Foundation
import KilnCore
import KilnModels
import KilnPipeline
import KilnSystem
import KilnValidation

/// Settings an editor passes in `initializationOptions` (or later under `kiln` in
/// `workspace/didChangeConfiguration`); `.kiln/config.toml` and the user's config sit under them.
struct EditorOptions: Sendable, Equatable {
    var model: String?
    var endpoint: String?
    var docstringStyle: String?
    /// When files are checked: on open and save (default), also while typing, or never.
    var diagnostics = "onSave"
    var inlineCompletion = true
    var completionMaxTokens = 64

    /// Reads what it knows of `json`; a value of the wrong type is named in `problems`.
    mutating func read(_ json: JSON?) -> [String] {
        guard let object = json?.object else { return [] }
        var problems: [String] = []
        func text(_ key: String, _ allowed: [String]? = nil) -> String? {
            guard let value = object[key], !value.isNull else { return nil }
            guard let text = value.string, allowed.map({ $0.contains(text) }) ?? true else {
                problems.append(
                    "\(key) must be " + (allowed.map { "one of " + $0.joined(separator: ", ") } ?? "a string"))
                return nil
            }
            return text
        }
        model = text("model") ?? model
        endpoint = text("endpoint") ?? endpoint
        docstringStyle = text("docstringStyle", ["numpy", "google"]) ?? docstringStyle
        diagnostics = text("diagnostics", ["onSave", "onType", "off"]) ?? diagnostics
        if let value = object["inlineCompletion"], !value.isNull {
            if let flag = value.bool { inlineCompletion = flag } else { problems.append("inlineCompletion must be true or false") }
        }
        if let value = object["completionMaxTokens"], !value.isNull {
            if let count = value.int, (8...512).contains(count) {
                completionMaxTokens = count
            } else {
                problems.append("completionMaxTokens must be an integer from 8 to 512")
            }
        }
        return problems
    }

    var flags: KilnConfiguration {
        var flags = KilnConfiguration()
        flags.model = model
        flags.endpoint = endpoint
        flags.docstringStyle = docstringStyle
        return flags
    }
}

/// One editor connection: its documents, the requests still running, the requests Kiln sent it.
actor EditorSession {
    enum Phase { case starting, running, shuttingDown, exited }

    let settings: EditorServer.Settings
    let stream: MessageStream
    let documents = Documents()
    private(set) var phase = Phase.starting
    private var roots: [URL] = []
    private(set) var options = EditorOptions()
    private var capabilities: JSON = nil
    private var running: [String: Task<Void, Never>] = [:]
    private var progressOwners: [String: String] = [:]
    private var outgoing: [Int: CheckedContinuation<JSON, Error>] = [:]
    private var nextOutgoing = 1
    private var checks: [String: Task<Void, Never>] = [:]
    private var checkDiagnostics: [String: [JSON]] = [:]
    private var notes: [String: GeneratedNote] = [:]

    init(settings: EditorServer.Settings, stream: MessageStream) {
        self.settings = settings
        self.stream = stream
    }

    var hasExited: Bool { phase == .exited }

    // MARK: - dispatch

    func receive(_ message: JSON) async {
        let id = message["id"].flatMap { $0.isNull ? nil : $0 }
        if let method = message["method"]?.string {
            if let id { request(id: id, method: method, params: message["params"]) } else { await notification(method, message["params"]) }
        } else if let id {
            response(id: id, message)
        }
    }

    static func key(_ id: JSON) -> String { id.int.map { "n\($0)" } ?? "s\(id.string ?? "")" }

    private func request(id: JSON, method: String, params: JSON?) {
        if phase == .starting && method != "initialize" {
            return reply(id, .failure(RequestError(code: ErrorCode.serverNotInitialized, message: "send initialize first")))
        }
        if phase == .shuttingDown {
            return reply(id, .failure(RequestError(code: ErrorCode.invalidRequest, message: "the server is shutting down")))
        }
        switch method {
        case "initialize":
            guard phase == .starting else {
                return reply(id, .failure(RequestError(code: ErrorCode.invalidRequest, message: "already initialized")))
            }
            reply(id, .success(initialize(params)))
            phase = .running
        case "shutdown":
            phase = .shuttingDown
            wasShutDown = true
            reply(id, .success(nil))
        default:
            let key = Self.key(id)
            let handlers = Handlers(session: self)
            running[key] = Task {
                let result: Result<JSON, RequestError>
                do {
                    result = .success(try await handlers.handle(method, params, requestKey: key))
                } catch let error as RequestError {
                    result = .failure(error)
                } catch {
                    if error is CancellationError || Task.isCancelled {
                        result = .failure(RequestError(code: ErrorCode.requestCancelled, message: "cancelled"))
                    } else {
                        result = .failure(RequestError(code: ErrorCode.requestFailed, message: String(describing: error)))
                    }
                }
                self.finished(id, result)
            }
        }
    }

    private func finished(_ id: JSON, _ result: Result<JSON, RequestError>) {
        running[Self.key(id)] = nil
        progressOwners = progressOwners.filter { $0.value != Self.key(id) }
        reply(id, result)
    }

    private func reply(_ id: JSON, _ result: Result<JSON, RequestError>) {
        switch result {
        case .success(let value): stream.send(["jsonrpc": "2.0", "id": id, "result": value])
        case .failure(let error):
            stream.send(["jsonrpc": "2.0", "id": id, "error": ["code": .int(error.code), "message": .string(error.message)]])
        }
    }

    private func notification(_ method: String, _ params: JSON?) async {
        switch method {
        case "exit":
            phase = .exited
        case "$/cancelRequest":
            if let id = params?["id"] { running[Self.key(id)]?.cancel() }
        case "window/workDoneProgress/cancel":
            if let token = params?["token"], let owner = progressOwners[Self.key(token)] { running[owner]?.cancel() }
        case _ where phase != .running:
            return  // notifications before initialize (or after shutdown) are dropped, as LSP says
        case "textDocument/didOpen":
            guard let item = params?["textDocument"], let uri = item["uri"]?.string, let text = item["text"]?.string else { return }
            await documents.opened(uri: uri, text: text, version: item["version"]?.int ?? 0)
            scheduleCheck(uri, after: .zero)
        case "textDocument/didChange":
            guard let uri = params?["textDocument"]?["uri"]?.string else { return }
            await documents.changed(
                uri: uri, version: params?["textDocument"]?["version"]?.int ?? 0, changes: params?["contentChanges"]?.array ?? [])
            if options.diagnostics == "onType" { scheduleCheck(uri, after: settings.checkDelay) }
        case "textDocument/didSave":
            if let uri = params?["textDocument"]?["uri"]?.string { scheduleCheck(uri, after: settings.checkDelay) }
        case "textDocument/didClose":
            guard let uri = params?["textDocument"]?["uri"]?.string else { return }
            await documents.closed(uri: uri)
            checks[uri]?.cancel()
            checks[uri] = nil
            checkDiagnostics[uri] = nil
            notes[uri] = nil
            stream.send(Self.notification("textDocument/publishDiagnostics", ["uri": .string(uri), "diagnostics": []]))
        case "workspace/didChangeConfiguration":
            let problems = options.read(params?["settings"]?["kiln"])
            if !problems.isEmpty { showMessage(.warning, "Kiln settings: " + problems.joined(separator: "; ")) }
        default:
            return
        }
    }

    private func response(id: JSON, _ message: JSON) {
        guard let number = id.int, let continuation = outgoing.removeValue(forKey: number) else { return }
        if let error = message["error"] {
            continuation.resume(throwing: RequestError(code: error["code"]?.int ?? 0, message: error["message"]?.string ?? ""))
        } else {
            continuation.resume(returning: message["result"] ?? nil)
        }
    }

    // MARK: - lifecycle

    private func initialize(_ params: JSON?) -> JSON {
        capabilities = params?["capabilities"] ?? nil
        var folders = (params?["workspaceFolders"]?.array ?? []).compactMap { $0["uri"]?.string.flatMap(FileURI.path) }
        if folders.isEmpty, let uri = params?["rootUri"]?.string, let path = FileURI.path(uri) { folders = [path] }
        if folders.isEmpty, let path = params?["rootPath"]?.string { folders = [path] }
        roots = folders.map { URL(fileURLWithPath: $0, isDirectory: true) }
        let problems = options.read(params?["initializationOptions"])
        if !problems.isEmpty {
            settings.server.logLine("kiln lsp: initializationOptions: " + problems.joined(separator: "; "))
        }
        return [
            "capabilities": [
                "textDocumentSync": ["openClose": true, "change": 2, "save": ["includeText": false]],
                "codeActionProvider": ["codeActionKinds": ["refactor.rewrite", "source"]],
                "executeCommandProvider": ["commands": .array(Command.allCases.map { .string($0.rawValue) })],
                "inlineCompletionProvider": [:],
                "workspace": ["workspaceFolders": ["supported": true]],
            ],
            "serverInfo": ["name": "kiln", "version": .string(settings.server.version)],
        ]
    }

    /// Stops every running request and check and waits until each has stopped; the exit status.
    func stop() async -> Int32 {
        let tasks = Array(running.values) + Array(checks.values)
        for task in tasks { task.cancel() }
        for (_, continuation) in outgoing { continuation.resume(throwing: CancellationError()) }
        outgoing = [:]
        for task in tasks { await task.value }
        return phase == .exited && wasShutDown ? 0 : 1
    }

    private var wasShutDown = false

    // MARK: - talking to the editor

    static func notification(_ method: String, _ params: JSON) -> JSON { ["jsonrpc": "2.0", "method": .string(method), "params": params] }

    enum MessageType: Int { case error = 1, warning, info, log }

    nonisolated func showMessage(_ type: MessageType, _ text: String) {
        stream.send(Self.notification("window/showMessage", ["type": .int(type.rawValue), "message": .string(text)]))
    }

    /// Sends a request to the editor and waits for its answer.
    func ask(_ method: String, _ params: JSON) async throws -> JSON {
        let id = nextOutgoing
        nextOutgoing += 1
        return try await withCheckedThrowingContinuation { continuation in
            outgoing[id] = continuation
            stream.send(["jsonrpc": "2.0", "id": .int(id), "method": .string(method), "params": params])
        }
    }

    func clientSupports(_ path: [String]) -> JSON? {
        path.reduce(Optional(capabilities)) { json, key in json?[key] }
    }

    func ownProgress(_ token: JSON, request key: String) { progressOwners[Self.key(token)] = key }

    // MARK: - the workspace

    /// The workspace folder holding `path` (else the first, else the start directory).
    func root(for path: String?) -> URL {
        if let path, let root = roots.first(where: { path.hasPrefix($0.path.hasSuffix("/") ? $0.path : $0.path + "/") }) {
            return root
        }
        return roots.first ?? settings.server.startDirectory
    }

    func workbench(for path: String?, progress: ProgressReporter) throws -> Workbench {
        try settings.server.workbench(root: root(for: path), progress: progress, client: options.flags)
    }

    // MARK: - diagnostics

    /// Checks `uri` after `delay`; a newer change or save replaces a check not yet done.
    func scheduleCheck(_ uri: String, after delay: Duration) {
        guard options.diagnostics != "off", let path = FileURI.path(uri) else { return }
        checks[uri]?.cancel()
        let handlers = Handlers(session: self)
        checks[uri] = Task {
            if delay > .zero { try? await Task.sleep(for: delay) }
            guard !Task.isCancelled else { return }
            await handlers.check(uri: uri, path: path)
        }
    }

    func published(_ uri: String, check diagnostics: [JSON]) async {
        checkDiagnostics[uri] = diagnostics
        await publish(uri)
    }

    func noted(_ uri: String, _ note: GeneratedNote?) async {
        notes[uri] = note
        await publish(uri)
    }

    /// The check's diagnostics and those of Kiln's own last generation in the file (while its
    /// code is still there as written).
    private func publish(_ uri: String) async {
        let document = await documents.document(uri)
        var diagnostics = checkDiagnostics[uri] ?? []
        if let note = notes[uri], let text = document?.text ?? FileURI.path(uri).flatMap({ try? String(contentsOfFile: $0, encoding: .utf8) }) {
            if let placed = note.diagnostics(in: text) { diagnostics += placed } else { notes[uri] = nil }
        }
        var params: JSON = ["uri": .string(uri), "diagnostics": .array(diagnostics)]
        if let version = document?.version, case .object(var object) = params {
            object["version"] = .int(version)
            params = .object(object)
        }
        stream.send(Self.notification("textDocument/publishDiagnostics", params))
    }
}
