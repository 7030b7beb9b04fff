import KilnCore
import Testing

@Suite("Prompt linter rules and their own examples")
struct PromptLinterTests {
    static let rules = PromptLinter.allRules.map { RuleCase(rule: $0) }

    @Test(arguments: rules)
    func everyTriggeringExampleTriggers(_ ruleCase: RuleCase) {
        #expect(!ruleCase.rule.triggeringExamples.isEmpty)
        for example in ruleCase.rule.triggeringExamples {
            #expect(ruleCase.rule.check(PromptSpec(example)) != nil, "\(ruleCase.rule.identifier) missed: \(example)")
        }
    }

    @Test(arguments: rules)
    func noNonTriggeringExampleTriggers(_ ruleCase: RuleCase) {
        #expect(!ruleCase.rule.nonTriggeringExamples.isEmpty)
        for example in ruleCase.rule.nonTriggeringExamples {
            #expect(ruleCase.rule.check(PromptSpec(example)) == nil, "\(ruleCase.rule.identifier) flagged: \(example)")
        }
    }

    @Test func theGuidesBadPromptFailsWithSpecificFindings() {
        let report = PromptLinter().lint("write code")
        #expect(report.hasErrors)
        #expect(Set(report.findings.map(\.rule)).isSuperset(of: ["no-inputs", "no-output", "vague-wording", "too-short"]))
        #expect(report.skeleton?.contains("- Takes:") == true)
        #expect(report.skeleton?.contains("- Returns:") == true)
    }

    /// A class spec is asked for by constructor and methods, not as "a function named <name>".
    @Test func aClassSpecGetsAClassSkeleton() throws {
        let report = PromptLinter().lint("a shopping cart class")
        let skeleton = try #require(report.skeleton)
        #expect(skeleton.hasPrefix("Write a Python class named <Name> with:"))
        #expect(!skeleton.contains("function named"))
        #expect(skeleton.contains("- Methods:"))
    }

    @Test func theGuidesThirdAttemptPassesCleanly() {
        let report = PromptLinter().lint(
            "Write a Python function that takes a file path string, reads a JSON file, validates it matches this schema: {name: str, age: int}, returns None on parse error"
        )
        #expect(report.findings.filter { $0.severity >= .warning }.isEmpty, "\(report.findings)")
    }

    @Test func theGuidesSQLPromptsDifferOnlyInTheSecurityRequirement() {
        let bad = PromptLinter().lint("Write a SQL query function that takes user input")
        #expect(bad.findings.contains { $0.rule == "missing-security-requirement" && $0.severity == .error })
        let good = PromptLinter().lint(
            "Write a SQL query function that takes user input. Use parameterized queries to prevent SQL injection. The database is PostgreSQL."
        )
        #expect(!good.findings.contains { $0.rule == "missing-security-requirement" })
    }
}

struct RuleCase: CustomTestStringConvertible, Sendable {
    let rule: any PromptLintRule
    var testDescription: String { rule.identifier }
}
