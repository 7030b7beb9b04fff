import Foundation
import KilnCore
import KilnModels
import KilnPipeline
import KilnSystem
import KilnTesting
import KilnValidation
import KilnWorkflow
import Testing

/// Provenance records, `--commit`, review, stats, the review gate and secret redaction, against
/// real git in temporary repositories (a fake toolchain and a scripted model do the generating).
@Suite("Workflow: records, commits, review, redaction", .serialized)
struct WorkflowTests {
    static func fenced(_ code: String) -> String { "```fake\n\(code)\n```" }

    /// A repository with one commit (README.md) and a user's uncommitted change to notes.fake.
    static func repository() async throws -> URL {
        let root = try TestPaths.temporaryDirectory()
        try await git(root, "init", "-q", "-b", "main")
        try await git(root, "config", "user.name", "Ada Reviewer")
        try await git(root, "config", "user.email", "ada@example.com")
        try "# demo\n".write(to: root.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        try "x = 1\n".write(to: root.appendingPathComponent("notes.fake"), atomically: true, encoding: .utf8)
        try await git(root, "add", ".")
        try await git(root, "commit", "-q", "-m", "init")
        try "x = 1\ny = 2\n".write(to: root.appendingPathComponent("notes.fake"), atomically: true, encoding: .utf8)
        return root
    }

    @discardableResult
    static func git(_ root: URL, _ arguments: String...) async throws -> String {
        let result = try await ProcessRunner.run(
            try #require(ProcessRunner.which("git")), arguments, currentDirectory: root, timeout: .seconds(60))
        #expect(result.succeeded, "git \(arguments): \(result.stderrText)")
        return result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func service(_ root: URL, _ backend: ScriptedBackend, configuration: KilnConfiguration = KilnConfiguration())
        -> GenerationService
    {
        GenerationService(
            workbench: Workbench(
                root: root, paths: KilnPaths(home: root.appendingPathComponent(".kiln-home")), progress: ProgressReporter(mode: .silent),
                configuration: configuration, toolchainOverride: FakeToolchain(), backendOverride: backend))
    }

    static func request(commit: CommitRequest?, out: String = "double.fake") -> GenerationRequest {
        var request = GenerationRequest(
            task: .function(spec: "a function named double that takes x and returns twice x"), output: .file(out, replace: false),
            options: GenerationOptions(samples: 1))
        request.commit = commit
        return request
    }

    @Test func aCommitOnANewBranchHoldsOnlyKilnsFilesWithTrailers() async throws {
        let root = try await Self.repository()
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try await Self.service(root, ScriptedBackend([Self.fenced("def double(x):\n    return x * 2")]))
            .generate(Self.request(commit: CommitRequest()))
        let provenance = try #require(outcome.provenance)
        let commit = try #require(provenance.commit)
        #expect(commit.branch == "kiln/double")
        #expect(try await Self.git(root, "rev-parse", "--abbrev-ref", "HEAD") == "kiln/double")
        #expect(try await Self.git(root, "rev-parse", "HEAD") == commit.sha)
        let files = try await Self.git(root, "show", "--name-only", "--format=", commit.sha).split(separator: "\n").map(String.init)
        #expect(Set(files) == ["double.fake", provenance.record])
        let message = try await Self.git(root, "log", "-1", "--format=%B")
        for trailer in ["Kiln-Record: \(provenance.record)", "Kiln-Template: function 0.0.1 sha256:", "Kiln-Model: scripted", "Kiln-Checks: "] {
            #expect(message.contains(trailer), "\(message)")
        }
        #expect(!message.contains("Co-authored-by"))
        // The user's change is still there, uncommitted; main did not move.
        #expect(try await Self.git(root, "status", "--porcelain") == "M notes.fake")
        #expect(try await Self.git(root, "log", "--format=%s", "main") == "init")
        // The record: request, template, model, attempts, checks, the file written with its hash.
        let record = try RecordStore(root: root).load(URL(fileURLWithPath: provenance.record).deletingPathExtension().lastPathComponent)
        #expect(record.schema == "kiln.record/1")
        #expect(record.request.spec == "a function named double that takes x and returns twice x")
        #expect(record.outputs.map(\.path) == ["double.fake"])
        #expect(record.outputs[0].sha256 == FileDigest.sha256(of: try Data(contentsOf: root.appendingPathComponent("double.fake"))))
        #expect(record.commit == .init(branch: "kiln/double", baseBranch: "main", newBranch: true))
        #expect(record.review.state == .pending)
    }

    @Test func aCommitOnTheCurrentBranchAddsOneCommit() async throws {
        let root = try await Self.repository()
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try await Self.service(root, ScriptedBackend([Self.fenced("def double(x):\n    return x * 2")]))
            .generate(Self.request(commit: CommitRequest(newBranch: false, coAuthor: true)))
        #expect(outcome.provenance?.commit?.branch == "main")
        #expect(try await Self.git(root, "rev-list", "--count", "main") == "2")
        #expect(try await Self.git(root, "log", "-1", "--format=%B").contains("Co-authored-by: Kiln"))
        #expect(try await Self.git(root, "status", "--porcelain") == "M notes.fake")
    }

    @Test func everyRefusalComesBeforeTheModel() async throws {
        let root = try await Self.repository()
        defer { try? FileManager.default.removeItem(at: root) }
        let backend = ScriptedBackend([Self.fenced("def double(x):\n    return x * 2")])
        let service = Self.service(root, backend)
        // A file with uncommitted changes that the generation would write into.
        var into = Self.request(commit: CommitRequest())
        into.output = .into("notes.fake")
        await #expect(throws: InputError.self) { _ = try await service.generate(into) }
        // A detached HEAD.
        try await Self.git(root, "checkout", "-q", "--detach")
        await #expect(throws: InputError.self) { _ = try await service.generate(Self.request(commit: CommitRequest())) }
        try await Self.git(root, "checkout", "-q", "main")
        // A merge in progress.
        let head = try await Self.git(root, "rev-parse", "HEAD")
        try head.write(to: root.appendingPathComponent(".git/MERGE_HEAD"), atomically: true, encoding: .utf8)
        await #expect(throws: InputError.self) { _ = try await service.generate(Self.request(commit: CommitRequest())) }
        try FileManager.default.removeItem(at: root.appendingPathComponent(".git/MERGE_HEAD"))
        // No repository at all.
        let plain = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: plain) }
        await #expect(throws: InputError.self) {
            _ = try await Self.service(plain, backend).generate(Self.request(commit: CommitRequest()))
        }
        #expect(backend.requests.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("double.fake").path))
    }

