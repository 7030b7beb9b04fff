import Foundation
import KilnCore
import KilnSystem

/// `kiln init`: what a repository needs to use Kiln as a team: its configuration, its editable
/// templates, a pre-commit hook running `kiln check` on staged files, and CI jobs (GitHub Actions
/// and GitLab CI) that run `kiln check` and upload the SARIF. An existing file is never replaced
/// without `force` (and then kept as a `.bak`).
public struct ProjectSetup: Sendable {
    public struct File: Sendable, Equatable {
        public var path: String
        public var contents: String
        public var purpose: String
    }

    public enum Action: String, Sendable, Codable { case created, kept, replaced }

    public struct Outcome: Sendable, Codable, Equatable {
        public var path: String
        public var action: Action
        public var purpose: String
    }

    public let root: URL
    /// The built-in templates, by name, to copy into `.kiln/prompts/`.
    public let templates: [String: String]
    public let language: String

    public init(root: URL, templates: [String: String], language: String) {
        self.root = root
        self.templates = templates
        self.language = language
    }

    public var files: [File] {
        var files = [
            File(path: ".kiln/config.toml", contents: Self.config, purpose: "the repository's Kiln settings"),
            File(
                path: ".pre-commit-config.yaml", contents: Self.preCommit(language: language),
                purpose: "a pre-commit hook running kiln check on staged files"),
            File(
                path: ".github/workflows/kiln.yml", contents: Self.githubWorkflow,
                purpose: "GitHub Actions: kiln check, SARIF uploaded to code scanning"),
            File(
                path: ".kiln/ci/gitlab-kiln.yml", contents: Self.gitlabJob,
                purpose: "GitLab CI: a kiln check job (SARIF and JUnit reports)"),
        ]
        if !FileManager.default.fileExists(atPath: root.appendingPathComponent(".gitlab-ci.yml").path) {
            files.append(
                File(
                    path: ".gitlab-ci.yml", contents: "include:\n  - local: .kiln/ci/gitlab-kiln.yml\n",
                    purpose: "GitLab CI, including the kiln job"))
        }
        // The five patterns' templates; the helper templates (inputs, requirement cases) stay built in.
        for (name, text) in templates.sorted(by: { $0.key < $1.key })
        where ["function", "class", "tests", "refactor", "docs"].contains(name) {
            files.append(
                File(path: ".kiln/prompts/\(name).md", contents: text, purpose: "the \(name) template, yours to edit (kiln prompt list)"))
        }
        return files
    }

    /// Writes every file; an existing one is kept unless `force` (then replaced, kept as .bak).
    public func write(force: Bool) throws -> [Outcome] {
        try files.map { file in
            let url = root.appendingPathComponent(file.path)
            let exists = FileManager.default.fileExists(atPath: url.path)
            if exists && !force { return Outcome(path: file.path, action: .kept, purpose: file.purpose) }
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.write(Data(file.contents.utf8), to: url, existing: force ? .backUpAndReplace : .refuse)
            return Outcome(path: file.path, action: exists ? .replaced : .created, purpose: file.purpose)
        }
    }

    static let config = """
        # Kiln's settings for this repository (https://… README "Configuration"); they apply to every
        # user and override each user's own ~/.config/kiln/config.toml.

        # The model: a registry name (kiln model list), or an endpoint for a team server.
        # model = "qwen2.5-coder-1.5b"
        # endpoint = "http://127.0.0.1:8080/v1"

        # Keep code on the developer's machine: any model server that is not local is refused.
        local_only = true

        # Commit what kiln gen writes, with its provenance record, on a branch kiln/<slug>.
        # commit = true

        # kiln check fails while a generated change in the checked files has no accepted review.
        require_review = false

        # The editor's "add a docstring": numpy or google.
        docstring_style = "numpy"

        """

    static func preCommit(language: String) -> String {
        """
        # Kiln's checks on what is about to be committed (pre-commit install, once per clone).
        repos:
          - repo: local
            hooks:
              - id: kiln-check
                name: kiln check (security, secrets, imports, licences, lint)
                entry: kiln check --fail-on error
                language: system
                types: [\(language)]

        """
    }

    static let githubWorkflow = """
        # Kiln's checks on every push and pull request; findings appear in code scanning.
        name: kiln

        on:
          push:
          pull_request:

        permissions:
          contents: read
          security-events: write

        jobs:
          kiln-check:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - name: Install Kiln
                # KILN_SOURCE: a repository variable with the git URL of your Kiln (a Swift package).
                run: |
                  sudo apt-get update && sudo apt-get install -y bubblewrap
                  git clone --depth 1 "${{ vars.KILN_SOURCE }}" "$RUNNER_TEMP/kiln"
                  swift build -c release --package-path "$RUNNER_TEMP/kiln"
                  echo "$RUNNER_TEMP/kiln/.build/release" >> "$GITHUB_PATH"
              - name: kiln check
                run: kiln check . --format sarif --fail-on error > kiln.sarif
              - name: Upload the findings
                if: always()
                uses: github/codeql-action/upload-sarif@v3
                with:
                  sarif_file: kiln.sarif
                  category: kiln

        """

    static let gitlabJob = """
        # Kiln's checks in GitLab CI: the SARIF kept as an artifact, the JUnit report in merge requests.
        # KILN_SOURCE: a CI/CD variable with the git URL of your Kiln (a Swift package).
        kiln-check:
          image: swift:6.1
          stage: test
          script:
            - apt-get update && apt-get install -y bubblewrap python3-venv
            - git clone --depth 1 "$KILN_SOURCE" /tmp/kiln
            - swift build -c release --package-path /tmp/kiln
            - export PATH="/tmp/kiln/.build/release:$PATH"
            - kiln check . --format junit > kiln-junit.xml || true
            - kiln check . --format sarif --fail-on error > kiln.sarif
          artifacts:
            when: always
            paths:
              - kiln.sarif
            reports:
              junit: kiln-junit.xml

        """
}
