import Foundation
import KilnSystem

/// The one entry point that turns a `ModelSelection` into a ready backend: building the engine,
/// installing the model and starting or sharing the local server as needed.
public struct LocalRuntime: Sendable {
    public let environment: RuntimeEnvironment
    public let store: ModelStore
    public let server: LocalServer

    /// Slots of the local server.
    public let parallel: Int

    public init(
        paths: KilnPaths, progress: ProgressReporter, parallel: Int = LocalServer.defaultParallel, prebuiltServer: String? = nil
    ) {
        environment = RuntimeEnvironment(paths: paths, progress: progress, prebuiltServer: prebuiltServer)
        self.parallel = parallel
        store = ModelStore(environment: environment, progress: progress)
        server = LocalServer(environment: environment, progress: progress)
    }

    /// A backend for `selection`, with everything it needs running.
    public func backend(for selection: ModelSelection, readTimeout: Duration = .seconds(300)) async throws -> any ModelBackend {
        switch selection {
        case .endpoint(let configuration):
            switch configuration.provider {
            case .openai: return OpenAICompatibleBackend(configuration: configuration)
            case .ollama: return OllamaBackend(configuration: configuration)
            case .anthropic: return AnthropicBackend(configuration: configuration)
            }
        case .registry(let model, let contextSize, let idle):
            let file = try await engineAndModel(model)
            return try await localBackend(
                file: file, alias: model.name, contextSize: contextSize, idle: idle, readTimeout: readTimeout)
        case .file(let url, let contextSize, let idle):
            let alias = "file-" + url.deletingPathExtension().lastPathComponent
            return try await localBackend(file: url, alias: alias, contextSize: contextSize, idle: idle, readTimeout: readTimeout)
        }
    }

    /// Builds the engine (CPU) and downloads the model (network) at the same time: on a first run
    /// the download costs nothing extra.
    public func engineAndModel(_ model: RegistryModel) async throws -> URL {
        async let engine = environment.ensure()
        async let file = store.ensure(model)
        _ = try await engine
        return try await file
    }

    private func localBackend(file: URL, alias: String, contextSize: Int, idle: Double, readTimeout: Duration) async throws
        -> any ModelBackend
    {
        let state = try await server.ensure(
            modelFile: file, alias: alias, contextSize: contextSize, parallel: parallel, idleTimeout: idle)
        // The local server never needs retries on 5xx, and a refused connection means it died;
        // only a connection it closed before replying is tried again.
        let configuration = EndpointConfiguration(
            provider: .openai, baseURL: state.baseURL, model: alias,
            timeouts: Timeouts(connect: .seconds(5), read: readTimeout), retry: .localServer, contextSize: contextSize,
            concurrency: state.parallel, infillURL: state.serverURL + "/infill")
        return OpenAICompatibleBackend(configuration: configuration)
    }
}
