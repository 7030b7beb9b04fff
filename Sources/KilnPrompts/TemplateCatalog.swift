import Foundation
import KilnCore

/// A language toolchain's built-in templates plus a repository's `.kiln/prompts/*.md`, which
/// override built-ins of the same name and add new ones, so a team shares one set under version control.
public struct TemplateCatalog: Sendable {
    public var templates: [String: PromptTemplate]
    /// Where repository templates were looked for.
    public var directory: URL?

    /// Loads `builtins` (name → text, from the language's toolchain) and every template in the
    /// repository's `.kiln/prompts/` (found from `workingDirectory` up to the repository root). A
    /// malformed file is an error, never skipped.
    public static func load(workingDirectory: URL, builtins: [String: String]) throws -> TemplateCatalog {
        var templates: [String: PromptTemplate] = [:]
        for (name, text) in builtins {
            templates[name] = try PromptTemplate.parse(text, source: "builtin:\(name)")
        }
        let directory = repositoryDirectory(from: workingDirectory)
        if let directory {
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter {
                $0.hasSuffix(".md")
            }.sorted()
            for file in files {
                let url = directory.appendingPathComponent(file)
                let text: String
                do {
                    text = try String(contentsOf: url, encoding: .utf8)
                } catch {
                    throw TemplateError(file: url.path, line: nil, message: "cannot read it: \(error.localizedDescription)")
                }
                let template = try PromptTemplate.parse(text, source: url.path)
                templates[template.name] = template
            }
        }
        return TemplateCatalog(templates: templates, directory: directory)
    }

    /// `.kiln/prompts` in `start` or the nearest parent, stopping at the repository root.
    static func repositoryDirectory(from start: URL) -> URL? {
        var current = start.standardizedFileURL
        let fm = FileManager.default
        while true {
            let candidate = current.appendingPathComponent(".kiln/prompts")
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue { return candidate }
            if fm.fileExists(atPath: current.appendingPathComponent(".git").path) { return nil }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { return nil }
            current = parent
        }
    }

    public func template(named name: String) throws -> PromptTemplate {
        guard let template = templates[name] else {
            throw TemplateError(
                file: name, line: nil,
                message: "no template named '\(name)'; available: \(templates.keys.sorted().joined(separator: ", "))")
        }
        return template
    }

    /// A built-in template by name.
    public static func builtin(named name: String, in builtins: [String: String]) throws -> PromptTemplate {
        guard let text = builtins[name] else {
            throw TemplateError(file: name, line: nil, message: "no built-in template named '\(name)'")
        }
        return try PromptTemplate.parse(text, source: "builtin:\(name)")
    }

}
