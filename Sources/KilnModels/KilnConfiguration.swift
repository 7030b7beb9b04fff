import Foundation
import KilnCore
import KilnSystem
import TOMLKit

/// Settings from a `config.toml` (the repository's `.kiln/config.toml` or the user's). API keys
/// are never stored here, only the name of the environment variable that holds one.
public struct KilnConfiguration: Codable, Sendable, Equatable {
    public var model: String?
    public var modelPath: String?
    public var endpoint: String?
    public var provider: ModelProvider?
    public var apiKeyEnv: String?
    public var headers: [String: String]?
    public var contextSize: Int?
    public var timeout: Double?
    public var connectTimeout: Double?
    public var idleTimeout: Double?
    /// The policy switch that keeps code on this machine: any non-loopback endpoint is refused.
    public var localOnly: Bool?
    /// Slots of the embedded server: requests it decodes at once.
    public var parallel: Int?
    /// A prebuilt llama.cpp `llama-server` to run instead of the one Kiln builds.
    public var llamaServer: String?
    /// The docstring convention the editor's "add a docstring" writes: numpy or google.
    public var docstringStyle: String?
    /// Commit what `kiln gen` writes (with its record) as if `--commit` were given.
    public var commit: Bool?
    /// `kiln check` fails while a generated change in the checked files has no accepted review.
    public var requireReview: Bool?
    /// Send secrets to a model endpoint as written (`--allow-secrets` only; never from a file).
    public var allowSecrets: Bool? = nil

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case model
        case modelPath = "model_path"
        case endpoint, provider
        case apiKeyEnv = "api_key_env"
        case headers
        case contextSize = "context_size"
        case timeout
        case connectTimeout = "connect_timeout"
        case idleTimeout = "idle_timeout"
        case localOnly = "local_only"
        case parallel
        case llamaServer = "llama_server"
        case docstringStyle = "docstring_style"
        case commit
        case requireReview = "require_review"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        model = try container.decodeIfPresent(String.self, forKey: .model)
        modelPath = try container.decodeIfPresent(String.self, forKey: .modelPath)
        endpoint = try container.decodeIfPresent(String.self, forKey: .endpoint)
        provider = try container.decodeIfPresent(ModelProvider.self, forKey: .provider)
        apiKeyEnv = try container.decodeIfPresent(String.self, forKey: .apiKeyEnv)
        headers = try container.decodeIfPresent([String: String].self, forKey: .headers)
        contextSize = try container.decodeIfPresent(Int.self, forKey: .contextSize)
        timeout = try Self.seconds(container, .timeout)
        connectTimeout = try Self.seconds(container, .connectTimeout)
        idleTimeout = try Self.seconds(container, .idleTimeout)
        localOnly = try container.decodeIfPresent(Bool.self, forKey: .localOnly)
        parallel = try container.decodeIfPresent(Int.self, forKey: .parallel)
        llamaServer = try container.decodeIfPresent(String.self, forKey: .llamaServer)
        docstringStyle = try container.decodeIfPresent(String.self, forKey: .docstringStyle)
        commit = try container.decodeIfPresent(Bool.self, forKey: .commit)
        requireReview = try container.decodeIfPresent(Bool.self, forKey: .requireReview)
        if let docstringStyle, !["numpy", "google"].contains(docstringStyle) {
            throw InputError("docstring_style = \"\(docstringStyle)\": Kiln writes numpy or google docstrings")
        }
        if let parallel, !(1...16).contains(parallel) {
            throw InputError("parallel = \(parallel): the embedded server takes 1 to 16 slots")
        }
    }

    /// TOML keeps integers and floats apart; a number of seconds may be written either way.
    private static func seconds(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Double? {
        guard container.contains(key) else { return nil }
        if let whole = try? container.decode(Int.self, forKey: key) { return Double(whole) }
        return try container.decode(Double.self, forKey: key)
    }

    /// Parses a config file, naming the file and line of any mistake.
    public static func parse(_ text: String, file: String) throws -> KilnConfiguration {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw InputError("\(file):\(error.source.begin.line): \(error.description)")
        }
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        if let unknown = table.keys.sorted().first(where: { !known.contains($0) }) {
            throw InputError(
                "\(file): unknown setting '\(unknown)'; known settings: \(known.sorted().joined(separator: ", "))")
        }
        do {
            return try TOMLDecoder().decode(KilnConfiguration.self, from: table)
        } catch {
            throw InputError("\(file): \(Self.describe(error))")
        }
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.typeMismatch(let type, let context), DecodingError.valueNotFound(let type, let context):
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "'\(key)' must be a \(type)"
        case DecodingError.dataCorrupted(let context):
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "'\(key)': \(context.debugDescription)"
        default:
            return String(describing: error)
        }
    }

    /// Values from `other` win over values in `self`.
    public func overridden(by other: KilnConfiguration) -> KilnConfiguration {
        var merged = self
        merged.model = other.model ?? model
        merged.modelPath = other.modelPath ?? modelPath
        merged.endpoint = other.endpoint ?? endpoint
        merged.provider = other.provider ?? provider
        merged.apiKeyEnv = other.apiKeyEnv ?? apiKeyEnv
        if let extra = other.headers { merged.headers = (headers ?? [:]).merging(extra) { $1 } }
        merged.contextSize = other.contextSize ?? contextSize
        merged.timeout = other.timeout ?? timeout
        merged.connectTimeout = other.connectTimeout ?? connectTimeout
        merged.idleTimeout = other.idleTimeout ?? idleTimeout
        merged.localOnly = other.localOnly ?? localOnly
        merged.parallel = other.parallel ?? parallel
        merged.llamaServer = other.llamaServer ?? llamaServer
        merged.docstringStyle = other.docstringStyle ?? docstringStyle
        merged.commit = other.commit ?? commit
        merged.requireReview = other.requireReview ?? requireReview
        merged.allowSecrets = other.allowSecrets ?? allowSecrets
        return merged
    }

    /// The repository's config: `.kiln/config.toml` in `directory` or the nearest parent, stopping
    /// at the repository root (the directory holding `.git`).
    public static func repositoryConfigFile(from directory: URL) -> URL? {
        var current = directory.standardizedFileURL
        let fm = FileManager.default
        while true {
            let candidate = current.appendingPathComponent(".kiln/config.toml")
            if fm.fileExists(atPath: candidate.path) { return candidate }
            if fm.fileExists(atPath: current.appendingPathComponent(".git").path) { return nil }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { return nil }
            current = parent
        }
    }

    /// User config, then repository config, then `flags`: later wins.
    public static func load(
        flags: KilnConfiguration, workingDirectory: URL,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> KilnConfiguration {
        var merged = KilnConfiguration()
        let files = [KilnPaths.userConfigFile(environment), repositoryConfigFile(from: workingDirectory)].compactMap { $0 }
        for file in files where FileManager.default.fileExists(atPath: file.path) {
            let text: String
            do {
                text = try String(contentsOf: file, encoding: .utf8)
            } catch {
                throw InputError("cannot read \(file.path): \(error.localizedDescription)")
            }
            merged = merged.overridden(by: try parse(text, file: file.path))
        }
        return merged.overridden(by: flags)
    }
}
