import Foundation
import Testing

@testable import KilnModels

@Suite("Configuration files and model selection")
struct ConfigurationTests {
    @Test func parsesEverySetting() throws {
        let text = """
            model = "qwen2.5-coder-0.5b"
            endpoint = "http://localhost:11434"
            provider = "ollama"
            api_key_env = "TEAM_KEY"
            context_size = 16384
            timeout = 60
            connect_timeout = 2.5
            idle_timeout = 120
            local_only = true

            [headers]
            X-Team = "kiln"
            """
        let configuration = try KilnConfiguration.parse(text, file: "config.toml")
        #expect(configuration.model == "qwen2.5-coder-0.5b")
        #expect(configuration.provider == .ollama)
        #expect(configuration.contextSize == 16384)
        #expect(configuration.connectTimeout == 2.5)
        #expect(configuration.localOnly == true)
        #expect(configuration.headers == ["X-Team": "kiln"])
    }

    @Test func aSyntaxErrorNamesFileAndLine() {
        #expect {
            _ = try KilnConfiguration.parse("model = \"x\"\ntimeout = = 3\n", file: "/repo/.kiln/config.toml")
        } throws: { error in
            String(describing: error).hasPrefix("/repo/.kiln/config.toml:2:")
        }
    }

    @Test func anUnknownSettingIsRejected() {
        #expect {
            _ = try KilnConfiguration.parse("timout = 3\n", file: "c.toml")
        } throws: { error in
            String(describing: error).contains("unknown setting 'timout'")
        }
    }

    @Test func aWrongTypeNamesTheSetting() {
        #expect {
            _ = try KilnConfiguration.parse("context_size = \"big\"\n", file: "c.toml")
        } throws: { error in
            String(describing: error).contains("context_size")
        }
    }

    @Test func flagsBeatTheRepositoryWhichBeatsTheUser() throws {
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let userConfig = root.appendingPathComponent("xdg/kiln/config.toml")
        try FileManager.default.createDirectory(at: userConfig.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "model = \"user-model\"\ntimeout = 10\ncontext_size = 4096\n".write(to: userConfig, atomically: true, encoding: .utf8)
        let repo = root.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: repo.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: repo.appendingPathComponent(".kiln"), withIntermediateDirectories: true)
        try "model = \"repo-model\"\ntimeout = 20\n".write(
            to: repo.appendingPathComponent(".kiln/config.toml"), atomically: true, encoding: .utf8)
        let nested = repo.appendingPathComponent("src/pkg")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)

        var flags = KilnConfiguration()
        flags.timeout = 30
        let merged = try KilnConfiguration.load(
            flags: flags, workingDirectory: nested, environment: ["XDG_CONFIG_HOME": root.appendingPathComponent("xdg").path])
        #expect(merged.model == "repo-model")
        #expect(merged.timeout == 30)
        #expect(merged.contextSize == 4096)
    }

    @Test func theDefaultIsTheLocalRegistryModel() throws {
        guard case .registry(let model, let contextSize, _) = try ModelSelection.resolve(KilnConfiguration(), environment: [:])
        else {
            Issue.record("expected the registry model")
            return
        }
        #expect(model.name == ModelRegistry.defaultModelName)
        #expect(contextSize >= 8192)
    }

    @Test func anUnknownRegistryModelListsTheKnownOnes() {
        var configuration = KilnConfiguration()
        configuration.model = "gpt-17"
        #expect {
            _ = try ModelSelection.resolve(configuration, environment: [:])
        } throws: { error in
            String(describing: error).contains("qwen2.5-coder-0.5b")
        }
    }

    @Test(arguments: [
        ("http://localhost:11434", ModelProvider.ollama, "http://localhost:11434"),
        ("http://127.0.0.1:8080", .openai, "http://127.0.0.1:8080/v1"),
        ("http://127.0.0.1:8080/v1", .openai, "http://127.0.0.1:8080/v1"),
        ("https://api.anthropic.com", .anthropic, "https://api.anthropic.com"),
    ])
    func theProviderIsGuessedFromTheURL(endpoint: String, provider: ModelProvider, base: String) throws {
        var configuration = KilnConfiguration()
        configuration.endpoint = endpoint
        configuration.model = "m"
        guard case .endpoint(let resolved) = try ModelSelection.resolve(configuration, environment: ["ANTHROPIC_API_KEY": "k"])
        else {
            Issue.record("expected an endpoint")
            return
        }
        #expect(resolved.provider == provider)
        #expect(resolved.baseURL == base)
    }

    @Test func theKeyComesFromTheNamedVariable() throws {
        var configuration = KilnConfiguration()
        configuration.endpoint = "https://models.example.com/v1"
        configuration.apiKeyEnv = "TEAM_KEY"
        guard case .endpoint(let resolved) = try ModelSelection.resolve(configuration, environment: ["TEAM_KEY": "secret"]) else {
            Issue.record("expected an endpoint")
            return
        }
        #expect(resolved.apiKey == "secret")
        #expect(resolved.isLocal == false)
    }

    @Test func localOnlyRefusesARemoteServer() {
        var configuration = KilnConfiguration()
        configuration.endpoint = "https://api.openai.com/v1"
        configuration.localOnly = true
        #expect {
            _ = try ModelSelection.resolve(configuration, environment: [:])
        } throws: { error in
            String(describing: error).contains("local_only")
        }
        configuration.endpoint = "http://127.0.0.1:8080/v1"
        #expect(throws: Never.self) { _ = try ModelSelection.resolve(configuration, environment: [:]) }
    }

    /// A repository's `local_only = true` binds whoever works in it: their own config cannot turn
    /// it off, and no flag can (there is no flag to).
    @Test func aRepositorysLocalOnlyBindsEveryUser() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-config-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let repository = home.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: repository.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: repository.appendingPathComponent(".kiln"), withIntermediateDirectories: true)
        try "local_only = true\n".write(to: repository.appendingPathComponent(".kiln/config.toml"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: home.appendingPathComponent("xdg/kiln"), withIntermediateDirectories: true)
        try "local_only = false\nendpoint = \"https://api.openai.com/v1\"\n".write(
            to: home.appendingPathComponent("xdg/kiln/config.toml"), atomically: true, encoding: .utf8)
        var flags = KilnConfiguration()
        flags.endpoint = "https://api.example.com/v1"
        let merged = try KilnConfiguration.load(
            flags: flags, workingDirectory: repository, environment: ["XDG_CONFIG_HOME": home.appendingPathComponent("xdg").path])
        #expect(merged.localOnly == true)
        #expect { _ = try ModelSelection.resolve(merged, environment: ["OPENAI_API_KEY": "k"]) } throws: { error in
            String(describing: error).contains("local_only")
        }
    }

    @Test func anthropicWithoutAKeyIsAnError() {
        var configuration = KilnConfiguration()
        configuration.endpoint = "https://api.anthropic.com"
        configuration.model = "claude"
        #expect {
            _ = try ModelSelection.resolve(configuration, environment: [:])
        } throws: { error in
            String(describing: error).contains("ANTHROPIC_API_KEY")
        }
    }

    @Test func aModelPathMustBeAGGUFFile() throws {
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let notModel = root.appendingPathComponent("weights.gguf")
        try Data("PK\u{3}\u{4}zip".utf8).write(to: notModel)
        var configuration = KilnConfiguration()
        configuration.modelPath = notModel.path
        #expect {
            _ = try ModelSelection.resolve(configuration, environment: [:])
        } throws: { error in
            String(describing: error).contains("not a GGUF")
        }
        configuration.modelPath = root.appendingPathComponent("missing.gguf").path
        #expect {
            _ = try ModelSelection.resolve(configuration, environment: [:])
        } throws: { error in
            String(describing: error).contains("no such model file")
        }
    }
}
