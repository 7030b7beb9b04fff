/// GitHub personal access, OAuth, app and refresh tokens.
public struct GitHubTokenDetector: SecretDetector {
    public let requiredFragments: [String] = ["gh", "github_pat_"]
    public let identifier = "github-token"
    public let summary = "GitHub token"
    public let triggeringExamples = [
        #"headers = {"Authorization": "token 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"}"#,
        #"TOKEN = "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789abcdefghijk""#,
    ]
    public let nonTriggeringExamples = [#"token = os.environ["GITHUB_TOKEN"]"#, #"prefix = "ghp_""#]
    public init() {}

    public func secrets(in line: String) -> [Substring] {
        captures(/\b(gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/, in: line)
    }
}

/// Slack bot, user, app and refresh tokens.
public struct SlackTokenDetector: SecretDetector {
    public let requiredFragments: [String] = ["xox"]
    public let identifier = "slack-token"
    public let summary = "Slack token"
    public let triggeringExamples = [#"SLACK_TOKEN = "xoxb-2634123456-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx""#]
    public let nonTriggeringExamples = [#"SLACK_TOKEN = os.environ["SLACK_TOKEN"]"#, #"kind = "xoxb-""#]
    public init() {}

    public func secrets(in line: String) -> [Substring] {
        captures(/\b(xox[baprs]-[A-Za-z0-9-]{10,})\b/, in: line)
    }
}

/// Stripe live secret and restricted keys.
public struct StripeKeyDetector: SecretDetector {
    public let requiredFragments: [String] = ["_live_"]
    public let identifier = "stripe-live-key"
    public let summary = "Stripe live secret key"
    public let triggeringExamples = [#"stripe.api_key = "sk_live_4eC39HqLyjWDarjtT1zdp7dc4eC39HqL""#]
    public let nonTriggeringExamples = [
        #"stripe.api_key = "sk_test_4eC39HqLyjWDarjtT1zdp7dc""#, #"stripe.api_key = settings.STRIPE_KEY"#,
    ]
    public init() {}

    public func secrets(in line: String) -> [Substring] {
        captures(/\b((?:sk|rk)_live_[A-Za-z0-9]{20,})\b/, in: line)
    }
}

/// JSON Web Tokens (header and payload are base64url JSON objects).
public struct JSONWebTokenDetector: SecretDetector {
    public let requiredFragments: [String] = ["eyJ"]
    public let identifier = "json-web-token"
    public let summary = "JSON Web Token"
    public let triggeringExamples = [
        #"TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c""#
    ]
    public let nonTriggeringExamples = [
        #"token = jwt.encode(payload, key, algorithm="HS256")"#, #"header = "eyJhbGciOiJIUzI1NiJ9""#,
    ]
    public init() {}

    public func secrets(in line: String) -> [Substring] {
        captures(/\b(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})/, in: line)
    }
}

/// PEM private key blocks.
public struct PrivateKeyDetector: SecretDetector {
    public let requiredFragments: [String] = ["PRIVATE KEY"]
    public let identifier = "private-key"
    public let summary = "private key"
    public let triggeringExamples = [
        #"KEY = """-----BEGIN RSA PRIVATE KEY-----"#,
        #"pem = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA""#,
        "-----BEGIN PRIVATE KEY-----",
    ]
    public let nonTriggeringExamples = [
        #"marker = "-----BEGIN PUBLIC KEY-----""#, #"if line.startswith("-----BEGIN CERTIFICATE-----"):"#,
    ]
    public init() {}

    public func secrets(in line: String) -> [Substring] {
        captures(/(-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----)/, in: line)
    }
}
