import KilnCore

/// The hallucinated-import firewall: every import must resolve to the standard library, the
/// project itself, a project installed in the target environment, a declared dependency, or a
/// well-known PyPI project. Near-misses of popular names are reported as typosquats; anything
/// else is an unknown package, an error.
public struct ImportFirewall: Sendable {
    public var environment: PythonEnvironmentFacts
    public var project: ProjectDependencies
    /// Names confirmed on PyPI by an online look-up the user asked for (normalised).
    public var confirmedOnline: Set<String>

    public init(environment: PythonEnvironmentFacts, project: ProjectDependencies, confirmedOnline: Set<String> = []) {
        self.environment = environment
        self.project = project
        self.confirmedOnline = confirmedOnline
    }

    /// How one import resolved.
    public enum Resolution: Equatable, Sendable {
        case standardLibrary
        /// In the standard library of other Python versions (`annotationlib` from 3.14 on).
        case otherPythonVersion(String)
        case projectModule
        case installed(projects: [String], declared: Bool)
        case declared(project: String)
        case wellKnown(project: String, rank: Int)
        case confirmedOnline
        case typosquat(of: String)
        case unknown
    }

    /// Modules that exist without being in `sys.stdlib_module_names`: `__future__`, and typeshed's
    /// `_typeshed`, which every type checker ships for imports under `if TYPE_CHECKING:`.
    static let alwaysAvailable: Set<String> = ["__future__", "_typeshed"]

    /// Resolves an import; `fullName` (`google.cloud.storage`) helps with namespace packages.
    public func resolve(_ module: String, fullName: String? = nil) -> Resolution {
        if environment.stdlib.contains(module) || Self.alwaysAvailable.contains(module) { return .standardLibrary }
        if project.localModules.contains(module) { return .projectModule }
        if let versions = StandardLibraryVersions.describe(module) { return .otherPythonVersion(versions) }
        // Any wheel that ships the module counts once the project declares or installs it.
        var candidates = Set(
            WellKnownPackages.candidateProjects(for: module) + (WellKnownPackages.incidentalProjectsByModule[module] ?? []))
        var namespaced: [String] = []
        if let fullName, fullName.contains(".") {
            // google.cloud.storage → google-cloud-storage, google-cloud
            let parts = fullName.split(separator: ".")
            namespaced = (2...parts.count).reversed().map { WellKnownPackages.normalize(parts.prefix($0).joined(separator: "-")) }
            candidates.formUnion(namespaced)
        }
        if let installed = environment.modules[module], !installed.isEmpty {
            let normalized = installed.map(WellKnownPackages.normalize)
            return .installed(
                projects: installed,
                declared: !project.declared.isDisjoint(with: normalized) || !project.declared.isDisjoint(with: candidates))
        }
        if let declared = candidates.first(where: project.declared.contains) { return .declared(project: declared) }
        if let known = namespaced.compactMap({ name in WellKnownPackages.ranks[name].map { (name, $0) } }).first {
            return .wellKnown(project: known.0, rank: known.1)
        }
        // A real, well-known project is never someone's typo (`grpc` is not `grp`).
        if let known = WellKnownPackages.project(for: module) { return .wellKnown(project: known.name, rank: known.rank) }
        if let typo = likelyTypo(of: module) { return .typosquat(of: typo) }
        if !candidates.isDisjoint(with: confirmedOnline) { return .confirmedOnline }
        return .unknown
    }

