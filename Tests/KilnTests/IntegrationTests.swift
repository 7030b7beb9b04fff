import Foundation
import KilnModels
import KilnSystem
import Testing

/// End-to-end runs of the `kiln` binary against the real embedded runtime: llama.cpp's server
/// with the 0.5B model, provisioned on first use exactly as for a user.
@Suite("kiln end to end with the real local model", .serialized, .tags(.integration))
struct IntegrationTests {
    static let model = "qwen2.5-coder-0.5b"

    @Test func genFunctionWritesAWorkingMedian() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let spec =
            "a function named median that takes a list of numbers and returns their median as a float; an empty list raises ValueError; median([3, 1, 2]) == 2"
        let run = try await KilnCLI.run(
            [
                "gen", "function", spec, "--model", Self.model, "--out", "median.py", "--json", "--temperature", "0", "--seed",
                "1", "--sarif", "median.sarif",
            ],
            in: directory)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let json = try #require(run.json, "stdout: \(run.stdout)")
        #expect(json["status"] as? String == "passed")
        // --sarif: the same status, and a passing result per requirement, on the written file.
        let sarif = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("median.sarif"))) as? [String: Any])
        let sarifRun = try #require((sarif["runs"] as? [[String: Any]])?.first)
        #expect((sarifRun["properties"] as? [String: String])?["status"] == "passed")
        let held = (sarifRun["results"] as? [[String: Any]] ?? []).filter { $0["ruleId"] as? String == "requirements/held" }
        #expect(held.count == (json["requirements"] as? [Any])?.count)
        #expect(held.allSatisfy { $0["kind"] as? String == "pass" })
        #expect((json["model"] as? [String: Any])?["name"] as? String == Self.model)
        #expect((json["tokens_per_second"] as? Double ?? 0) > 0)
        let written = try String(contentsOf: directory.appendingPathComponent("median.py"), encoding: .utf8)
        #expect(written == json["code"] as? String)

        // The code does what the spec says, run by Python itself.
        let check = """
            from median import median
            assert median([3, 1, 2]) == 2, median([3, 1, 2])
            assert median([4, 1, 3, 2]) == 2.5, median([4, 1, 3, 2])
            try:
                median([])
            except ValueError:
                pass
            else:
                raise AssertionError("no ValueError for []")
            """
        let python = try #require(TestPaths.python)
        let result = try await ProcessRunner.run(python.path, ["-c", check], currentDirectory: directory, timeout: .seconds(30))
        #expect(result.status == 0, "\(written)\n\(result.stderrText)")
    }

    @Test func theServerIsReusedAcrossCommands() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try await KilnCLI.run(["model", "serve", Self.model, "--json"], in: directory)
        let second = try await KilnCLI.run(["model", "serve", Self.model, "--json"], in: directory)
        #expect(first.status == 0 && second.status == 0, "\(first.stderr)\n\(second.stderr)")
        let pid = try #require(first.json?["pid"] as? Int)
        #expect(second.json?["pid"] as? Int == pid)
        #expect(!second.stderr.contains("starting the local model server"))
    }

    @Test func killingTheServerMidGenerationFailsCleanly() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let served = try await KilnCLI.run(["model", "serve", Self.model, "--json"], in: directory)
        let pid = try #require(served.json?["pid"] as? Int, "\(served.stderr)")

        let spec =
            "a Python class Matrix with methods add, subtract, multiply, transpose, determinant, inverse, trace and rank; every method has a long docstring with several examples"
        let generation = Task {
            try await KilnCLI.run(
                ["gen", "function", spec, "--model", Self.model, "--out", "matrix.py", "--max-tokens", "2048"], in: directory)
        }
        try await Task.sleep(for: .seconds(4))
        #expect(kill(Int32(pid), SIGKILL) == 0)
        let run = try await generation.value

        #expect(run.status == 3, "stdout: \(run.stdout)\nstderr: \(run.stderr)")
        #expect(run.stderr.contains("stopped in the middle of its answer") || run.stderr.contains("cannot reach"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("matrix.py").path))

        // The next command notices the dead server and starts a new one.
        let again = try await KilnCLI.run(["model", "serve", Self.model, "--json"], in: directory)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.json?["pid"] as? Int != pid)
    }

    @Test func anIdleServerStopsByItself() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try await KilnCLI.run(["model", "serve", Self.model, "--stop"], in: directory)
        let served = try await KilnCLI.run(["model", "serve", Self.model, "--idle-timeout", "2", "--json"], in: directory)
        let pid = try #require(served.json?["pid"] as? Int, "\(served.stderr)")
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline, kill(Int32(pid), 0) == 0 {
            try await Task.sleep(for: .milliseconds(500))
        }
        #expect(kill(Int32(pid), 0) != 0, "the server was still running 30 s after a 2 s idle timeout")
        let list = try await KilnCLI.run(["model", "serve", Self.model, "--stop"], in: directory)
        #expect(list.stdout.contains("no \(Self.model) server was running"))
    }

    @Test func aPromptLongerThanTheContextIsAnErrorNotATruncation() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let spec =
            "a function named total that sums a list of integers. "
            + String(repeating: "It must also handle very long inputs carefully and correctly. ", count: 120)
        let run = try await KilnCLI.run(
            ["gen", "function", spec, "--model", Self.model, "--context-size", "512"], in: directory)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("does not fit the model's context"))
        #expect(run.stdout.isEmpty)
    }

    @Test func modelListShowsTheVerifiedModel() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try await KilnCLI.run(["model", "list", "--json"], in: directory)
        #expect(run.status == 0)
        let models = try #require(run.json?["models"] as? [[String: Any]])
        let small = try #require(models.first { $0["name"] as? String == Self.model })
        #expect(small["installed"] as? Bool == true)
        #expect(small["verified_sha256"] as? String == "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32")
    }
}

