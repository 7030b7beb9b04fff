import Foundation
import KilnCore
import KilnPrompts
import KilnSystem
import KilnValidation

/// The library-side front end of `kiln prompt`: the language's templates with the repository's
/// over them, a template's exact text, and a repository copy of a built-in to edit.
public struct PromptService: Sendable {
    /// One template as `kiln prompt list --json` prints it.
    public struct Summary: Codable, Sendable {
        public var name: String
        public var version: String
        public var pattern: String
        public var description: String
        public var sha256: String
        public var source: String

        init(_ template: PromptTemplate) {
            name = template.name
            version = template.version
            pattern = template.pattern
            description = template.description
            sha256 = template.sha256
            source = template.source
        }
    }

    public var workbench: Workbench
    public var language: String

    public init(workbench: Workbench, language: String = "python") {
        self.workbench = workbench
        self.language = language
    }

    public func list() throws -> [Summary] {
        try workbench.templateCatalog(language: language).templates.values.sorted { $0.name < $1.name }.map(Summary.init)
    }

    /// The template as Kiln will use it: its exact text, and the template itself.
    public func show(_ name: String) throws -> (text: String, template: PromptTemplate) {
        let template = try workbench.templateCatalog(language: language).template(named: name)
        if template.source.hasPrefix("builtin:"), let text = try LanguageToolchains.builtinTemplates(language: language)[name] {
            return (text, template)
        }
        return (try String(contentsOfFile: template.source, encoding: .utf8), template)
    }

    /// Copies the built-in `base` to `.kiln/prompts/NAME.md` under the new name; returns its path.
    public func new(_ name: String, from base: String, replace: Bool) throws -> URL {
        guard var text = try LanguageToolchains.builtinTemplates(language: language)[base] else {
            throw TemplateError(file: base, line: nil, message: "no built-in template named '\(base)'; pass --from function")
        }
        text = text.replacingOccurrences(of: "name: \(base)\n", with: "name: \(name)\n")
        _ = try PromptTemplate.parse(text, source: name)
        let url = workbench.root.appendingPathComponent(".kiln/prompts/\(name).md")
        try AtomicFile.write(Data(text.utf8), to: url, existing: replace ? .backUpAndReplace : .refuse)
        return url
    }
}
