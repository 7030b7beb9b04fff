import Foundation
import KilnCore
import KilnSystem

/// How severe each ruff rule is, in generated and in existing code, and why: the one place that
/// decides, used by the validators and by `kiln rules`.
///
/// Generated code keeps the strict levels (a finding costs one repair round). Existing code gets
/// an error only where the finding is a defect or a risk in any code base; rules that real,
/// well-maintained projects break on purpose (measured on flask, requests, httpx, rich and others,
/// see BENCHMARKS.md) are warnings there.
enum PythonRulePolicy {
    struct Decision {
        var category: Finding.Category
        var generated: Finding.Severity
        var existing: Finding.Severity
        var reason: String
    }

    /// MD5 and SHA-1 through hashlib: errors in new code, warnings in old (protocols and checksums need them).
    static let weakCrypto: Set<String> = ["S324"]
    /// Password rules that match a variable name, not a value.
    static let passwordByName: Set<String> = ["S105", "S106", "S107"]
    /// Unused or redefined names: dead code, not broken code.
    static let deadCode: Set<String> = ["F811", "F841", "F842"]

    static func decide(_ code: String) -> Decision {
        if code == "F821" {
            return Decision(
                category: .correctness, generated: .error, existing: .error,
                reason:
                    "a name nothing defines fails when the line runs; in existing code a warning on a line marked `# type: ignore[name-defined]` (a name the runtime provides, such as IPython's `get_ipython`)"
            )
        }
        if code.hasPrefix("S") {
            let number = String(code.dropFirst())
            if SecurityRules.notices.contains(number) {
                return Decision(
                    category: .security, generated: .info, existing: .info,
                    reason: "the safe pattern triggers it too (`import subprocess`, a call with an argument list and no shell)")
            }
            let level = SecurityRules.severity(forRuffCode: code)
            if weakCrypto.contains(code) {
                return Decision(
                    category: .security, generated: level, existing: .warning,
                    reason:
                        "new code should use SHA-256 or pass `usedforsecurity=False`; existing code often needs MD5/SHA-1 for a protocol (HTTP digest, HMAC-SHA1 signers) or a checksum"
                )
            }
            if passwordByName.contains(code) {
                return Decision(
                    category: .security, generated: level, existing: .warning,
                    reason:
                        "matched on a variable name alone (`password == \"-\"`); in existing code the secret rules, which look at the value, decide what is a leaked credential"
                )
            }
            return Decision(
                category: .security, generated: level, existing: level,
                reason: level == .error
                    ? "injection, code execution, unsafe deserialisation, disabled TLS checks: a risk in any code; suppress with a reason where it is the design"
                    : "bandit's severity for the same check")
        }
        if code.hasPrefix("A") {
            if code == "A002" {
                return Decision(
                    category: .correctness, generated: .warning, existing: .warning,
                    reason: "an argument named like a built-in (`id`, `type`) hides it only inside the function")
            }
            return Decision(
                category: .correctness, generated: .error, existing: .warning,
                reason:
                    "new code that names something `ValueError` breaks its callers' `except ValueError`; in an existing library it is often the public API (`requests.ConnectionError`). Shadowing a non-exception built-in is a warning in both"
            )
        }
        if code == "PLE0704" {
            return Decision(
                category: .correctness, generated: .error, existing: .warning,
                reason:
                    "a bare `raise` outside `except` fails when nothing is being handled; existing code uses it in helpers that are only called from `except` blocks"
            )
        }
        if code == "F401" || code == "F403" || code == "F405" {
            return Decision(
                category: .correctness, generated: .warning, existing: .info,
                reason:
                    "new code should import what it uses by name; existing packages re-export through `__init__.py` and star imports on purpose"
            )
        }
        if deadCode.contains(code) {
            return Decision(
                category: .correctness, generated: .error, existing: .warning,
                reason: "dead code: the model removes it in a repair round; in existing code it is harmless clutter")
        }
        if code == "B006" {
            return Decision(
                category: .correctness, generated: .error, existing: .warning,
                reason:
                    "a mutable default is shared between calls: new code must not have one; existing code often never mutates it")
        }
        if code.hasPrefix("F8") || code.hasPrefix("F7") || code.hasPrefix("E9") || code.hasPrefix("PLE") || code == "syntax" {
            return Decision(
                category: .correctness, generated: .error, existing: .error,
                reason:
                    "the code fails when it runs (syntax, undefined name, `return` outside a function, a call that cannot work)")
        }
        if code.hasPrefix("B") || code.hasPrefix("F") || code.hasPrefix("PLW") {
            return Decision(
                category: .correctness, generated: .warning, existing: .warning,
                reason: "a likely bug that is sometimes intended")
        }
        return Decision(
            category: .style, generated: .info, existing: .info,
            reason: "style or modernisation; ruff fixes many of these in generated code")
    }

