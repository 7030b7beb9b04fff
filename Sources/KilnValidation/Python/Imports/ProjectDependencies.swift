import Foundation
import TOMLKit

/// What a project says it depends on (pyproject.toml, requirements files) and which top-level
/// modules it has itself.
public struct ProjectDependencies: Sendable, Equatable {
    /// PEP 503 normalised project names.
    public var declared: Set<String>
    /// Top-level modules and packages in the project (so `import utils` of a sibling file resolves).
    public var localModules: Set<String>
    /// The files the declarations came from, for messages.
    public var sources: [String]

    public init(declared: Set<String> = [], localModules: Set<String> = [], sources: [String] = []) {
        self.declared = declared
        self.localModules = localModules
        self.sources = sources
    }

    /// Reads `root`'s dependency files and lists its modules (also those under `src/`).
    public static func load(root: URL) -> ProjectDependencies {
        var result = ProjectDependencies()
        let fm = FileManager.default
        let pyproject = root.appendingPathComponent("pyproject.toml")
        if let text = try? String(contentsOf: pyproject, encoding: .utf8) {
            result.declared.formUnion(fromPyproject(text))
            result.sources.append("pyproject.toml")
        }
        let requirementFiles = ((try? fm.contentsOfDirectory(atPath: root.path)) ?? []).filter {
            $0.hasPrefix("requirements") && $0.hasSuffix(".txt")
        }.sorted()
        for file in requirementFiles {
            if let text = try? String(contentsOf: root.appendingPathComponent(file), encoding: .utf8) {
                result.declared.formUnion(fromRequirements(text))
                result.sources.append(file)
            }
        }
        for directory in [root, root.appendingPathComponent("src")] {
            for entry in (try? fm.contentsOfDirectory(atPath: directory.path)) ?? [] {
                var isDirectory: ObjCBool = false
                _ = fm.fileExists(atPath: directory.appendingPathComponent(entry).path, isDirectory: &isDirectory)
                if entry.hasSuffix(".py") {
                    result.localModules.insert(String(entry.dropLast(3)))
                } else if isDirectory.boolValue, !entry.hasPrefix(".") {
                    result.localModules.insert(entry)
                }
            }
        }
        return result
    }

    /// Project names from a requirements file: `name[extra]>=1.0; marker  # comment`.
    public static func fromRequirements(_ text: String) -> Set<String> {
        var names: Set<String> = []
        for raw in text.split(separator: "\n") {
            let line = raw.split(separator: "#", maxSplits: 1).first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
            guard !line.isEmpty, !line.hasPrefix("-"), !line.contains("://") else { continue }
            if let name = requirementName(line) { names.insert(name) }
        }
        return names
    }

    /// The project name at the start of a PEP 508 requirement.
    static func requirementName(_ requirement: String) -> String? {
        let name = requirement.trimmingCharacters(in: .whitespaces).prefix {
            $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "."
        }
        return name.isEmpty ? nil : WellKnownPackages.normalize(name)
    }

    /// `[project] dependencies`, `[project.optional-dependencies]`, `[dependency-groups]` and
    /// Poetry's `[tool.poetry.*dependencies]`.
    public static func fromPyproject(_ text: String) -> Set<String> {
        guard let table = try? TOMLTable(string: text) else { return [] }
        var names: Set<String> = []
        func addRequirements(_ value: TOMLValueConvertible?) {
            for item in value?.array ?? TOMLArray() {
                if let text = item.string, let name = requirementName(text) { names.insert(name) }
            }
        }
        if let project = table["project"]?.table {
            addRequirements(project["dependencies"])
            for key in project["optional-dependencies"]?.table?.keys ?? [] {
                addRequirements(project["optional-dependencies"]?.table?[key])
            }
        }
        if let groups = table["dependency-groups"]?.table {
            for key in groups.keys { addRequirements(groups[key]) }
        }
        if let poetry = table["tool"]?.table?["poetry"]?.table {
            for section in ["dependencies", "dev-dependencies"] {
                for key in poetry[section]?.table?.keys ?? [] where key != "python" {
                    names.insert(WellKnownPackages.normalize(key))
                }
            }
            for group in poetry["group"]?.table?.keys ?? [] {
                for key in poetry["group"]?.table?[group]?.table?["dependencies"]?.table?.keys ?? [] {
                    names.insert(WellKnownPackages.normalize(key))
                }
            }
        }
        return names
    }
}