    @Test func aCommitThatFailsLeavesBranchesAndHeadAsTheyWere() async throws {
        let root = try await Self.repository()
        defer { try? FileManager.default.removeItem(at: root) }
        let main = try await Self.git(root, "rev-parse", "main")
        // Another git process holds the index: the commit cannot finish.
        let lock = root.appendingPathComponent(".git/index.lock")
        let service = Self.service(root, ScriptedBackend([Self.fenced("def double(x):\n    return x * 2")]))
        FileManager.default.createFile(atPath: lock.path, contents: Data())
        do {
            _ = try await service.generate(Self.request(commit: CommitRequest()))
            Issue.record("the commit went through with the index locked")
        } catch {
            #expect(String(describing: error).contains("nothing was written or committed"), "\(error)")
        }
        try FileManager.default.removeItem(at: lock)
        // The working tree is as it was: no new file, no record, the user's change still there.
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("double.fake").path))
        #expect(try RecordStore(root: root).all().isEmpty)
        #expect(try await Self.git(root, "rev-parse", "--abbrev-ref", "HEAD") == "main")
        #expect(try await Self.git(root, "rev-parse", "main") == main)
        #expect(try await Self.git(root, "branch", "--list", "kiln/*") == "")
        #expect(try await Self.git(root, "status", "--porcelain").contains("M notes.fake"))
    }

    @Test func rejectingUndoesTheDeliveryAndStatsCountIt() async throws {
        let root = try await Self.repository()
        defer { try? FileManager.default.removeItem(at: root) }
        let backend = ScriptedBackend([Self.fenced("def double(x):\n    return x * 2"), Self.fenced("def triple(x):\n    return x * 3")])
        let service = Self.service(root, backend)
        let first = try await service.generate(Self.request(commit: CommitRequest()))
        let review = ReviewService(root: root)
        let firstID = try #require(try review.pending().first?.id)
        let (rejected, undone) = try await review.reject(firstID, reason: "not what we asked")
        #expect(undone == "deleted branch kiln/double, back on main")
        #expect(rejected.review.reviewer == "Ada Reviewer <ada@example.com>")
        #expect(try await Self.git(root, "rev-parse", "--abbrev-ref", "HEAD") == "main")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("double.fake").path))
        #expect(try await Self.git(root, "status", "--porcelain").contains("M notes.fake"))
        _ = first
        // A second one, on the current branch, accepted.
        var second = Self.request(commit: CommitRequest(newBranch: false), out: "triple.fake")
        second.task = .function(spec: "a function named triple that takes x and returns three times x")
        _ = try await service.generate(second)
        let secondID = try #require(try review.pending().first?.id)
        let accepted = try await review.accept(secondID)
        #expect(accepted.review.state == .accepted)
        await #expect(throws: InputError.self) { _ = try await review.reject(secondID, reason: "too late") }
        let stats = ReviewStats(records: try review.store.all())
        #expect(stats.generations == 2 && stats.accepted == 1 && stats.rejected == 1)
        #expect(stats.acceptanceRate == 0.5)
        #expect(stats.rejectionReasons == ["not what we asked": 1])
        #expect(stats.byModel.map(\.name) == ["scripted"])
    }

    @Test func aGeneratedChangeNobodyAcceptedFailsCheckWhenReviewIsRequired() async throws {
        let root = try await Self.repository()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try await Self.service(root, ScriptedBackend([Self.fenced("def double(x):\n    return x * 2")]))
            .generate(Self.request(commit: nil))
        var configuration = KilnConfiguration()
        configuration.requireReview = true
        let workbench = Workbench(
            root: root, paths: KilnPaths(home: root.appendingPathComponent(".kiln-home")), progress: ProgressReporter(mode: .silent),
            configuration: configuration, toolchainOverride: FakeToolchain())
        let before = try await CheckService(workbench: workbench).check(.init(paths: ["double.fake"]), toolVersion: "test")
        #expect(before.report.findings.map(\.rule) == ["review/not-accepted"])
        let id = try #require(try ReviewService(root: root).pending().first?.id)
        _ = try await ReviewService(root: root).accept(id)
        let after = try await CheckService(workbench: workbench).check(.init(paths: ["double.fake"]), toolVersion: "test")
        #expect(after.report.findings.isEmpty)
    }

    @Test func secretsAreRedactedFromWhatGoesToAnEndpointUnlessAllowed() async throws {
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let token = "ghp_R8v2KqL0xZ7mN4pT9wY3bC6dF1gH5jS2aE8u"
        let spec = "a function named login that sends the token \(token) and returns the status"
        var endpoint = KilnConfiguration()
        endpoint.endpoint = "http://127.0.0.1:9/v1"
        endpoint.model = "proxy-model"
        let backend = ScriptedBackend([Self.fenced("def login():\n    return 200")])
        var request = GenerationRequest(task: .function(spec: spec), output: .file("login.fake", replace: false), options: GenerationOptions(samples: 1))
        request.keepsRecord = true
        let outcome = try await Self.service(root, backend, configuration: endpoint).generate(request)
        let sent = backend.requests.flatMap(\.messages).map(\.content).joined()
        #expect(!sent.contains(token))
        #expect(sent.contains("ghp_"))
        let record = try #require(try RecordStore(root: root).all().first)
        #expect(record.redactions == [.init(rule: "secret/github-token", place: "the request (spec, context outlines)")])
        _ = outcome
        // --allow-secrets sends it as written; Kiln's embedded server always gets it as written.
        var allowed = endpoint
        allowed.allowSecrets = true
        let asWritten = ScriptedBackend([Self.fenced("def login():\n    return 200")])
        _ = try await Self.service(root, asWritten, configuration: allowed).generate(
            GenerationRequest(task: .function(spec: spec), options: GenerationOptions(samples: 1)))
        #expect(asWritten.requests.flatMap(\.messages).map(\.content).joined().contains(token))
        let embedded = ScriptedBackend([Self.fenced("def login():\n    return 200")])
        _ = try await Self.service(root, embedded).generate(GenerationRequest(task: .function(spec: spec), options: GenerationOptions(samples: 1)))
        #expect(embedded.requests.flatMap(\.messages).map(\.content).joined().contains(token))
    }

    @Test func initWritesTheSetUpAndNeverOverwritesWithoutForce() throws {
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try "repos: []\n".write(to: root.appendingPathComponent(".pre-commit-config.yaml"), atomically: true, encoding: .utf8)
        let setup = ProjectSetup(root: root, templates: ["function": "---\nname: function\n---\n"], language: "python")
        let first = try setup.write(force: false)
        #expect(first.first { $0.path == ".pre-commit-config.yaml" }?.action == .kept)
        #expect(try String(contentsOf: root.appendingPathComponent(".pre-commit-config.yaml"), encoding: .utf8) == "repos: []\n")
        for path in [".kiln/config.toml", ".github/workflows/kiln.yml", ".kiln/ci/gitlab-kiln.yml", ".gitlab-ci.yml", ".kiln/prompts/function.md"] {
            #expect(first.first { $0.path == path }?.action == .created, "\(path)")
        }
        // The config it writes is one Kiln reads.
        let config = try KilnConfiguration.parse(
            String(contentsOf: root.appendingPathComponent(".kiln/config.toml"), encoding: .utf8), file: "config.toml")
        #expect(config.localOnly == true && config.requireReview == false)
        let forced = try setup.write(force: true)
        #expect(forced.first { $0.path == ".pre-commit-config.yaml" }?.action == .replaced)
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(".pre-commit-config.yaml.bak").path))
    }
}