    public func check(_ imports: [SourceImport], path: String? = nil) -> [Finding] {
        var findings: [Finding] = []
        var reported: Set<String> = []
        // A module imported both at run time and for the type checker only counts as the former.
        let ordered = imports.filter { !$0.typingOnly } + imports.filter(\.typingOnly)
        for item in ordered where reported.insert(item.module).inserted {
            let resolution = resolve(item.module, fullName: item.name)
            func finding(_ rule: String, _ severity: Finding.Severity, _ message: String, _ hint: String) {
                // An import that never runs (`if TYPE_CHECKING:`, a stub) is no run-time dependency:
                // only a name nothing provides is worth a warning there.
                if item.typingOnly && rule != "unknown-package" && rule != "typosquat" { return }
                // An optional import with a fallback (`try: import ujson / except ImportError`), or
                // one only a type checker reads, is one level milder.
                let level: Finding.Severity = item.guarded || item.typingOnly ? (severity == .error ? .warning : .info) : severity
                findings.append(
                    Finding(
                        rule: "imports/\(rule)", category: .dependency, severity: level,
                        path: path, line: item.line, column: item.column, message: message, fixHint: hint,
                        cwe: rule == "unknown-package" || rule == "typosquat" ? 1357 : nil))
            }
            switch resolution {
            case .standardLibrary, .projectModule, .declared:
                break
            case .otherPythonVersion(let versions):
                finding(
                    "other-python-version", .info,
                    "`\(item.module)` is in the standard library of \(versions), not of Python \(environment.version) here",
                    "guard it with `sys.version_info` if the project supports both")
            case .confirmedOnline:
                finding(
                    "unverified-package", .warning,
                    "`\(item.module)` exists on PyPI but is not installed, not declared and not among the well-known projects",
                    "check who publishes it before adding it to the dependencies")
            case .installed(let projects, let declared):
                if !declared && !project.sources.isEmpty {
                    finding(
                        "undeclared-dependency", .warning,
                        "`\(item.name)` comes from \(projects.joined(separator: ", ")), installed but not declared in \(project.sources.joined(separator: ", "))",
                        "add \(projects.first ?? item.module) to the project's dependencies")
                }
            case .wellKnown(let name, let rank):
                finding(
                    "missing-dependency", .warning,
                    "`\(item.name)` needs the PyPI project \(name) (download rank \(rank)), which is neither installed nor declared",
                    "add \(name) to the project's dependencies, or use the standard library")
            case .typosquat(let intended):
                finding(
                    "typosquat", .error,
                    "`\(item.module)` is not a known package but is one letter away from `\(intended)`: a typo, or a typosquatting package waiting for it",
                    "did you mean `\(intended)`?")
            case .unknown:
                finding(
                    "unknown-package", .error,
                    "`\(item.module)` is not in the Python \(environment.version) standard library, not installed, not declared by the project and not a well-known PyPI project: it is probably hallucinated",
                    "remove it or use a real library; if it exists, check it on PyPI and declare it as a dependency")
            }
        }
        return findings
    }

    /// Project names that an online look-up could confirm: the candidates of every import that
    /// resolves to nothing (typosquats are not looked up: existing on PyPI is what makes them dangerous).
    public func unresolvedCandidates(_ imports: [SourceImport]) -> Set<String> {
        Set(imports.filter { resolve($0.module, fullName: $0.name) == .unknown }.map { WellKnownPackages.normalize($0.module) })
    }

    /// A popular name (well-known top 5,000, installed or standard library) one edit away.
    func likelyTypo(of module: String) -> String? {
        let name = WellKnownPackages.normalize(module)
        guard name.count >= 4 else { return nil }
        // A name that is itself a real, popular project is not a typo of another one.
        if let rank = WellKnownPackages.ranks[name], rank <= 15_000 { return nil }
        var best: (name: String, rank: Int)?
        func consider(_ candidate: String, rank: Int) {
            guard candidate != name, abs(candidate.count - name.count) <= 1, Self.isOneEditAway(name, candidate) else { return }
            if best == nil || rank < (best?.rank ?? .max) { best = (candidate, rank) }
        }
        for (candidate, rank) in WellKnownPackages.ranks where rank <= 5_000 { consider(candidate, rank: rank) }
        for stdlib in environment.stdlib { consider(WellKnownPackages.normalize(stdlib), rank: 0) }
        for installed in environment.modules.keys { consider(WellKnownPackages.normalize(installed), rank: 1) }
        return best?.name
    }

    /// One insertion, deletion, substitution or transposition of neighbours (Damerau).
    static func isOneEditAway(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        if x == y { return false }
        if x.count == y.count {
            let differences = zip(x, y).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
            if differences.count == 1 { return true }
            if differences.count == 2, differences[1] == differences[0] + 1 {
                let i = differences[0]
                return x[i] == y[i + 1] && x[i + 1] == y[i]
            }
            return false
        }
        let (short, long) = x.count < y.count ? (x, y) : (y, x)
        guard long.count - short.count == 1 else { return false }
        var i = 0
        while i < short.count && short[i] == long[i] { i += 1 }
        return short[i...] == long[(i + 1)...]
    }
}
