import Foundation
import KilnCore
import KilnModels
import KilnPrompts
import KilnValidation

/// The `docs` pattern: docstrings written by the model, inserted by Kiln into the unchanged code,
/// checked against the chosen convention, and the file verified AST-identical to the original
/// once docstrings are set aside.
public struct DocsGenerator: Sendable {
    public enum Style: String, Codable, Sendable, CaseIterable {
        case numpy, google
    }

    public var backend: any ModelBackend
    public var toolchain: any LanguageToolchain
    public var template: PromptTemplate
    public var parameters: GenerationParameters
    public var maxRepairs: Int
    public var style: Style

    public init(
        backend: any ModelBackend, toolchain: any LanguageToolchain, template: PromptTemplate,
        parameters: GenerationParameters, maxRepairs: Int, style: Style
    ) {
        self.backend = backend
        self.toolchain = toolchain
        self.template = template
        self.parameters = parameters
        self.maxRepairs = maxRepairs
        self.style = style
    }

    public struct Documented: Codable, Sendable {
        public var name: String
        public var docstring: String?
        public var attempts: Int
        public var findings: [Finding]
    }

    public struct Result: Codable, Sendable {
        public var pattern = "docs"
        public var status: GenerationStatus
        public var code: String
        public var style: Style
        public var documented: [Documented]
        public var checks: [String]
        public var findings: [Finding]
        public var model: ModelDescriptor
        public var prompt: GenerationResult.Prompt
        public var usage: Usage
        public var seconds: Double
        public var outputPath: String?
        public var backupPath: String?
        /// Its record and, with --commit, the commit (nil when nothing was written).
        public var provenance: Provenance? = nil
    }

    /// Documents `target` (a qualified name) or, without one, every public definition that has no docstring.
    /// `context` is repository context for the prompt (outlines of the module and of what it imports).
    public func generate(
        source: String, target: String?, context: String? = nil,
        onEvent: @escaping @Sendable (GenerationEvent) -> Void = { _ in }
    ) async throws -> Result {
        let clock = ContinuousClock()
        let started = clock.now
        let definitions = try await toolchain.definitions(in: source)
        let targets: [CodeDefinition]
        if let target {
            guard let found = definitions.first(where: { $0.qualifiedName == target }) else {
                throw InputError(
                    "no function or class named '\(target)' in the file; it has: \(definitions.map(\.qualifiedName).joined(separator: ", "))"
                )
            }
            targets = [found]
        } else {
            targets = definitions.filter { definition in
                definition.docstring == nil
                    && !definition.qualifiedName.split(separator: ".").contains { $0.hasPrefix("_") && !$0.hasPrefix("__init__") }
            }
        }
        var code = source
        var documented: [Documented] = []
        var usage = Usage(promptTokens: 0, completionTokens: 0)
        var attemptNumber = 0
        for definition in targets {
            // Line numbers move as docstrings go in: read the definition again from the current code.
            let current =
                try await toolchain.definitions(in: code).first { $0.qualifiedName == definition.qualifiedName } ?? definition
            var fields = ["code": current.source, "name": current.qualifiedName, "style": style.rawValue, style.rawValue: "yes"]
            if let context { fields["context"] = context }
            // The check reads the docstring out of the reply (the code itself is never taken
            // from the model) and holds it to the style.
            let check = CandidateCheck.custom { reply in
                var docstring = try? await toolchain.docstring(of: current.qualifiedName, in: reply)
                // A method often comes back on its own, without its class around it.
                if docstring == nil, let short = current.qualifiedName.split(separator: ".").last,
                    short != Substring(current.qualifiedName)
                {
                    docstring = try? await toolchain.docstring(of: String(short), in: reply)
                }
                // Warnings (a documented exception the code never raises) are reported, not repaired forever.
                let findings = DocstringStyle.check(docstring, for: current, style: style)
                return CandidateReport(
                    code: docstring ?? "", findings: findings, tests: [], checks: ["docstring-style"], removedDemoCode: [])
            }
            let loop = RepairLoop(
                backend: backend, check: check, parameters: parameters, maxRepairs: maxRepairs, samples: 1,
                extractor: toolchain.codeExtractor, dedents: true, firstAttemptNumber: attemptNumber + 1,
                repair: template.repair)
            var accepted: String?
            var findings: [Finding]
            let attempts: Int
            do {
                let outcome = try await loop.run(messages: try template.render(fields), onEvent: onEvent)
                usage = usage.adding(outcome.usage)
                attempts = outcome.attempts.count
                accepted = outcome.chosen.passed ? outcome.report.code : nil
                findings = outcome.chosen.findings
            } catch GenerationError.noCode(let count, let last) {
                // No reply held code: this definition stays undocumented, the others go on.
                attempts = count
                findings = last
            }
            attemptNumber += attempts
            if let accepted {
                code = try await toolchain.insertingDocstring(accepted, into: current.qualifiedName, of: code)
            } else {
                findings.append(
                    Finding(
                        rule: "docs/not-documented", category: .correctness, severity: .error,
                        message: "no acceptable docstring for `\(current.qualifiedName)` after \(attempts) attempt(s)",
                        fixHint: "run again, or with a larger model; the problems of the last attempt are listed"))
            }
            documented.append(
                Documented(name: current.qualifiedName, docstring: accepted, attempts: attempts, findings: findings))
        }
        var findings = documented.flatMap(\.findings)
        if try await !toolchain.sameCodeIgnoringDocstrings(source, code) {
            findings.append(
                Finding(
                    rule: "docs/code-changed", category: .correctness, severity: .error,
                    message: "the documented file no longer has the original's syntax tree once docstrings are removed",
                    fixHint: "this is a bug in Kiln; nothing was written"))
        }
        let failed = findings.contains { $0.severity == .error }
        return Result(
            status: failed ? .failed : .passed, code: code, style: style, documented: documented,
            checks: ["syntax", "docstring-style", "code-unchanged-ast"], findings: findings, model: backend.descriptor,
            prompt: .init(template),
            usage: usage, seconds: (clock.now - started).seconds)
    }
}

