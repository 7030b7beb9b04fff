import Foundation

/// Renders findings for people and for CI systems.
public struct FindingReport: Sendable {
    public var findings: [Finding]
    /// Files that were checked (relative paths), including clean ones.
    public var files: [String]
    public var toolVersion: String

    public init(findings: [Finding], files: [String], toolVersion: String) {
        self.findings = findings
        self.files = files
        self.toolVersion = toolVersion
    }

    public func reaching(_ level: Finding.Severity) -> [Finding] { findings.filter { $0.severity >= level } }

    /// `path:line:column: severity [rule] message`, then a summary line.
    public func text() -> String {
        var lines = findings.map { finding in
            let location = [finding.path ?? "-", finding.line.map(String.init), finding.column.map(String.init)].compactMap { $0 }
                .joined(separator: ":")
            var line = "\(location): \(finding.severity.rawValue) [\(finding.rule)] \(finding.message)"
            if let hint = finding.fixHint { line += " — \(hint)" }
            return line
        }
        let counts = [Finding.Severity.error, .warning, .info].map { severity in
            "\(findings.filter { $0.severity == severity }.count) \(severity.rawValue)\(findings.filter { $0.severity == severity }.count == 1 ? "" : "s")"
        }
        lines.append("\(files.count) file\(files.count == 1 ? "" : "s") checked: \(counts.joined(separator: ", "))")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"findings": [...], "files": [...], "summary": {...}}`.
    public func json() throws -> Data {
        struct Summary: Encodable {
            var files: Int
            var errors: Int
            var warnings: Int
            var infos: Int
        }
        struct Document: Encodable {
            var findings: [Finding]
            var files: [String]
            var summary: Summary
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(
            Document(
                findings: findings, files: files,
                summary: Summary(
                    files: files.count, errors: findings.filter { $0.severity == .error }.count,
                    warnings: findings.filter { $0.severity == .warning }.count,
                    infos: findings.filter { $0.severity == .info }.count)))
    }

    /// SARIF 2.1.0, one run, rules listed once with their category and CWE as tags.
    public func sarif() throws -> Data {
        try SARIFLog(
            toolVersion: toolVersion,
            results: findings.map { finding in
                var result = SARIFLog.Result(finding)
                result.path = finding.path ?? "unknown"
                return result
            }
        ).data()
    }

    /// JUnit XML: one test case per checked file, failing when it has findings at `failOn` or above.
    public func junit(failOn: Finding.Severity) -> String {
        var cases: [String] = []
        var failures = 0
        for file in files {
            let failing = findings.filter { $0.path == file && $0.severity >= failOn }
            var element = "    <testcase classname=\"kiln.check\" name=\"\(Self.xml(file))\">"
            if !failing.isEmpty {
                failures += 1
                let body = failing.map { "\($0.path ?? ""):\($0.line ?? 0): \($0.severity.rawValue) [\($0.rule)] \($0.message)" }
                    .joined(separator: "\n")
                element +=
                    "\n      <failure message=\"\(failing.count) finding\(failing.count == 1 ? "" : "s")\" type=\"\(failOn.rawValue)\">\(Self.xml(body))</failure>\n    "
            }
            cases.append(element + "</testcase>")
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites>
              <testsuite name="kiln check" tests="\(files.count)" failures="\(failures)" errors="0">
            \(cases.joined(separator: "\n"))
              </testsuite>
            </testsuites>

            """
    }

    static func xml(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
