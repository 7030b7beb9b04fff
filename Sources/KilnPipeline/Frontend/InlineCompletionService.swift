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
        let refusals = try await screen(text, request)
        return Outcome(text: refusals.isEmpty ? text : nil, refusals: refusals, usage: response.usage)
    }

    /// What stands against offering `completion` at the request's place.
    func screen(_ completion: String, _ request: Request) async throws -> [String] {
        let toolchain = try await workbench.toolchain(language: language)
        let document = request.prefix + completion + request.suffix
        let firstLine = request.prefix.split(separator: "\n", omittingEmptySubsequences: false).count
        let lastLine = firstLine + completion.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        var refusals: [String] = []
        let name = URL(fileURLWithPath: request.path).lastPathComponent
        if let error = try await toolchain.prepare(document, path: name).syntaxError {
            let before = try await toolchain.prepare(request.prefix + request.suffix, path: name).syntaxError
            // The file did not parse before either: refused only when the first error now comes
            // no later than the completion's last line (it is the completion's doing).
            if before == nil || (error.line ?? 0) <= lastLine {
                refusals.append("syntax: \(error.message)")
            }
        }
        guard refusals.isEmpty else { return refusals }
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
