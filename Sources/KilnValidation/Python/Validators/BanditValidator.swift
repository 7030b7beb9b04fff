import Foundation
import KilnCore
import KilnSystem

/// Bandit, the real tool, from Kiln's environment.
public struct BanditValidator: Validator {
    public let name = "bandit"
    public let isStatic = true

    public let toolchain: PythonToolchain

    public init(toolchain: PythonToolchain) { self.toolchain = toolchain }

    public func validate(_ file: SourceFile, context: ValidationContext) async throws -> ValidatorReport {
        let started = ContinuousClock.now
        // Bandit reads stdin as "-"; B101 (assert) is noise for library code and tests.
        let result = try await ProcessRunner.run(
            toolchain.python.path, ["-m", "bandit", "-f", "json", "-q", "--skip", "B101", "-"],
            input: Data(file.code.utf8), timeout: .seconds(120))
        guard let report = try? JSONDecoder().decode(BanditReport.self, from: result.stdout) else {
            throw ValidationError.toolFailed("bandit", String((result.stderrText + result.stdoutText).suffix(600)))
        }
        let findings = report.results.map { issue in
            Finding(
                rule: "bandit/\(issue.testID)", category: .security,
                severity: SecurityRules.severity(
                    bandit: issue.issueSeverity, confidence: issue.issueConfidence, testID: issue.testID), path: file.path,
                line: issue.lineNumber, column: (issue.colOffset ?? 0) + 1, message: "\(issue.issueText) (\(issue.testName))",
                fixHint: issue.moreInfo.map { "see \($0)" }, cwe: issue.issueCWE?.id)
        }
        return ValidatorReport(validator: name, findings: findings, seconds: (ContinuousClock.now - started).seconds)
    }
}

struct BanditReport: Decodable {
    struct Issue: Decodable {
        struct CWE: Decodable { var id: Int }
        var testID: String
        var testName: String
        var issueSeverity: String
        var issueConfidence: String
        var issueText: String
        var issueCWE: CWE?
        var lineNumber: Int
        var colOffset: Int?
        var moreInfo: String?

        enum CodingKeys: String, CodingKey {
            case testID = "test_id"
            case testName = "test_name"
            case issueSeverity = "issue_severity"
            case issueConfidence = "issue_confidence"
            case issueText = "issue_text"
            case issueCWE = "issue_cwe"
            case lineNumber = "line_number"
            case colOffset = "col_offset"
            case moreInfo = "more_info"
        }
    }

    var results: [Issue]
}

/// Severity and CWE of the bandit-family rules (bandit's `B###` and ruff's `S###` share numbers).
enum SecurityRules {
    /// Injection, deserialisation, code execution, disabled TLS checks and hard-coded passwords
    /// are errors whatever bandit's confidence: these are the classic flaws of generated code.
    static let alwaysErrors: Set<String> = [
        "102", "105", "106", "107", "201", "301", "302", "307", "501", "502", "503", "506",
        "602", "604", "605", "608", "609", "610", "611", "701", "702",
    ]
    /// Notices that the recommended, safe pattern also triggers (`import subprocess`, a
    /// subprocess call with a list and no shell).
    static let notices: Set<String> = ["101", "403", "404", "603"]

    static func severity(bandit severity: String, confidence: String, testID: String = "") -> Finding.Severity {
        let number = String(testID.dropFirst())
        if alwaysErrors.contains(number) { return .error }
        if notices.contains(number) { return .info }
        switch (severity.uppercased(), confidence.uppercased()) {
        case ("HIGH", _), ("MEDIUM", "HIGH"): return .error
        case ("MEDIUM", _): return .warning
        default: return .info
        }
    }

    /// Ruff's S rules carry no severity; these follow bandit's for the same number.
    static func severity(forRuffCode code: String) -> Finding.Severity {
        let number = String(code.dropFirst())
        if notices.contains(number) { return .info }
        let errors: Set<String> = [
            "102", "104", "105", "106", "107", "108", "301", "302", "307", "310", "321", "323", "324",
            "501", "502", "503", "504", "506", "507", "508", "509", "601", "602", "604", "605", "608",
            "609", "611", "701", "702",
        ]
        return errors.contains(number) ? .error : .warning
    }

    /// The same issue under one name whichever engine found it: `ruff/S602` and `bandit/B602` are
    /// both `security/602`; other rules are returned unchanged.
    static func canonical(_ rule: String) -> String {
        for prefix in ["bandit/B", "ruff/S"] where rule.hasPrefix(prefix) {
            let number = rule.dropFirst(prefix.count)
            if !number.isEmpty, number.allSatisfy(\.isNumber) { return "security/\(number)" }
        }
        return rule
    }

    static func cwe(forBanditNumber number: String) -> Int? {
        switch number {
        case "102", "307": return 78
        case "104": return 605
        case "105", "106", "107": return 259
        case "108": return 377
        case "110", "112": return 703
        case "113": return 400
        case "301", "302", "403", "506": return 502
        case "303", "304", "305", "324", "413": return 327
        case "306": return 377
        case "310": return 22
        case "311": return 330
        case "321", "402": return 319
        case "323", "501", "502", "503", "504": return 295
        case "314", "318", "319", "320", "405", "406", "408", "410": return 20
        case "601", "602", "603", "604", "605", "606", "607", "609": return 78
        case "608": return 89
        case "610", "611": return 89
        case "701", "702", "704": return 79
        default: return nil
        }
    }
}
