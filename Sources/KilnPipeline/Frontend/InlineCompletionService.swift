import Foundation
import KilnCore
import KilnModels
import KilnValidation

/// Fill-in-the-middle completions for editors, screened before they are offered: the file with
/// the completion in it must parse (or fail no earlier than it already did), and the completion
/// must bring in no secret and no import the firewall refuses.
public struct InlineCompletionService: Sendable {
    public struct Request: Sendable {
        /// Where the file lives (relative to the workbench's root or absolute); names its language.
        public var path: String
        public var prefix: String
        public var suffix: String
        public var maxTokens: Int

        public init(path: String, prefix: String, suffix: String, maxTokens: Int = 64) {
            self.path = path
            self.prefix = prefix
            self.suffix = suffix
            self.maxTokens = maxTokens
        }
    }

    public struct Outcome: Sendable {
        /// The completion to offer; nil when the model wrote none or the screen refused it.
        public var text: String?
        /// Why a completion was not offered (syntax, secret, import), for the log.
        public var refusals: [String]
        public var usage: Usage
    }

    public var workbench: Workbench
    public var language: String

    public init(workbench: Workbench, language: String = "python") {
        self.workbench = workbench
        self.language = language
    }

    public func complete(_ request: Request) async throws -> Outcome {
        let backend = try await workbench.backend()
        // Stop at a blank line: one statement or block at a time, as editors show ghost text.
        let response = try await backend.using {
            try await backend.infill(
                InfillRequest(prefix: request.prefix, suffix: request.suffix, maxTokens: request.maxTokens, stop: ["\n\n\n"]))
        }
        var text = response.text
        while text.hasSuffix("\n\n") { text.removeLast() }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return Outcome(text: nil, refusals: [], usage: response.usage)
        }
        guard let parsed = try await longestParsing(text, request) else {
            return Outcome(text: nil, refusals: ["syntax: no part of the completion parses in place"], usage: response.usage)
        }
        let refusals = try await screen(parsed, request)
        return Outcome(text: refusals.isEmpty ? parsed : nil, refusals: refusals, usage: response.usage)
    }

    /// The completion, or the longest run of its first lines, that leaves the file parsing (or
    /// failing no earlier than it already did): a model cut off by its token limit mid-statement
    /// still offers the statements it finished.
    func longestParsing(_ completion: String, _ request: Request) async throws -> String? {
        let toolchain = try await workbench.toolchain(language: language)
        let name = URL(fileURLWithPath: request.path).lastPathComponent
        let before = try await toolchain.prepare(request.prefix + request.suffix, path: name).syntaxError
        let firstLine = request.prefix.split(separator: "\n", omittingEmptySubsequences: false).count
        let lines = completion.split(separator: "\n", omittingEmptySubsequences: false)
        var tried = 0
        for count in stride(from: lines.count, through: 1, by: -1) where tried < 8 {
            let candidate = lines.prefix(count).joined(separator: "\n").replacingOccurrences(
                of: "\\s+$", with: "", options: .regularExpression)
            guard !candidate.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                count == lines.count || !lines[count - 1].trimmingCharacters(in: .whitespaces).isEmpty
            else { continue }
            tried += 1
            let lastLine = firstLine + count - 1
            guard let error = try await toolchain.prepare(request.prefix + candidate + request.suffix, path: name).syntaxError
            else { return candidate }
            // The file did not parse before either: the completion is not to blame when the
            // first error now comes after its last line.
            if before != nil, (error.line ?? 0) > lastLine { return candidate }
        }
        return nil
    }

    /// What stands against offering `completion` (secrets, imports the firewall refuses).
    func screen(_ completion: String, _ request: Request) async throws -> [String] {
        let document = request.prefix + completion + request.suffix
        let firstLine = request.prefix.split(separator: "\n", omittingEmptySubsequences: false).count
        let lastLine = firstLine + completion.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        var refusals: [String] = []
        let check = try await CheckService(workbench: workbench).check(
            CheckService.Snippet(code: document, path: request.path), language: language, toolVersion: "inline")
        for finding in check.report.findings
        where [.secret, .dependency].contains(finding.category) && finding.severity == .error
            && (finding.line.map { (firstLine...lastLine).contains($0) } ?? false)
        {
            refusals.append("\(finding.rule): \(finding.message)")
        }
        return refusals
    }
}
