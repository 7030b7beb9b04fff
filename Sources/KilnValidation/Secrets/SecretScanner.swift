import KilnCore

/// Runs every secret detector over source code and reports redacted findings.
public struct SecretScanner: Sendable {
    public static let allDetectors: [any SecretDetector] = [
        PrivateKeyDetector(), AWSAccessKeyDetector(), AWSSecretKeyDetector(), GitHubTokenDetector(), SlackTokenDetector(),
        StripeKeyDetector(), GoogleAPIKeyDetector(), JSONWebTokenDetector(), URLCredentialDetector(),
        HardcodedCredentialDetector(), HighEntropyStringDetector(),
    ]

    public var detectors: [any SecretDetector]

    public init(detectors: [any SecretDetector] = SecretScanner.allDetectors) {
        self.detectors = detectors
    }

    /// `source` with every detected secret value replaced by its redacted form, for reports and
    /// logs that show code.
    public func redact(_ source: String) -> String {
        source.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var text = String(line)
            for detector in detectors {
                for secret in Set(detector.secrets(in: text).map(String.init)) {
                    text = text.replacingOccurrences(of: secret, with: SecretRedactor.redact(secret))
                }
            }
            return text
        }.joined(separator: "\n")
    }

    public func scan(_ source: String, path: String? = nil) -> [Finding] {
        var findings: [Finding] = []
        for (index, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = String(line)
            let lowercased = text.lowercased()
            var seen: [Range<String.Index>] = []
            for detector in detectors where detector.mayMatch(text, lowercased: lowercased) {
                for secret in detector.secrets(in: text) {
                    let range = secret.startIndex..<secret.endIndex
                    // A value already reported by a more specific detector is not reported again.
                    if seen.contains(where: { $0.overlaps(range) }) { continue }
                    seen.append(range)
                    findings.append(
                        Finding(
                            rule: "secret/\(detector.identifier)", category: .secret, severity: .error, path: path,
                            line: index + 1, column: text.distance(from: text.startIndex, to: secret.startIndex) + 1,
                            message: "\(detector.summary) in the code: \(SecretRedactor.redact(secret))",
                            fixHint:
                                "read it from the environment or a secret store (os.environ[...]); rotate it if it was ever committed",
                            cwe: 798))
                }
            }
        }
        return findings
    }
}
