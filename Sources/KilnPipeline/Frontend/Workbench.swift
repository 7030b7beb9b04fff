import Foundation
import KilnCore
import KilnModels
import KilnPrompts
import KilnSystem
import KilnValidation

/// What every request needs from the machine, set up once per request and only as far as the
/// request needs it: the project directory, Kiln's home, the model configuration, the language
/// toolchain, the sandbox, the licence index and the model backend. Every front end (the command
/// line, the editor and agent servers) builds one and hands it to the library's flows.
public struct Workbench: Sendable {
    /// The project directory: relative paths resolve against it; its `.kiln/` settings apply.
    public var root: URL
    public var paths: KilnPaths
    public var progress: ProgressReporter
    /// Flags merged over the repository's and the user's config files.
    public var configuration: KilnConfiguration
    /// Stand-ins for the language toolchain and the model (a fake toolchain, a scripted model), so
    /// the flows are tested without Python or a model; nil uses the real ones.
    public var toolchainOverride: (any LanguageToolchain)?
    public var backendOverride: (any ModelBackend)?
    /// Secrets taken out of what was sent to a model endpoint (shared by every backend made here).
    public let redactions = RedactionLog()
    /// Where every model exchange is appended as a JSON line (`KILN_TRACE`); nil for nowhere.
    public var traceFile: URL?

    public init(
        root: URL, paths: KilnPaths, progress: ProgressReporter, configuration: KilnConfiguration,
        toolchainOverride: (any LanguageToolchain)? = nil, backendOverride: (any ModelBackend)? = nil
    ) {
        // A directory URL, so that relative paths resolve inside it rather than beside it.
        self.root = URL(fileURLWithPath: root.standardizedFileURL.path, isDirectory: true)
        self.paths = paths
        self.progress = progress
        self.configuration = configuration
        self.toolchainOverride = toolchainOverride
        self.backendOverride = backendOverride
    }

    /// A workbench for the process's working directory and `KILN_HOME`, with `flags` merged over
    /// the config files.
    public static func current(flags: KilnConfiguration = KilnConfiguration(), progress: ProgressReporter) throws -> Workbench {
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        var workbench = Workbench(
            root: root, paths: KilnPaths.fromEnvironment(), progress: progress,
            configuration: try KilnConfiguration.load(flags: flags, workingDirectory: root))
        workbench.traceFile = traceFile(root: root)
        return workbench
    }

    /// `KILN_TRACE` resolved against `root`; nil when it is unset.
    public static func traceFile(
        root: URL, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> URL? {
        guard let trace = environment["KILN_TRACE"], !trace.isEmpty else { return nil }
        return URL(fileURLWithPath: trace, relativeTo: root).standardizedFileURL
    }

    /// `path` resolved against the project directory.
    public func url(_ path: String) -> URL {
        URL(fileURLWithPath: path, relativeTo: root).standardizedFileURL.absoluteURL
    }

    /// The text of an input file, or a clear error naming it.
    public func read(_ path: String) throws -> (url: URL, text: String) {
        let url = url(path)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw SystemError.fileMissing(url.path) }
        return (url, text)
    }

    /// The toolchain for `language`, provisioned on first use, set up for this project.
    public func toolchain(language: String = "python") async throws -> any LanguageToolchain {
        if let toolchainOverride { return toolchainOverride }
        return try await LanguageToolchains.make(language: language, paths: paths, progress: progress, projectRoot: root)
    }

    /// The sandbox generated code runs in, able to read the toolchain's runtime, checked by
    /// starting that runtime in it (throws an environment error, before any model call, when it
    /// cannot). Without isolation the run goes on under resource limits only, with a loud warning.
    public func sandbox(for toolchain: any LanguageToolchain) async throws -> Sandbox {
        let isolation = await Sandbox.detect()
        if isolation == .rlimitsOnly {
            progress.line(
                "kiln: WARNING: no isolation available (bubblewrap or unshare); generated code runs with resource limits only. Install bubblewrap."
            )
        }
        let sandbox = Sandbox(isolation: isolation, readablePaths: toolchain.sandboxReadablePaths)
        try await sandbox.preflight(toolchain.sandboxPreflight)
        return sandbox
    }

    /// The licence fingerprint index: the repository's, else Kiln's own; nil when none was built.
    public func licenseIndex() throws -> LicenseIndex? {
        try LicenseIndex.load(LicenseValidator.indexURL(root: root, paths: paths))
    }

    /// The embedded runtime as the configuration sets it up (slots, a prebuilt llama-server).
    public func localRuntime() -> LocalRuntime {
        LocalRuntime(
            paths: paths, progress: progress, parallel: configuration.parallel ?? LocalServer.defaultParallel,
            prebuiltServer: configuration.llamaServer)
    }

    /// The model backend the configuration selects, with the local runtime started when it is the one.
    public func backend() async throws -> any ModelBackend {
        let selection = try ModelSelection.resolve(configuration)
        let base: any ModelBackend
        if let backendOverride {
            base = backendOverride
        } else {
            base = try await localRuntime().backend(
                for: selection, readTimeout: .milliseconds(Int((configuration.timeout ?? 300) * 1000)))
        }
        // Only Kiln's embedded server sees what the user wrote as written.
        var backend = base
        if case .endpoint = selection, configuration.allowSecrets != true {
            backend = RedactingBackend(base, log: redactions, progress: progress)
        }
        // Traced as sent: after redaction.
        if let traceFile { backend = try TracingBackend(backend, file: traceFile) }
        return backend
    }

    /// The language's built-in prompt templates with the repository's `.kiln/prompts/` over them.
    public func templateCatalog(language: String = "python") throws -> TemplateCatalog {
        let builtins = try toolchainOverride?.builtinTemplates ?? LanguageToolchains.builtinTemplates(language: language)
        return try TemplateCatalog.load(workingDirectory: root, builtins: builtins)
    }

    /// Package-registry look-ups for the import firewall (`--online-imports`).
    public static let registryLookup: OnlineLookup = { names in try await PackageRegistry().existing(names) }
}