    /// Type-checker codes that say the same as a Kiln rule: the author has told mypy or pyright
    /// that the name or module exists at run time though nothing here provides it
    /// (`get_ipython  # type: ignore[name-defined]` inside IPython,
    /// `import js  # type: ignore[import-not-found]` under Pyodide).
    static let typeCheckerCodes: [String: Set<String>] = [
        "ruff/F821": ["name-defined", "reportUndefinedVariable"],
        "imports/unknown-package": ["import-not-found", "import", "reportMissingImports"],
    ]

    /// The codes of a `# type: ignore[a, b]` or `# pyright: ignore[c]` comment on `line`.
    static func typeCheckerIgnores(_ line: Substring) -> Set<String> {
        guard let hash = line.firstIndex(of: "#") else { return [] }
        var codes: Set<String> = []
        for marker in ["type: ignore[", "pyright: ignore["] {
            var rest = line[hash...]
            while let start = rest.range(of: marker), let close = rest[start.upperBound...].firstIndex(of: "]") {
                for code in rest[start.upperBound..<close].split(separator: ",") {
                    codes.insert(code.trimmingCharacters(in: .whitespaces))
                }
                rest = rest[close...]
            }
        }
        return codes
    }

    /// Existing code only: an error the author has already told their type checker about becomes a
    /// warning that says so. Generated code never gets this (a model could write its way past).
    static func honouringTypeCheckerMarks(_ findings: [Finding], code: String) -> [Finding] {
        guard findings.contains(where: { typeCheckerCodes[$0.rule] != nil }) else { return findings }
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        return findings.map { finding in
            guard let codes = typeCheckerCodes[finding.rule], finding.severity == .error, let line = finding.line,
                line >= 1, line <= lines.count, !typeCheckerIgnores(lines[line - 1]).isDisjoint(with: codes)
            else { return finding }
            var marked = finding
            marked.severity = .warning
            marked.message += " (its line tells the type checker so: provided at run time)"
            return marked
        }
    }

    /// The import firewall's rules.
    static let importRules: [RuleDescription] = [
        RuleDescription(
            rule: "imports/unknown-package", summary: "an import that nothing provides: probably hallucinated", generated: .error,
            existing: .error,
            reason:
                "not the standard library, the project, installed, declared or a well-known PyPI project: installing the name could fetch a squatter's package. A warning under `try/except ImportError` or `if TYPE_CHECKING:`, and in existing code on a line marked `# type: ignore[import-not-found]`"
        ),
        RuleDescription(
            rule: "imports/typosquat", summary: "an unknown name one letter from a popular one", generated: .error,
            existing: .error, reason: "typosquatting packages wait for exactly this typo"),
        RuleDescription(
            rule: "imports/missing-dependency", summary: "a well-known PyPI project that is neither installed nor declared",
            generated: .warning, existing: .warning,
            reason: "the import is real, the project does not declare it yet; ignored under `if TYPE_CHECKING:`"),
        RuleDescription(
            rule: "imports/undeclared-dependency", summary: "installed but missing from the project's dependency files",
            generated: .warning, existing: .warning, reason: "works here, breaks on a fresh install"),
        RuleDescription(
            rule: "imports/other-python-version", summary: "a standard-library module of another Python version",
            generated: .info, existing: .info,
            reason: "real (typeshed lists it) but not in this interpreter: fine behind a `sys.version_info` check"),
        RuleDescription(
            rule: "imports/unverified-package", summary: "found on PyPI by `--online`, but not well known", generated: .warning,
            existing: .warning, reason: "it exists; check who publishes it before depending on it"),
    ]
}

