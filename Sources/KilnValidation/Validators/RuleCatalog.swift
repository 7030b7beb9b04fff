import KilnCore

/// Whose code a finding is about. Generated code is held to the strictest standard: a finding
/// there costs one repair round and the model can fix it. A team's existing code is not: an idiom
/// that a rule dislikes (a bare `raise` in a helper called from `except`, a public exception that
/// shares a built-in's name) must not turn its build red.
public enum CodeOrigin: String, Sendable, Codable, CaseIterable {
    case generated
    case existing
}

/// One rule Kiln turns on: what it finds, how severe a finding is in each kind of code, and why.
public struct RuleDescription: Sendable, Codable, Equatable {
    /// As findings name it: `imports/unknown-package`, `secret/aws-access-key-id`, a linter's `TOOL/CODE`.
    public var rule: String
    public var summary: String
    /// The severity in code Kiln generated.
    public var generated: Finding.Severity
    /// The severity in existing code (`kiln check`, `kiln validate`).
    public var existing: Finding.Severity
    public var reason: String
    /// Whether the rule runs by default (`false`: only when asked for, as with `kiln check --with`).
    public var byDefault: Bool

    public init(
        rule: String, summary: String, generated: Finding.Severity, existing: Finding.Severity, reason: String,
        byDefault: Bool = true
    ) {
        self.rule = rule
        self.summary = summary
        self.generated = generated
        self.existing = existing
        self.reason = reason
        self.byDefault = byDefault
    }
}

/// The language-independent rules: secrets, licences and Kiln's own suppression check.
public enum CommonRules {
    public static var descriptions: [RuleDescription] {
        let secrets = SecretScanner.allDetectors.map { detector in
            RuleDescription(
                rule: "secret/\(detector.identifier)", summary: detector.summary, generated: .error, existing: .error,
                reason:
                    "a credential in the source is leaked to everyone who can read it; placeholders and example values are skipped"
            )
        }
        return secrets + [
            RuleDescription(
                rule: "license/snippet-match", summary: "code that matches a licensed snippet in the local licence index",
                generated: .error, existing: .error,
                reason: "copyleft code (GPL, AGPL, LGPL, MPL) carries obligations; a permissive match is a warning (attribution)"),
            RuleDescription(
                rule: "kiln/suppression-without-reason", summary: "a `kiln: ignore[...]` comment that gives no reason",
                generated: .warning, existing: .warning,
                reason: "a suppression is a reviewed decision; one without a reason suppresses nothing"),
        ]
    }
}
