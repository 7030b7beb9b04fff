/// Security-sensitive work without a security requirement: the guide's "30% of security-critical
/// prompts" problem.
public struct SecurityRequirementRule: PromptLintRule {
    public let identifier = "missing-security-requirement"
    public let severity = PromptLintFinding.Severity.error
    public let triggeringExamples = [
        "Write a SQL query function that takes user input",
        "run the shell command the user typed and return its output",
        "load the pickled session object sent by the client",
        "check the password the user entered against the stored one",
        "save the uploaded file under the name the user gave",
    ]
    public let nonTriggeringExamples = [
        "Write a SQL query function that takes user input. Use parameterized queries to prevent SQL injection. The database is PostgreSQL.",
        "takes a file path string, reads a JSON file, validates it matches this schema: {name: str, age: int}, returns None on parse error",
        "run `git status` with subprocess using an argument list, never a shell, and return stdout as str",
        "hash the password with bcrypt and compare in constant time",
        "takes a list of numbers, returns the median, handles empty lists",
    ]
    public init() {}

    struct Area {
        var name: String
        var triggers: [String]
        var requirement: String
    }

    static let areas = [
        Area(
            name: "SQL", triggers: [#"\bsql\b"#, #"\bquery\b.*\b(database|db|table)\b"#, #"\b(database|db)\b.*\bquery\b"#],
            requirement: "use parameterized queries (placeholders), never string formatting"),
        Area(
            name: "shell commands",
            triggers: [#"\bshell\b"#, #"\b(run|execute|exec)s?\b.*\bcommands?\b"#, #"\bsubprocess\b"#, #"os\.system"#],
            requirement: "pass an argument list to subprocess without shell=True, and allow-list the commands"),
        Area(
            name: "deserialization", triggers: [#"\bpickle"#, #"\bunpickl"#, #"\bdeserializ"#, #"\byaml\b"#, #"\bmarshal\b"#],
            requirement: "never unpickle untrusted data; use json or yaml.safe_load"),
        Area(
            name: "authentication",
            triggers: [#"\bpassword"#, #"\blog ?in\b"#, #"\bauthenticat"#, #"\bsession token"#, #"\bjwt\b"#, #"\bapi key"#],
            requirement: "hash passwords with bcrypt/argon2, compare in constant time, never log secrets"),
        Area(
            name: "cryptography",
            triggers: [#"\bencrypt"#, #"\bdecrypt"#, #"\bsign(ing|ature)?\b.*\b(key|message)"#, #"\bcrypto"#],
            requirement: "use a vetted library (cryptography), authenticated encryption, no home-made schemes"),
        Area(
            name: "untrusted input",
            triggers: [
                #"\buser (input|typed|gave|provided|supplied|entered)"#, #"\b(upload|uploaded)\b"#,
                #"\bfrom the (client|request|form)\b"#, #"\bsent by the client\b"#, #"\bfetch(es)? (a|the|any) url\b"#,
            ],
            requirement: "validate and sanitise it (allow-lists, length limits, path normalisation against traversal)"),
    ]

    static let requirements = [
        "parameteriz", "parametriz", "placeholder", "sanitiz", "sanitis", "escape", "validat", "allow-list", "allowlist",
        "whitelist", "safe_load", "bcrypt", "argon2", "scrypt", "constant time", "constant-time", "never a shell",
        "no shell", "shell=false", "without shell", "argument list", "prevent", "injection", "traversal", "secure",
        "securely", "untrusted", "trusted",
    ]

    public func check(_ spec: PromptSpec) -> PromptLintFinding? {
        let touched = Self.areas.filter { area in spec.matches(area.triggers) }
        guard !touched.isEmpty else { return nil }
        if Self.requirements.contains(where: spec.lower.contains) { return nil }
        return PromptLintFinding(
            rule: identifier, severity: severity,
            message:
                "the spec involves \(touched.map(\.name).joined(separator: " and ")) but states no security requirement; models write vulnerable code for such prompts unless told otherwise",
            fix: touched.map(\.requirement).joined(separator: "; "),
            skeletonLine: "- Security: " + touched.map(\.requirement).joined(separator: "; "))
    }
}

/// Vague instructions: "write code", "make it work", "handle errors" without saying how.
public struct VagueWordingRule: PromptLintRule {
    public let identifier = "vague-wording"
    public let severity = PromptLintFinding.Severity.error
    public let triggeringExamples = [
        "write code", "make it work", "parse the file and handle errors", "do some stuff with the data etc.",
    ]
    public let nonTriggeringExamples = [
        "parse the file and handle errors by raising ValueError with the line number",
        "takes a list of numbers, returns the median, handles empty lists",
        "Write a Python function to parse JSON files that returns None on parse error",
    ]
    public init() {}

    public func check(_ spec: PromptSpec) -> PromptLintFinding? {
        var problems: [String] = []
        if spec.matches([
            #"^\s*(please\s+)?(write|generate|create|make)\s+(some\s+)?(code|a program|a script|something)\s*\.?\s*$"#
        ]) {
            problems.append("\"\(spec.text.trimmingCharacters(in: .whitespacesAndNewlines))\" says nothing about the task")
        }
        if spec.matches([#"\bmake it work\b"#, #"\bdo (some )?stuff\b"#, #"\bsomething\b"#, #"\betc\.?"#, #"\band so on\b"#]) {
            problems.append("it leaves parts of the task open (\"make it work\", \"stuff\", \"etc.\")")
        }
        if spec.matches([#"\bhandles?\s+(all\s+)?(the\s+)?errors\b"#, #"\berror handling\b"#])
            && !spec.matches([#"\b(raise|raises|raising|return|returns|returning|log|logs|logging|retry|retries)\b"#])
        {
            problems.append("\"handle errors\" does not say how (raise which exception? return what? log?)")
        }
        guard !problems.isEmpty else { return nil }
        return PromptLintFinding(
            rule: identifier, severity: severity, message: "vague wording: " + problems.joined(separator: "; "),
            fix: "replace it with the concrete behaviour: what to do, on which input, with which result",
            skeletonLine: nil)
    }
}

/// The spec names no function or class, so the output's names are the model's guess.
public struct MissingNamesRule: PromptLintRule {
    public let identifier = "missing-names"
    public let severity = PromptLintFinding.Severity.info
    public let triggeringExamples = ["takes a list of numbers, returns the median, handles empty lists"]
    public let nonTriggeringExamples = [
        "a function named median that takes a list of numbers",
        "def slugify(title: str) -> str",
        "Create a Python class for User with name, email, age fields",
        "implement `parse_duration(text)`",
    ]
    public init() {}

    public func check(_ spec: PromptSpec) -> PromptLintFinding? {
        if spec.matches([
            #"\b(named|called)\s+`?[A-Za-z_]\w*"#, #"\bdef\s+\w+"#, #"`[A-Za-z_]\w*(\(|`)"#, #"\b[a-z_]+_[a-z_]+\s*\("#,
            #"\bclass\s+(for\s+)?[A-Z]\w*"#,
        ]) {
            return nil
        }
        return PromptLintFinding(
            rule: identifier, severity: severity,
            message: "no name is given for the function or class, so callers and tests cannot rely on it",
            fix: "name it: \"a function named median\" or \"def median(numbers: list[float]) -> float\"",
            skeletonLine: "- Name: <function or class name>")
    }
}

/// Too short to be a spec at all.
public struct TooShortRule: PromptLintRule {
    public let identifier = "too-short"
    public let severity = PromptLintFinding.Severity.error
    public let triggeringExamples = ["write code", "sort"]
    public let nonTriggeringExamples = ["takes a list of numbers, returns the median, handles empty lists"]
    public init() {}

    public func check(_ spec: PromptSpec) -> PromptLintFinding? {
        guard spec.words.count < 4 else { return nil }
        return PromptLintFinding(
            rule: identifier, severity: severity,
            message: "\(spec.words.count) word(s) cannot describe inputs, output and edge cases",
            fix: "describe the inputs, the result and the edge cases in a sentence or a short list", skeletonLine: nil)
    }
}
