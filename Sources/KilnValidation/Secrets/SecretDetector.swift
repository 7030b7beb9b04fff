import Foundation

/// One kind of secret. Each detector carries examples that must and must not trigger it; the
/// test suite runs every detector's examples, so a detector's documentation is its test.
public protocol SecretDetector: Sendable {
    /// Stable rule identifier, e.g. `aws-access-key-id`.
    var identifier: String { get }
    var summary: String { get }
    var triggeringExamples: [String] { get }
    var nonTriggeringExamples: [String] { get }
    /// The secret values in one line of code.
    func secrets(in line: String) -> [Substring]
    /// Substrings one of which every match contains: lines without any skip the regex (most lines).
    var requiredFragments: [String] { get }
}

extension SecretDetector {
    /// Whether `line` can contain a match at all.
    public func mayMatch(_ line: String, lowercased: String) -> Bool {
        requiredFragments.isEmpty
            || requiredFragments.contains { bytesContain(line, $0) || bytesContain(lowercased, $0) }
    }

    /// Byte substring search: every line of every scanned file goes through here, and Foundation's
    /// `contains` took a third of `kiln check`'s time on a large tree.
    func bytesContain(_ text: String, _ fragment: String) -> Bool {
        var text = text
        var fragment = fragment
        return text.withUTF8 { haystack in
            fragment.withUTF8 { needle in
                guard let first = needle.first else { return true }
                guard haystack.count >= needle.count else { return false }
                var start = 0
                while start <= haystack.count - needle.count {
                    if haystack[start] == first {
                        var offset = 1
                        while offset < needle.count && haystack[start + offset] == needle[offset] { offset += 1 }
                        if offset == needle.count { return true }
                    }
                    start += 1
                }
                return false
            }
        }
    }

    /// Values captured by the regex's first capture group (or the whole match without one).
    func captures<Output>(_ regex: Regex<Output>, in line: String) -> [Substring] {
        // Simple word boundaries: Unicode's default treats `self.client_secret` as one word.
        line.matches(of: regex.wordBoundaryKind(.simple)).compactMap { match in
            let output = match.output
            if let tuple = output as? (Substring, Substring) { return tuple.1 }
            if let tuple = output as? (Substring, Substring?) { return tuple.1 }
            if let tuple = output as? (Substring, Substring, Substring) { return tuple.2 }
            return line[match.range]
        }
    }
}

/// Shows enough of a secret to find it, never enough to use it.
public enum SecretRedactor {
    public static func redact(_ secret: some StringProtocol) -> String {
        let visible = secret.count > 12 ? 4 : 0
        return "\(secret.prefix(visible))…[\(secret.count) characters redacted]"
    }
}
