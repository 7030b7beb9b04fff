import KilnCore
import KilnValidation
import Testing

@Suite("Secret detectors and their own examples")
struct SecretScannerTests {
    static let detectors = SecretScanner.allDetectors.map { DetectorCase(detector: $0) }

    @Test(arguments: detectors)
    func everyTriggeringExampleTriggers(_ detectorCase: DetectorCase) {
        #expect(!detectorCase.detector.triggeringExamples.isEmpty)
        for example in detectorCase.detector.triggeringExamples {
            #expect(!detectorCase.detector.secrets(in: example).isEmpty, "\(detectorCase.detector.identifier) missed: \(example)")
        }
    }

    @Test(arguments: detectors)
    func noNonTriggeringExampleTriggers(_ detectorCase: DetectorCase) {
        #expect(!detectorCase.detector.nonTriggeringExamples.isEmpty)
        for example in detectorCase.detector.nonTriggeringExamples {
            #expect(detectorCase.detector.secrets(in: example).isEmpty, "\(detectorCase.detector.identifier) flagged: \(example)")
        }
    }

    @Test func findingsAreRedactedAndLocated() {
        let source = "import os\n\nAWS_KEY = \"AKIAIOSFODNN7EXAMPLE\"\n"
        let findings = SecretScanner().scan(source, path: "settings.py")
        #expect(findings.count == 1)
        let finding = try? #require(findings.first)
        #expect(finding?.rule == "secret/aws-access-key-id")
        #expect(finding?.line == 3)
        #expect(finding?.column == 12)
        #expect(finding?.cwe == 798)
        #expect(finding?.message.contains("AKIAIOSFODNN7EXAMPLE") == false)
        #expect(finding?.message.contains("AKIA…") == true)
    }

    @Test func randomLookingValuesAreFoundFromTwentyFourCharacters() {
        let detector = HighEntropyStringDetector()
        let token = "q7Vz3LmN9xR2tY8wK4pB6sD1"
        #expect(detector.secrets(in: "KEY = \"\(token)\"") == [Substring(token)])
        #expect(detector.secrets(in: "KEY = \"\(token.dropLast())\"").isEmpty)
        // A run broken by a character outside the token alphabet is two short runs.
        #expect(detector.secrets(in: "KEY = \"q7Vz3LmN9xR2.tY8wK4pB6sD1fH5\"").isEmpty)
    }

    @Test func aValueIsReportedOnceEvenWhenTwoDetectorsSeeIt() {
        let findings = SecretScanner().scan("api_key = \"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\"\n")
        #expect(findings.map(\.rule) == ["secret/github-token"])
    }
}

/// Wraps a detector so test output names it.
struct DetectorCase: CustomTestStringConvertible, Sendable {
    let detector: any SecretDetector
    var testDescription: String { detector.identifier }
}

@Suite("Secrets are redacted wherever code is reported")
struct SecretRedactionTests {
    @Test func redactionRemovesEverySecretValue() {
        let code = "KEY = \"AKIAIOSFODNN7EXAMPLE\"\nDB = \"postgresql://admin:s3cr3tpass@db/app\"\nx = 1\n"
        let redacted = SecretScanner().redact(code)
        #expect(!redacted.contains("AKIAIOSFODNN7EXAMPLE"))
        #expect(!redacted.contains("s3cr3tpass"))
        #expect(redacted.hasSuffix("x = 1\n"))
        #expect(SecretScanner().scan(redacted).isEmpty)
    }
}
