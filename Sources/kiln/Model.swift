import ArgumentParser
import Foundation
import KilnModels
import KilnPipeline
import KilnSystem

extension Kiln {
    struct Model: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage the embedded local runtime and its models.",
            discussion: """
                Examples:
                  kiln model list
                  kiln model pull qwen2.5-coder-0.5b
                  kiln model serve            # start (or reuse) the background server and print its URL
                  kiln model serve --stop
                """,
            subcommands: [List.self, Pull.self, Remove.self, Verify.self, Serve.self]
        )
    }
}

extension Kiln.Model {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the models Kiln knows, whether they are installed, and their verified hashes.",
            discussion: "Example:\n  kiln model list --json")

        @Flag(name: .long, help: "Print the list as JSON.")
        var json = false

        func run() async throws {
            let progress = ProgressReporter.fromEnvironment()
            let runtime = LocalRuntime(paths: KilnPaths.fromEnvironment(), progress: progress)
            let models = runtime.store.status()
            if json {
                try JSONOutput.print(["models": models])
                return
            }
            print("NAME                  SIZE      INSTALLED  VERIFIED SHA-256   PATH")
            for model in models {
                let size = String(format: "%.2f GB", Double(model.sizeBytes) / 1e9)
                let installed = model.installed ? "yes" : "no"
                let hash = model.verifiedSHA256.map { String($0.prefix(16)) + "…" } ?? (model.installed ? "not verified" : "-")
                print(
                    model.name.padding(toLength: 22, withPad: " ", startingAt: 0)
                        + size.padding(toLength: 10, withPad: " ", startingAt: 0)
                        + installed.padding(toLength: 11, withPad: " ", startingAt: 0)
                        + hash.padding(toLength: 19, withPad: " ", startingAt: 0) + model.path)
            }
        }
    }

    struct Pull: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install a registry model (and Kiln's Python environment on first use).",
            discussion: "Example:\n  kiln model pull qwen2.5-coder-0.5b")

        @Argument(help: "A registry model name (see `kiln model list`).")
        var name: String = ModelRegistry.defaultModelName

        @Flag(name: .long, help: "Print the installed model as JSON.")
        var json = false

        func run() async throws {
            let progress = ProgressReporter.fromEnvironment()
            try await runReportingErrors(progress: progress, json: json) {
                guard let model = ModelRegistry.model(named: name) else { throw ModelRegistry.unknownModel(name) }
                let runtime = try Workbench.current(progress: progress).localRuntime()
                let url = try await runtime.engineAndModel(model)
                if json {
                    try JSONOutput.print(runtime.store.status().first { $0.name == model.name })
                } else {
                    print(url.path)
                }
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm",
            abstract: "Delete an installed model and stop its server.",
            discussion: "Example:\n  kiln model rm qwen2.5-coder-0.5b")

        @Argument(help: "A registry model name.")
        var name: String

        @Flag(name: .long, help: "Print the result as JSON.")
        var json = false

        func run() async throws {
            let progress = ProgressReporter.fromEnvironment()
            try await runReportingErrors(progress: progress, json: json) {
                guard let model = ModelRegistry.model(named: name) else { throw ModelRegistry.unknownModel(name) }
                let runtime = LocalRuntime(paths: KilnPaths.fromEnvironment(), progress: progress)
                try await runtime.server.stop(alias: model.name)
                if try await runtime.store.remove(model) {
                    if json { try JSONOutput.print(["removed": model.name]) } else { print("removed \(model.name)") }
                } else {
                    FileHandle.standardError.write(Data("kiln: error: \(model.name) is not installed\n".utf8))
                    throw ExitCode(KilnExit.badInput)
                }
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Hash an installed model again and compare it with the registry's SHA-256.",
            discussion: "Example:\n  kiln model verify qwen2.5-coder-1.5b")

        @Argument(help: "A registry model name.")
        var name: String = ModelRegistry.defaultModelName

        @Flag(name: .long, help: "Print the result as JSON.")
        var json = false

        func run() async throws {
            let progress = ProgressReporter.fromEnvironment()
            try await runReportingErrors(progress: progress, json: json) {
                guard let model = ModelRegistry.model(named: name) else { throw ModelRegistry.unknownModel(name) }
                let runtime = LocalRuntime(paths: KilnPaths.fromEnvironment(), progress: progress)
                try runtime.store.verifyExisting(model)
                if json {
                    try JSONOutput.print(["name": model.name, "sha256": model.sha256, "verified": "true"])
                } else {
                    print("\(model.name): sha256 \(model.sha256) verified")
                }
            }
        }
    }

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start (or reuse) the background llama.cpp server and print its OpenAI-compatible URL.",
            discussion: """
                llama.cpp's own llama-server (built on first use), with --parallel slots decoding
                requests together, shared by every kiln command and any OpenAI-compatible client
                that uses the printed URL. A busy server is never replaced. It stops by itself after
                --idle-timeout seconds in which no slot worked.

                Examples:
                  kiln model serve
                  kiln model serve qwen2.5-coder-0.5b --idle-timeout 3600 --json
                  kiln model serve --stop
                """)

        @Argument(help: "A registry model name.")
        var name: String = ModelRegistry.defaultModelName

        @Option(
            name: .customLong("idle-timeout"),
            help: ArgumentHelp("Seconds without a request before the server exits (default 900).", valueName: "seconds"))
        var idleTimeout: Double?

        @Option(
            name: .customLong("context-size"), help: ArgumentHelp("Context window in tokens (default 8192).", valueName: "tokens")
        )
        var contextSize: Int?

        @Option(name: .long, help: ArgumentHelp("Slots: requests decoded at once (default 4).", valueName: "n"))
        var parallel: Int?

        @Flag(name: .long, help: "Stop the running server instead.")
        var stop = false

        @Flag(name: .long, help: "Print the server's state as JSON.")
        var json = false

        func run() async throws {
            let progress = ProgressReporter.fromEnvironment()
            try await runReportingErrors(progress: progress, json: json) {
                guard let model = ModelRegistry.model(named: name) else { throw ModelRegistry.unknownModel(name) }
                let workbench = try Workbench.current(progress: progress)
                let runtime = workbench.localRuntime()
                if stop {
                    let stopped = try await runtime.server.stop(alias: model.name)
                    print(stopped ? "stopped the \(model.name) server" : "no \(model.name) server was running")
                    return
                }
                let file = try await runtime.store.ensure(model)
                let state = try await runtime.server.ensure(
                    modelFile: file, alias: model.name,
                    contextSize: contextSize ?? workbench.configuration.contextSize ?? LocalServer.defaultContextSize,
                    parallel: parallel ?? runtime.parallel,
                    idleTimeout: idleTimeout ?? workbench.configuration.idleTimeout ?? LocalServer.defaultIdleTimeout)
                if json {
                    try JSONOutput.print(state)
                } else {
                    print(state.baseURL)
                    FileHandle.standardError.write(
                        Data(
                            "kiln: \(model.name) on \(state.baseURL) (pid \(state.pid), \(state.parallel) slots of \(state.nCtx) tokens, exits after \(Int(state.idleTimeout)) s idle; log \(runtime.server.logURL(alias: model.name).path))\n"
                                .utf8))
                }
            }
        }
    }
}
