import Foundation
import KilnCore
import KilnSystem

/// The git repository a project lives in, driven with git itself (its plumbing where Kiln must
/// not touch the user's working tree or index beyond its own files).
public struct GitRepository: Sendable {
    /// The top-level directory of the working tree.
    public let root: URL
    let git: String

    /// The repository holding `directory`, or nil when it is in none (or git is not installed).
    public static func find(from directory: URL) async throws -> GitRepository? {
        guard let git = ProcessRunner.which("git") else { return nil }
        let top = try await ProcessRunner.run(
            git, ["rev-parse", "--show-toplevel"], currentDirectory: directory, timeout: .seconds(30))
        guard top.succeeded else { return nil }
        let path = top.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        return GitRepository(root: URL(fileURLWithPath: path, isDirectory: true), git: git)
    }

    /// Runs git in the repository; a failure is an error naming the command and git's words.
    @discardableResult
    public func run(_ arguments: [String], environment extra: [String: String] = [:], input: Data? = nil) async throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment.merge(extra) { $1 }
        environment["GIT_TERMINAL_PROMPT"] = "0"
        let result = try await ProcessRunner.run(
            git, arguments, environment: environment, currentDirectory: root, input: input, timeout: .seconds(120))
        guard result.succeeded else {
            throw GitError(
                command: "git " + arguments.joined(separator: " "),
                message: (result.stderrText + result.stdoutText).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return result.stdoutText
    }

    /// Whether a git command succeeds (a question, not an action).
    func succeeds(_ arguments: [String]) async -> Bool { (try? await run(arguments)) != nil }

    /// The checked-out branch; nil on a detached HEAD.
    public func currentBranch() async throws -> String? {
        guard let name = try? await run(["symbolic-ref", "-q", "--short", "HEAD"]) else { return nil }
        return name.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The operation in progress that a commit would step into (a merge, a rebase, ...), if any.
    public func operationInProgress() async throws -> String? {
        for (marker, name) in [
            ("MERGE_HEAD", "a merge"), ("rebase-merge", "a rebase"), ("rebase-apply", "a rebase or git am"),
            ("CHERRY_PICK_HEAD", "a cherry-pick"), ("REVERT_HEAD", "a revert"), ("BISECT_LOG", "a bisect"),
        ] {
            let path = try await run(["rev-parse", "--git-path", marker]).trimmingCharacters(in: .whitespacesAndNewlines)
            let url = URL(fileURLWithPath: path, relativeTo: root)
            if FileManager.default.fileExists(atPath: url.path) { return name }
        }
        return nil
    }

    /// `url` relative to the repository root; nil when it is outside the working tree.
    public func relative(_ url: URL) -> String? {
        let base = Self.real(root.path) + "/"
        let path = Self.real(url.standardizedFileURL.path)
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : nil
    }

    static func real(_ path: String) -> String {
        var existing = URL(fileURLWithPath: path)
        var rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            rest.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        guard let pointer = realpath(existing.path, nil) else { return path }
        defer { free(pointer) }
        return rest.reduce(URL(fileURLWithPath: String(cString: pointer))) { $0.appendingPathComponent($1) }.path
    }

    /// Those of `paths` (relative) with changes not committed: staged, modified or untracked.
    public func uncommitted(_ paths: [String]) async throws -> [String] {
        guard !paths.isEmpty else { return [] }
        let status = try await run(["status", "--porcelain=v1", "-z", "--untracked-files=all", "--"] + paths)
        return status.split(separator: "\0").compactMap { entry in
            entry.count > 3 ? String(entry.dropFirst(3)) : nil
        }
    }

    public func hasCommits() async -> Bool { await succeeds(["rev-parse", "--verify", "-q", "HEAD"]) }

    public func branchExists(_ name: String) async -> Bool { await succeeds(["rev-parse", "--verify", "-q", "refs/heads/\(name)"]) }

    /// Who commits, or an error saying how to tell git.
    public func requireIdentity() async throws {
        guard await succeeds(["var", "GIT_COMMITTER_IDENT"]), await succeeds(["var", "GIT_AUTHOR_IDENT"]) else {
            throw InputError(
                "git does not know who commits here; run git config user.name \"Your Name\" and git config user.email you@example.com")
        }
    }

    /// A branch name not taken yet: `base`, else `base-2`, `base-3`, ...
    public func freeBranchName(_ base: String) async -> String {
        var name = base
        var number = 2
        while await branchExists(name) {
            name = "\(base)-\(number)"
            number += 1
        }
        return name
    }

    /// Commits exactly `files` (paths relative to the root, as they are in the working tree) on
    /// top of HEAD, on a new branch `branch` (then checked out, as `git switch -c` would) or on the
    /// current one when `branch` is nil. Nothing else the user has staged or changed is touched:
    /// the commit is built in an index of its own. Until the branch moves, nothing is changed but
    /// new objects in the store; a failure after that undoes the move.
    public func commit(_ files: [String], message: String, newBranch branch: String?) async throws -> (branch: String, sha: String) {
        let base = try await run(["rev-parse", "--verify", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-index-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let index = ["GIT_INDEX_FILE": scratch.path]
        try await run(["read-tree", base], environment: index)
        try await run(["update-index", "--add", "--"] + files, environment: index)
        let tree = try await run(["write-tree"], environment: index).trimmingCharacters(in: .whitespacesAndNewlines)
        let sha = try await run(["commit-tree", tree, "-p", base, "-F", "-"], input: Data(message.utf8))
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if let branch {
            guard let previous = try await currentBranch() else {
                throw InputError("HEAD is detached; check out a branch first")
            }
            // Created only if no such branch exists (the empty old value asserts it).
            try await run(["update-ref", "-m", "kiln: commit", "refs/heads/\(branch)", sha, ""])
            do {
                try await run(["symbolic-ref", "-m", "kiln: switch to \(branch)", "HEAD", "refs/heads/\(branch)"])
                try await run(["update-index", "--add", "--"] + files)
            } catch {
                // Back to where the user was: HEAD on its branch, the new branch gone.
                _ = try? await run(["symbolic-ref", "HEAD", "refs/heads/\(previous)"])
                _ = try? await run(["update-ref", "-d", "refs/heads/\(branch)", sha])
                throw error
            }
            return (branch, sha)
        }
        let current = try await currentBranch() ?? "HEAD"
        // Moves the branch only if it is still where the commit was built on.
        try await run(["update-ref", "-m", "kiln: commit", "HEAD", sha, base])
        do {
            try await run(["update-index", "--add", "--"] + files)
        } catch {
            _ = try? await run(["update-ref", "-m", "kiln: undo", "HEAD", base, sha])
            throw error
        }
        return (current, sha)
    }
}

/// A git command that failed, with git's own words.
public struct GitError: KilnError {
    public var command: String
    public var message: String
    public var kind: FailureKind { .environmentFailed }
    public var description: String { "\(command) failed: \(message)" }
}
