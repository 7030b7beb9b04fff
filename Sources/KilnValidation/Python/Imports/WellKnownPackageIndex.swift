/// Kiln's offline index of real, widely used PyPI projects (the 15,000 most downloaded), used
/// to tell a plausible import from a hallucinated one without asking the network.
public enum WellKnownPackages {
    /// PEP 503 normalised project name → download rank (1 = most downloaded).
    public static let ranks: [String: Int] = {
        var ranks: [String: Int] = [:]
        for (index, name) in rankedNames.split(separator: "\n").enumerated() {
            let normalized = normalize(name.trimmingCharacters(in: .whitespaces))
            if ranks[normalized] == nil { ranks[normalized] = index + 1 }
        }
        return ranks
    }()

    /// Lower case with runs of `-`, `_` and `.` as one `-` (PEP 503).
    public static func normalize(_ name: some StringProtocol) -> String {
        var result = ""
        var lastWasSeparator = false
        for character in name.lowercased() {
            if character == "-" || character == "_" || character == "." {
                if !lastWasSeparator { result.append("-") }
                lastWasSeparator = true
            } else {
                result.append(character)
                lastWasSeparator = false
            }
        }
        return result
    }

    /// Import names whose project is called something else (`markdown_it` → markdown-it-py,
    /// `yaml` → pyyaml), read from what each well-known project's wheel installs
    /// (`scripts/make-module-index.py`): the projects that vouch for the module on their own.
    public static var projectsByModule: [String: [String]] { moduleTable.trusted }

    /// Projects whose wheels also ship `module` but do not vouch for it (`utils` beside
    /// teradataml's own package): they count only when the project declares or installs them.
    public static var incidentalProjectsByModule: [String: [String]] { moduleTable.incidental }

    private static let moduleTable: (trusted: [String: [String]], incidental: [String: [String]]) = {
        var trusted: [String: [String]] = [:]
        var incidental: [String: [String]] = [:]
        for line in modulesAndProjects.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard let module = fields.first.map(String.init), fields.count > 1 else { continue }
            for owner in fields.dropFirst() {
                if owner.hasPrefix("~") {
                    incidental[module, default: []].append(String(owner.dropFirst()))
                } else {
                    trusted[module, default: []].append(String(owner))
                }
            }
        }
        return (trusted, incidental)
    }()

    /// Projects that may provide `module`: those whose wheels install it under another name, then
    /// the project of the module's own name.
    public static func candidateProjects(for module: String) -> [String] {
        (projectsByModule[module] ?? []) + [normalize(module)]
    }

    /// The best-ranked well-known project that provides `module`, if any.
    public static func project(for module: String) -> (name: String, rank: Int)? {
        candidateProjects(for: module).compactMap { name in ranks[name].map { (name, $0) } }.min { $0.rank < $1.rank }
    }
}