/// The workflow through the `kiln` binary, as a user types it, with a fake OpenAI-compatible
/// server standing in for a remote model (so redaction applies) and real git.
@Suite("Workflow on the command line")
struct WorkflowCommandTests {
    @Test func genCommitsReviewRejectsAndNothingSecretLeaves() async throws {
        let root = try await WorkflowTests.repository()
        defer { try? FileManager.default.removeItem(at: root) }
        let server = try await FakeHTTPServer { _, _ in
            FakeHTTPServer.sse(FakeHTTPServer.openAIStream(["```python\ndef login() -> int:\n    return 200\n```"]))
        }
        let token = "ghp_R8v2KqL0xZ7mN4pT9wY3bC6dF1gH5jS2aE8u"
        let endpoint = server.baseURL + "/v1"
        let run = try await KilnCLI.run(
            [
                "gen", "function", "a function named login that uses the token \(token) and returns the status code",
                "--endpoint", server.baseURL + "/v1", "--model", "remote", "--no-validate", "--out", "login.py", "--commit",
            ], in: root)
        await server.shutdown()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("kiln: redacted a secret (secret/github-token) from the request"))
        #expect(!server.requests.map(\.body).joined().contains(token))
        #expect(run.stderr.contains("on kiln/login (checked out)"))
        #expect(try await WorkflowTests.git(root, "rev-parse", "--abbrev-ref", "HEAD") == "kiln/login")
        let message = try await WorkflowTests.git(root, "log", "-1", "--format=%B")
        #expect(message.contains("Kiln-Model: remote \(endpoint)"), "\(message)")
        #expect(message.contains("Kiln-Checks: unvalidated; no checks ran"), "\(message)")
        // The secret reaches neither the commit nor the record in it.
        #expect(!message.contains(token))
        #expect(try await !WorkflowTests.git(root, "show", "HEAD").contains(token))

