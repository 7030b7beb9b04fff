import Foundation
import KilnCore

/// Which model a command uses, decided from flags and config files.
public enum ModelSelection: Sendable, Equatable {
    /// A registry model run by the embedded llama.cpp server.
    case registry(RegistryModel, contextSize: Int, idleTimeout: Double)
    /// Any GGUF file run by the embedded server.
    case file(URL, contextSize: Int, idleTimeout: Double)
    /// A model server somewhere else.
    case endpoint(EndpointConfiguration)

    public static func resolve(
        _ configuration: KilnConfiguration,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ModelSelection {
        let contextSize = configuration.contextSize ?? LocalServer.defaultContextSize
        guard contextSize >= 512 else {
            throw InputError(
                "context size \(contextSize) is too small; use at least 512 (Kiln's default is \(LocalServer.defaultContextSize))"
            )
        }
        let idle = configuration.idleTimeout ?? LocalServer.defaultIdleTimeout
        if let endpoint = configuration.endpoint {
            if configuration.modelPath != nil {
                throw InputError(
                    "--model-path and --endpoint exclude each other: a model file runs on Kiln's local server")
            }
            return .endpoint(try endpointConfiguration(endpoint, configuration, environment: environment))
        }
        if let path = configuration.modelPath {
            let url = URL(fileURLWithPath: path)
            try checkGGUF(url)
            return .file(url.standardizedFileURL, contextSize: contextSize, idleTimeout: idle)
        }
        let name = configuration.model ?? ModelRegistry.defaultModelName
        guard let model = ModelRegistry.model(named: name) else { throw ModelRegistry.unknownModel(name) }
        return .registry(model, contextSize: contextSize, idleTimeout: idle)
    }

    static func endpointConfiguration(
        _ endpoint: String, _ configuration: KilnConfiguration, environment: [String: String]
    ) throws -> EndpointConfiguration {
        guard let url = URL(string: endpoint), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw InputError("'\(endpoint)' is not an http(s) URL; pass something like http://127.0.0.1:8080/v1")
        }
        if configuration.localOnly == true && !url.isLoopback {
            throw InputError(
                "the local_only policy is on, so Kiln will not send code to \(endpoint); use a server on this machine or turn local_only off in .kiln/config.toml"
            )
        }
        let provider = configuration.provider ?? inferProvider(url)
        var base = endpoint
        if provider == .openai && (url.path.isEmpty || url.path == "/") {
            base = endpoint.hasSuffix("/") ? endpoint + "v1" : endpoint + "/v1"
        }
        let keyVariable = configuration.apiKeyEnv ?? defaultKeyVariable(provider)
        let key = keyVariable.flatMap { environment[$0] }.flatMap { $0.isEmpty ? nil : $0 }
        if provider == .anthropic && key == nil {
            throw InputError("the Anthropic API needs a key: set \(keyVariable ?? "ANTHROPIC_API_KEY")")
        }
        let model: String
        switch (configuration.model, provider) {
        case (let name?, _): model = name
        case (nil, .openai): model = "default"
        case (nil, _): throw InputError("name the model to use on \(endpoint) with --model")
        }
        let timeouts = Timeouts(
            connect: .milliseconds(Int((configuration.connectTimeout ?? 5) * 1000)),
            read: .milliseconds(Int((configuration.timeout ?? 300) * 1000)))
        return EndpointConfiguration(
            provider: provider, baseURL: base, model: model, apiKey: key, apiKeyVariable: keyVariable,
            headers: configuration.headers ?? [:], timeouts: timeouts,
            contextSize: configuration.contextSize ?? LocalServer.defaultContextSize)
    }

    static func inferProvider(_ url: URL) -> ModelProvider {
        if url.host?.contains("anthropic") == true { return .anthropic }
        if url.port == 11434 || url.path.hasPrefix("/api") { return .ollama }
        return .openai
    }

    static func defaultKeyVariable(_ provider: ModelProvider) -> String? {
        switch provider {
        case .openai: return "OPENAI_API_KEY"
        case .anthropic: return "ANTHROPIC_API_KEY"
        case .ollama: return nil
        }
    }

    static func checkGGUF(_ url: URL) throws {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw InputError("no such model file: \(url.path)")
        }
        defer { try? handle.close() }
        let magic = handle.readData(ofLength: 4)
        guard magic == Data("GGUF".utf8) else {
            throw InputError("\(url.path) is not a GGUF model file (it does not start with 'GGUF')")
        }
    }
}
