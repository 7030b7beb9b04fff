import ArgumentParser
import Foundation
import KilnModels
import KilnSystem

/// Flags that choose and reach a model; shared by every command that calls one.
struct ModelOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Registry model to run locally (see `kiln model list`), or the model name on --endpoint.", valueName: "name"))
    var model: String?

    @Option(
        name: .customLong("model-path"),
        help: ArgumentHelp("A GGUF file to run on Kiln's local llama.cpp server.", valueName: "file"))
    var modelPath: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Use a model server instead of the local one, e.g. http://127.0.0.1:8080/v1.", valueName: "url"))
    var endpoint: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Protocol of --endpoint: openai, ollama or anthropic (guessed from the URL when omitted).", valueName: "provider"))
    var provider: ModelProvider?

    @Option(
        name: .customLong("api-key-env"),
        help: ArgumentHelp(
            "Environment variable holding the API key (default: OPENAI_API_KEY or ANTHROPIC_API_KEY).", valueName: "var"))
    var apiKeyEnv: String?

    @Option(
        name: .customLong("header"),
        help: ArgumentHelp("Extra HTTP header for --endpoint, as 'Name: value'. Repeatable.", valueName: "header"))
    var headers: [String] = []

    @Option(
        name: .customLong("context-size"),
        help: ArgumentHelp("Context window in tokens for the local server and Ollama (default 8192).", valueName: "tokens"))
    var contextSize: Int?

    @Option(
        name: .long,
        help: ArgumentHelp("Seconds of silence from the model server before giving up (default 300).", valueName: "seconds"))
    var timeout: Double?

    @Option(
        name: .customLong("connect-timeout"),
        help: ArgumentHelp("Seconds to wait for a connection to the model server (default 5).", valueName: "seconds"))
    var connectTimeout: Double?

    @Flag(name: .customLong("local-only"), help: "Refuse any model server that is not on this machine.")
    var localOnly = false

    @Flag(
        name: .customLong("allow-secrets"),
        help: "Send secrets found in the spec, context or feedback to a model endpoint as written (default: redacted).")
    var allowSecrets = false

    func validate() throws {
        for header in headers where !header.contains(":") {
            throw ValidationError("--header '\(header)' must look like 'Name: value'")
        }
        if let contextSize, contextSize < 512 { throw ValidationError("--context-size must be at least 512") }
        if let timeout, timeout <= 0 { throw ValidationError("--timeout must be positive") }
    }

    var asConfiguration: KilnConfiguration {
        var configuration = KilnConfiguration()
        configuration.model = model
        configuration.modelPath = modelPath
        configuration.endpoint = endpoint
        configuration.provider = provider
        configuration.apiKeyEnv = apiKeyEnv
        if !headers.isEmpty {
            configuration.headers = Dictionary(
                headers.map { header in
                    let parts = header.split(separator: ":", maxSplits: 1)
                    return (
                        parts[0].trimmingCharacters(in: .whitespaces),
                        parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
                    )
                }, uniquingKeysWith: { $1 })
        }
        configuration.contextSize = contextSize
        configuration.timeout = timeout
        configuration.connectTimeout = connectTimeout
        if localOnly { configuration.localOnly = true }
        if allowSecrets { configuration.allowSecrets = true }
        return configuration
    }

    /// Flags merged over the repository's and the user's config files.
    func resolvedConfiguration() throws -> KilnConfiguration {
        try KilnConfiguration.load(
            flags: asConfiguration, workingDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    }
}

extension ModelProvider: ExpressibleByArgument {}