/// What a NumPy- or Google-style docstring must contain for a given definition.
public enum DocstringStyle {
    public static func check(_ docstring: String?, for definition: CodeDefinition, style: DocsGenerator.Style) -> [Finding] {
        guard let docstring, !docstring.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return [
                Finding(
                    rule: "docs/missing", category: .style, severity: .error,
                    message: "the reply has no docstring for `\(definition.qualifiedName)`",
                    fixHint: "return the definition with its docstring in one python code block")
            ]
        }
        var findings: [Finding] = []
        let layout =
            style == .numpy
            ? "a line `Parameters` then a line of dashes `----------`, then `name : type` lines; `Returns` then `-------`"
            : "a line `Args:` with indented `name (type): description` lines; `Returns:` with an indented `type: description` line"
        func require(_ present: Bool, _ message: String) {
            if !present {
                findings.append(
                    Finding(
                        rule: "docs/\(style.rawValue)-style", category: .style, severity: .error, message: message,
                        fixHint: "use the \(style.rawValue) layout: \(layout)"))
            }
        }
        let lines = docstring.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        func hasSection(_ title: String) -> Bool {
            switch style {
            case .numpy:
                return zip(lines, lines.dropFirst()).contains { $0 == title && $1.count >= 3 && $1.allSatisfy { $0 == "-" } }
            case .google:
                return lines.contains("\(title):")
            }
        }
        let parametersTitle = style == .numpy ? "Parameters" : "Args"
        if !definition.parameters.isEmpty {
            require(hasSection(parametersTitle), "the docstring has no \(parametersTitle) section")
            for parameter in definition.parameters {
                let documented = lines.contains { line in
                    line.hasPrefix("\(parameter) :") || line.hasPrefix("\(parameter):") || line.hasPrefix("\(parameter) (")
                        || line == parameter || line.hasPrefix("*\(parameter)") || line.hasPrefix("**\(parameter)")
                }
                require(documented, "parameter `\(parameter)` is not documented")
            }
        }
        // Exceptions the docstring promises that the code never raises itself: a reader will rely on them.
        for documented in Self.raisesEntries(lines, style: style) where !definition.raises.contains(documented) {
            findings.append(
                Finding(
                    rule: "docs/undocumented-behaviour", category: .style, severity: .warning,
                    message:
                        "the docstring says `\(definition.qualifiedName)` raises \(documented), which its code never raises itself",
                    fixHint: "document only what the code does, or raise it"))
        }
        if definition.returnsValue {
            require(
                hasSection(style == .numpy ? "Returns" : "Returns") || hasSection("Yields"),
                "the docstring has no Returns section")
        }
        return findings
    }

    /// Exception names listed under the Raises section.
    static func raisesEntries(_ lines: [String], style: DocsGenerator.Style) -> [String] {
        guard let start = lines.firstIndex(where: { $0 == "Raises" || $0 == "Raises:" }) else { return [] }
        var names: [String] = []
        var index = start + 1
        if style == .numpy, index < lines.count, lines[index].allSatisfy({ $0 == "-" }) { index += 1 }
        let sections: Set<String> = [
            "Parameters", "Returns", "Yields", "Examples", "Notes", "See Also", "Warns", "Args:", "Returns:",
            "Yields:", "Examples:", "Note:", "Notes:",
        ]
        while index < lines.count, !sections.contains(lines[index]) {
            let line = lines[index]
            let head = line.split(separator: ":").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if !head.isEmpty, head.first?.isUppercase == true,
                head.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }),
                head.hasSuffix("Error") || head.hasSuffix("Exception") || head.hasSuffix("Warning")
            {
                names.append(String(head.split(separator: ".").last ?? Substring(head)))
            }
            index += 1
        }
        return names
    }
}