/// Command-line behaviour that needs no model.
@Suite("kiln command line without a model")
struct CommandLineTests {
    @Test func anUnreachableEndpointFailsInSeconds() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try await KilnCLI.run(
            ["gen", "function", "median of a list", "--endpoint", "http://127.0.0.1:9/v1", "--json"], in: directory)
        #expect(run.status == 3)
        #expect(run.stderr.contains("cannot reach the model server at http://127.0.0.1:9/v1"))
        // "In seconds": the connect timeout is 5 s; the bound is loose because a loaded machine
        // delays process start-up too.
        #expect(run.seconds < 60)
        #expect(run.json?["status"] as? String == "error")
        #expect(run.json?["exit_code"] as? Int == 3)
    }

    @Test func anExistingOutputFileIsRefusedBeforeAnyWork() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("median.py")
        try "# mine\n".write(to: file, atomically: true, encoding: .utf8)
        let run = try await KilnCLI.run(
            ["gen", "function", "median of a list", "--endpoint", "http://127.0.0.1:9/v1", "--out", "median.py"], in: directory)
        #expect(run.status == 5)
        #expect(run.stderr.contains("--force"))
        #expect(try String(contentsOf: file, encoding: .utf8) == "# mine\n")
    }

    /// Every input is checked before a model backend exists: a missing file is exit 2 with its
    /// name (it used to be a crash, the HTTP client dropped without being shut down).
    @Test(arguments: [["--tests", "missing_test.py"], ["--context", "missing.py"], ["--template", "no-such-template"]])
    func aMissingInputIsRefusedBeforeTheModel(flags: [String]) async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try await KilnCLI.run(
            ["gen", "function", "takes a list of numbers, returns the median as a float", "--endpoint", "http://127.0.0.1:9/v1"]
                + flags, in: directory)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains(flags[1]), "\(run.stderr)")
        #expect(!run.stderr.contains("Fatal error"))
    }

    @Test func aBrokenConfigFileIsNamed() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try await KilnCLI.run(["gen", "function", "median"], in: directory, config: "model = \n")
        #expect(run.status == 2)
        #expect(run.stderr.contains("config.toml:1"))
    }

    @Test func promptLintExitsOneOnAVagueSpecAndZeroOnAGoodOne() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let vague = try await KilnCLI.run(["prompt", "lint", "write code"], in: directory)
        #expect(vague.status == 1)
        #expect(vague.stdout.contains("[no-inputs]") && vague.stdout.contains("A more specific prompt to fill in"))
        let good = try await KilnCLI.run(
            [
                "prompt", "lint", "--json",
                "a function named median that takes a list of floats and returns the median as a float; an empty list raises ValueError",
            ],
            in: directory)
        #expect(good.status == 0)
        #expect((good.json?["findings"] as? [Any])?.isEmpty == true)
    }

    @Test func strictGenRefusesAVagueSpecBeforeCallingAModel() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try await KilnCLI.run(
            ["gen", "function", "write code", "--strict", "--endpoint", "http://127.0.0.1:9/v1"], in: directory)
        #expect(run.status == 2)
        #expect(run.stderr.contains("too vague"))
        #expect(!run.stderr.contains("cannot reach"))
    }

    @Test func anUnknownModelIsABadInput() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try await KilnCLI.run(["gen", "function", "median", "--model", "gpt-17"], in: directory)
        #expect(run.status == 2)
        #expect(run.stderr.contains("unknown model 'gpt-17'"))
    }

    @Test(arguments: [
        ["--help"], ["gen", "function", "--help"], ["model", "--help"], ["model", "serve", "--help"],
        ["model", "pull", "--help"],
    ])
    func everyHelpShowsAnExample(arguments: [String]) async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try await KilnCLI.run(arguments, in: directory)
        #expect(run.status == 0)
        #expect(run.stdout.contains("kiln "))
        #expect(run.stdout.lowercased().contains("example"))
    }
}

