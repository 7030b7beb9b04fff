/// AWS access key ids: a fixed prefix and 16 base-32 characters.
public struct AWSAccessKeyDetector: SecretDetector {
    public let requiredFragments: [String] = ["AKIA", "ASIA", "A3T", "ABIA", "ACCA"]
    public let identifier = "aws-access-key-id"
    public let summary = "AWS access key id"
    public let triggeringExamples = [
        #"AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE""#,
        #"client = boto3.client("s3", aws_access_key_id="ASIAJ5EXAMPLEKEY2ABC")"#,
    ]
    public let nonTriggeringExamples = [
        #"AWS_ACCESS_KEY_ID = os.environ["AWS_ACCESS_KEY_ID"]"#,
        #"name = "AKIA-not-a-key""#,
    ]
    public init() {}

    public func secrets(in line: String) -> [Substring] {
        captures(/\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b/, in: line)
    }
}

/// AWS secret access keys: 40 base-64 characters assigned to something named like one.
public struct AWSSecretKeyDetector: SecretDetector {
    public let requiredFragments: [String] = ["secret"]
    public let identifier = "aws-secret-access-key"
    public let summary = "AWS secret access key"
    public let triggeringExamples = [
        #"aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY""#,
        #"session = Session(aws_secret_access_key='je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY')"#,
    ]
    public let nonTriggeringExamples = [
        #"aws_secret_access_key = os.getenv("AWS_SECRET_ACCESS_KEY")"#,
        #"aws_secret_access_key = "short""#,
    ]
    public init() {}

    public func secrets(in line: String) -> [Substring] {
        captures(/(?i)aws_?secret_?(?:access_?)?key["']?\s*[:=]\s*["']([A-Za-z0-9\/+=]{40})["']/, in: line)
    }
}

/// Google API keys.
public struct GoogleAPIKeyDetector: SecretDetector {
    public let requiredFragments: [String] = ["AIza"]
    public let identifier = "google-api-key"
    public let summary = "Google API key"
    public let triggeringExamples = [#"GOOGLE_KEY = "AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe""#]
    public let nonTriggeringExamples = [#"key = os.environ["GOOGLE_API_KEY"]"#, #"prefix = "AIza""#]
    public init() {}

    public func secrets(in line: String) -> [Substring] {
        captures(/\b(AIza[0-9A-Za-z_\-]{35})\b/, in: line)
    }
}