extension RuffDiagnostic {
    func finding(path: String, origin: CodeOrigin) -> Finding {
        let rule = code ?? "syntax"
        let decision = PythonRulePolicy.decide(rule)
        var severity = origin == .generated ? decision.generated : decision.existing
        var message = message
        if rule.hasPrefix("A"), rule != "A002" {
            // Only a name that replaces a built-in exception breaks callers; other shadowing is a warning.
            let exception = message.range(of: #"`\w+(Error|Exception|Warning)`"#, options: .regularExpression) != nil
            if !exception { severity = min(severity, .warning) }
            if exception, severity == .error {
                message +=
                    "; callers catching the built-in exception will not catch this one — use the built-in, or give yours another name"
            }
        }
        return Finding(
            rule: "ruff/\(rule)", category: decision.category, severity: severity, path: path, line: location.row,
            column: location.column, message: message, fixHint: url.map { "see \($0)" },
            cwe: rule.hasPrefix("S") ? SecurityRules.cwe(forBanditNumber: String(rule.dropFirst())) : nil)
    }
}

extension PythonToolchain {
    /// Every rule Kiln turns on for Python: ruff's, listed by ruff itself for Kiln's selection, then
    /// the import firewall's, then bandit's family (only with `kiln check --with bandit`), then mypy's
    /// (errors in generated code only).
    public func ruleCatalog() async throws -> [RuleDescription] {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let probe = scratch.appendingPathComponent("probe.py")
        try Data("\n".utf8).write(to: probe)
        let settings = try await ProcessRunner.run(
            python.path,
            [
                "-m", "ruff", "check", "--no-cache", "--isolated", "--select", RuffValidator.selection, "--ignore",
                RuffValidator.ignored, "--show-settings", probe.path,
            ], currentDirectory: scratch, timeout: .seconds(60))
        let all = try await ProcessRunner.run(
            python.path, ["-m", "ruff", "rule", "--all", "--output-format", "json"], timeout: .seconds(60))
        guard settings.succeeded, all.succeeded,
            let described = try? JSONDecoder().decode([RuffRuleInfo].self, from: all.stdout)
        else {
            throw ValidationError.toolFailed("ruff", String((settings.stderrText + all.stderrText).suffix(600)))
        }
        let summaries = Dictionary(
            described.compactMap { rule in rule.code.map { ($0, (rule.name ?? "").replacingOccurrences(of: "-", with: " ")) } },
            uniquingKeysWith: { first, _ in first })
        let enabled = Self.enabledRuffCodes(inSettings: settings.stdoutText)
        guard !enabled.isEmpty else {
            throw ValidationError.toolFailed("ruff", "no enabled rules in `ruff check --show-settings`")
        }
        let ruff = enabled.map { code in
            let decision = PythonRulePolicy.decide(code)
            return RuleDescription(
                rule: "ruff/\(code)", summary: summaries[code] ?? "", generated: decision.generated, existing: decision.existing,
                reason: decision.reason)
        }
        let bandit = RuleDescription(
            rule: "bandit/B*", summary: "bandit's own checks, for the few ruff has not ported", generated: .error,
            existing: .error,
            reason:
                "run on generated code, and by `kiln check --with bandit`; the level follows bandit's severity and confidence, injection and code execution always errors",
            byDefault: false)
        return ruff + PythonRulePolicy.importRules + [bandit] + MypyPolicy.descriptions
    }

    /// The codes in `ruff check --show-settings`'s `linter.rules.enabled = [ name (CODE), … ]`.
    static func enabledRuffCodes(inSettings text: String) -> [String] {
        guard let start = text.range(of: "linter.rules.enabled = [") else { return [] }
        let rest = text[start.upperBound...]
        let block = rest[..<(rest.range(of: "\n]")?.lowerBound ?? rest.endIndex)]
        return block.split(separator: "\n").compactMap { line in
            guard let open = line.lastIndex(of: "("), let close = line.lastIndex(of: ")"), open < close else { return nil }
            return String(line[line.index(after: open)..<close])
        }.sorted()
    }
}

private struct RuffRuleInfo: Decodable {
    var code: String?
    /// Kebab-case and descriptive: `misplaced-bare-raise`.
    var name: String?
}
