import Foundation

/// A SARIF 2.1.0 log of one Kiln run, as `kiln check` and `kiln gen` write it: rules listed once
/// with their category and CWE as tags, one result per finding or claim.
public struct SARIFLog: Sendable {
    /// One result. `kind` is SARIF's: `fail` (a problem, at `level`), `pass` (a check that held),
    /// `review` (nothing decided it: a person has to look), `informational`; SARIF gives every
    /// result that is not a failure the level `none`.
    public struct Result: Sendable {
        public enum Kind: String, Sendable { case fail, pass, review, informational }

        public var rule: String
        public var kind: Kind
        /// The level of a failure; ignored for other kinds.
        public var severity: Finding.Severity
        public var category: Finding.Category
        public var message: String
        public var path: String?
        public var line: Int?
        public var column: Int?
        public var cwe: Int?
        /// How to fix it: the rule's help, and appended to the message.
        public var fixHint: String?

        public init(
            rule: String, kind: Kind = .fail, severity: Finding.Severity, category: Finding.Category, message: String,
            path: String? = nil, line: Int? = nil, column: Int? = nil, cwe: Int? = nil, fixHint: String? = nil
        ) {
            self.rule = rule
            self.kind = kind
            self.severity = severity
            self.category = category
            self.message = message
            self.path = path
            self.line = line
            self.column = column
            self.cwe = cwe
            self.fixHint = fixHint
        }

        /// A finding as a failure at its own severity.
        public init(_ finding: Finding) {
            self.init(
                rule: finding.rule, severity: finding.severity, category: finding.category, message: finding.message,
                path: finding.path, line: finding.line, column: finding.column, cwe: finding.cwe, fixHint: finding.fixHint)
        }

        /// SARIF's `level`: a failure's severity, `none` for every other kind.
        var level: String {
            guard kind == .fail else { return "none" }
            switch severity {
            case .error: return "error"
            case .warning: return "warning"
            case .info: return "note"
            }
        }
    }

    public var toolVersion: String
    public var results: [Result]
    /// The run's property bag (what the run concluded, for example a generation's status).
    public var properties: [String: String]

    public init(toolVersion: String, results: [Result], properties: [String: String] = [:]) {
        self.toolVersion = toolVersion
        self.results = results
        self.properties = properties
    }

    public func data() throws -> Data {
        let ruleIDs = Array(Set(results.map(\.rule))).sorted()
        let rules: [[String: Any]] = ruleIDs.map { id in
            let example = results.first { $0.rule == id }
            var tags = [example?.category.rawValue ?? "correctness"]
            if let cwe = example?.cwe { tags.append("external/cwe/cwe-\(cwe)") }
            var rule: [String: Any] = [
                "id": id, "shortDescription": ["text": id],
                "defaultConfiguration": ["level": example?.level ?? "warning"],
                "properties": ["tags": tags],
            ]
            if let hint = example?.fixHint { rule["help"] = ["text": hint] }
            return rule
        }
        let entries: [[String: Any]] = results.map { result in
            var properties: [String: Any] = ["category": result.category.rawValue, "severity": result.severity.rawValue]
            if let cwe = result.cwe { properties["cwe"] = "CWE-\(cwe)" }
            var message = result.message
            if let hint = result.fixHint { message += " (\(hint))" }
            var entry: [String: Any] = [
                "ruleId": result.rule, "ruleIndex": ruleIDs.firstIndex(of: result.rule) ?? 0, "level": result.level,
                "message": ["text": message], "properties": properties,
            ]
            if result.kind != .fail { entry["kind"] = result.kind.rawValue }
            if let path = result.path {
                var region: [String: Any] = [:]
                if let line = result.line { region["startLine"] = max(line, 1) }
                if let column = result.column { region["startColumn"] = max(column, 1) }
                var physical: [String: Any] = ["artifactLocation": ["uri": Self.uri(path)]]
                if !region.isEmpty { physical["region"] = region }
                entry["locations"] = [["physicalLocation": physical]]
            }
            return entry
        }
        var run: [String: Any] = [
            "tool": ["driver": ["name": "kiln", "semanticVersion": toolVersion, "version": toolVersion, "rules": rules]],
            "results": entries,
            "columnKind": "unicodeCodePoints",
        ]
        if !properties.isEmpty { run["properties"] = properties }
        let document: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [run],
        ]
        return try JSONSerialization.data(
            withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    static func uri(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
    }
}