extension Tag {
    @Tag static var integration: Self
}

/// The engine's sharing and its fill-in-the-middle endpoint, with the real server and model.
extension IntegrationTests {
    /// Another OpenAI client's long request goes on while `kiln gen` uses the same server.
    @Test func anotherClientsLongRequestSurvivesAGenMeanwhile() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let served = try await KilnCLI.run(["model", "serve", Self.model, "--json"], in: directory)
        let pid = try #require(served.json?["pid"] as? Int, "\(served.stderr)")
        let port = try #require(served.json?["port"] as? Int)
        let body = """
            {"model": "\(Self.model)", "messages": [{"role": "user", "content": "Write a long Python module with many functions."}],
             "max_tokens": 300, "temperature": 0, "ignore_eos": true}
            """
        let client = Task {
            try await ProcessRunner.run(
                "/usr/bin/curl",
                [
                    "-sS", "--max-time", "300", "-H", "Content-Type: application/json", "-d", body,
                    "http://127.0.0.1:\(port)/v1/chat/completions",
                ],
                timeout: .seconds(320))
        }
        try await Task.sleep(for: .seconds(2))
        let gen = try await KilnCLI.run(
            [
                "gen", "function", "a function named double that returns twice its integer argument; double(4) == 8", "--model",
                Self.model,
                "--json", "--seed", "1",
            ],
            in: directory)
        #expect(gen.status == 0, "\(gen.stderr)")
        #expect(gen.json?["status"] as? String == "passed")
        let answer = try await client.value
        #expect(answer.succeeded, "\(answer.stderrText)")
        let reply = try JSONSerialization.jsonObject(with: answer.stdout) as? [String: Any]
        let usage = reply?["usage"] as? [String: Any]
        #expect(usage?["completion_tokens"] as? Int == 300, "\(answer.stdoutText.prefix(300))")
        let again = try await KilnCLI.run(["model", "serve", Self.model, "--json"], in: directory)
        #expect(again.json?["pid"] as? Int == pid)
    }

    /// Fill-in-the-middle through `ModelBackend`, as the editor integration will call it.
    @Test func infillFillsTheMiddle() async throws {
        let runtime = LocalRuntime(paths: KilnPaths.fromEnvironment(), progress: ProgressReporter(mode: .silent))
        let model = try #require(ModelRegistry.model(named: Self.model))
        let backend = try await runtime.backend(for: .registry(model, contextSize: 8192, idleTimeout: 300))
        let reply = try await backend.using {
            try await backend.infill(
                InfillRequest(
                    prefix: "def add(a: int, b: int) -> int:\n    \"\"\"Return the sum of a and b.\"\"\"\n    ",
                    suffix: "\n\n\nprint(add(2, 3))\n", maxTokens: 16, temperature: 0))
        }
        #expect(reply.text.contains("a + b") || reply.text.contains("b + a"), "\(reply.text)")
        #expect((reply.usage.completionTokens ?? 0) > 0)
        #expect(backend.concurrency == LocalServer.defaultParallel)
    }
}