        let list = try await KilnCLI.run(["review", "list", "--json"], in: root)
        let records = try #require(list.json?["records"] as? [[String: Any]])
        let id = try #require(records.first?["id"] as? String)
        #expect((records.first?["redactions"] as? [[String: Any]])?.first?["rule"] as? String == "secret/github-token")
        let show = try await KilnCLI.run(["review", "show", String(id.prefix(20))], in: root)
        #expect(show.status == 0 && show.stdout.contains("== change") && show.stdout.contains("+def login() -> int:"), "\(show.stdout)")
        let reject = try await KilnCLI.run(["review", "reject", id, "--reason", "uses a hard-coded token"], in: root)
        #expect(reject.stdout.contains("deleted branch kiln/login, back on main"), "\(reject.stdout)\(reject.stderr)")
        #expect(try await WorkflowTests.git(root, "branch", "--list", "kiln/*") == "")
        let stats = try await KilnCLI.run(["stats", "--json"], in: root)
        #expect(stats.json?["rejected"] as? Int == 1)
        #expect((stats.json?["rejection_reasons"] as? [String: Int]) == ["uses a hard-coded token": 1])

        // No repository: refused before any model call, exit 2.
        let plain = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: plain) }
        let refused = try await KilnCLI.run(
            ["gen", "function", "a function named f that returns 1", "--endpoint", "http://127.0.0.1:9/v1", "--model", "m", "--out", "f.py", "--commit"],
            in: plain)
        #expect(refused.status == 2 && refused.stderr.contains("--commit needs a git repository"), "\(refused.stderr)")
    }
}
