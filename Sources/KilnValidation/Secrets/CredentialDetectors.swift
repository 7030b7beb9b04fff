import Foundation

/// Passwords, secrets and API keys written into the code as string literals.
public struct HardcodedCredentialDetector: SecretDetector {
    public let requiredFragments: [String] = ["password", "passwd", "pwd", "secret", "api", "token", "private"]
    public let identifier = "hardcoded-credential"
    public let summary = "password or API key in a string literal"
    public let triggeringExamples = [
        #"password = "hunter2!""#,
        #"DB_PASSWORD = 'Sup3rS3cret'"#,
        #"conn = connect(host="db", user="app", password="p4ssw0rd123")"#,
        #"config = {"api_key": "3f9a1c7e5b2d48aa"}"#,
        #"self.client_secret = "a8Xk2LmQ9pRz""#,
    ]
    public let nonTriggeringExamples = [
        #"password = os.environ["DB_PASSWORD"]"#,
        #"password = getpass.getpass()"#,
        #"def login(username: str, password: str) -> bool:"#,
        #"password = """#,
        #"password = "<your-password>""#,
        #"api_key = "${API_KEY}""#,
        #"token_type = "bearer""#,
        #"PASSWORD_FIELD = "password""#,
        #"password = "********""#,
    ]
    public init() {}

    static let placeholders: Set<String> = [
        "password", "passwd", "secret", "changeme", "example", "xxx", "xxxx", "none", "null", "todo", "dummy", "test", "bearer",
        "token", "api_key", "apikey",
    ]

    public func secrets(in line: String) -> [Substring] {
        let pattern =
            /(?i)["']?\b(?:[a-z0-9]+_)*(?:password|passwd|pwd|secret|secret_key|api_?key|access_?token|auth_?token|client_?secret|private_?key)\b["']?\s*[:=]\s*(?:[a-z]+)?["']([^"'\s]{4,})["']/
        return captures(pattern, in: line).filter { value in
            let lower = value.lowercased()
            if Self.placeholders.contains(lower) { return false }
            if value.allSatisfy({ $0 == "*" || $0 == "x" || $0 == "X" || $0 == "." }) { return false }
            if value.hasPrefix("<") || value.hasPrefix("${") || value.hasPrefix("{") || value.hasPrefix("%(") { return false }
            if lower.hasPrefix("your") || lower.hasPrefix("your_") { return false }
            return true
        }
    }
}

/// Credentials embedded in a URL: `scheme://user:password@host`.
public struct URLCredentialDetector: SecretDetector {
    public let requiredFragments: [String] = ["://"]
    public let identifier = "url-credentials"
    public let summary = "password embedded in a URL"
    public let triggeringExamples = [
        #"DATABASE_URL = "postgresql://admin:s3cr3tpass@db.internal:5432/app""#,
        #"requests.get("https://bot:Zx81kq@api.example.com/data")"#,
    ]
    public let nonTriggeringExamples = [
        #"DATABASE_URL = os.environ["DATABASE_URL"]"#,
        #"url = f"postgresql://{user}:{password}@{host}/db""#,
        #"url = "https://api.example.com/data""#,
        #"template = "postgresql://user:${PASSWORD}@host/db""#,
        #"    url = httpx.URL("HTTPS://jo%40email.com:a%20secret@example.de:1234/path")"#,
        #"proxy = "http://username:password@proxy.local:3128""#,
        #"assert parse("http://user:pass@host/") == ("user", "pass")"#,
    ]
    public init() {}

    /// Passwords that documentation and tests use to show where a password goes.
    static let placeholderWords: Set<String> = ["pass", "pwd", "pw", "xxx", "xxxx", "placeholder"]
    static let placeholderFragments = ["password", "passwd", "secret", "changeme", "example"]

    public func secrets(in line: String) -> [Substring] {
        captures(/\b[a-zA-Z][a-zA-Z0-9+.\-]*:\/\/[^\/\s:@"'{}]+:([^\/\s@"'{}$]{3,})@[^\s"']+/, in: line).filter {
            !Self.isPlaceholder($0)
        }
    }

    /// `a%20secret`, `password123`, `pass`: an illustration of the URL form, not a credential.
    static func isPlaceholder(_ password: Substring) -> Bool {
        let decoded = (String(password).removingPercentEncoding ?? String(password)).lowercased()
        if placeholderFragments.contains(where: decoded.contains) { return true }
        let words = decoded.split { !$0.isLetter && !$0.isNumber }.map(String.init)
        return words.contains(where: placeholderWords.contains)
    }
}

/// Long random-looking string literals: keys and tokens of formats no other detector knows.
public struct HighEntropyStringDetector: SecretDetector {
    public let requiredFragments: [String] = ["\"", "'"]
    public let identifier = "high-entropy-string"
    public let summary = "random-looking string that may be a key or token"
    public let triggeringExamples = [
        #"SIGNING_KEY = "q7Vz3LmN9xR2tY8wK4pB6sD1fH5jG0cE""#,
        #"hmac_secret = "8f14e45fceea167a5a36dedd4bea2543f3b1c9d7a2e0""#,
    ]
    public let nonTriggeringExamples = [
        #"message = "The quick brown fox jumps over the lazy dog""#,
        #"path = "/usr/local/lib/python3.11/site-packages""#,
        #"pattern = r"^[A-Za-z0-9_]+@[A-Za-z0-9]+\.[a-z]{2,}$""#,
        #"ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789""#,
        #"url = "https://example.com/api/v1/users/profile""#,
        #"stripe.api_key = "sk_test_4eC39HqLyjWDarjtT1zdp7dc""#,
        #"EXPECTED_SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08""#,
        #"commit = "3b18e512dba79e4c8300dd08aeb37f8e728b8dad""#,
    ]
    public init() {}

    public func secrets(in line: String) -> [Substring] {
        // Most quoted lines hold no 24-character token at all; the regex engine is far slower than
        // this byte scan, so it only sees lines that can match.
        guard Self.hasTokenRun(line, length: 24) else { return [] }
        let lower = line.lowercased()
        let namesADigest = Self.digestWords.contains { lower.contains($0) }
        return captures(/["']([A-Za-z0-9+\/=_\-]{24,})["']/, in: line).filter { value in
            // Test-mode and publishable keys are meant to be shared.
            if Self.publicPrefixes.contains(where: { value.hasPrefix($0) }) { return false }
            let isHex = value.allSatisfy(\.isHexDigit)
            // Checksums and commit ids are random-looking by design.
            if isHex && namesADigest { return false }
            let entropy = Self.shannonEntropy(value)
            let classes = [
                value.contains(where: \.isUppercase), value.contains(where: \.isLowercase), value.contains(where: \.isNumber),
            ]
            .filter { $0 }.count
            if Self.isSequential(value) { return false }
            return isHex ? (value.count >= 32 && entropy >= 3.3) : (classes >= 3 && entropy >= 4.2)
        }
    }

    /// Whether `line` has `length` consecutive characters of the token alphabet `[A-Za-z0-9+/=_-]`.
    static func hasTokenRun(_ line: String, length: Int) -> Bool {
        var run = 0
        for byte in line.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="),
                UInt8(ascii: "_"), UInt8(ascii: "-"):
                run += 1
                if run >= length { return true }
            default:
                run = 0
            }
        }
        return false
    }

    static let publicPrefixes = ["sk_test_", "pk_test_", "pk_live_", "rk_test_"]
    static let digestWords = [
        "sha", "md5", "hash", "digest", "checksum", "commit", "revision", "etag", "integrity", "fingerprint",
    ]

    /// Bits per character.
    static func shannonEntropy(_ text: some StringProtocol) -> Double {
        var counts: [Character: Int] = [:]
        for character in text { counts[character, default: 0] += 1 }
        let total = Double(text.count)
        return counts.values.reduce(0) { sum, count in
            let p = Double(count) / total
            return sum - p * log2(p)
        }
    }

    /// Alphabets and counting sequences are high-entropy but not secret.
    static func isSequential(_ text: some StringProtocol) -> Bool {
        let scalars = text.unicodeScalars.map { Int($0.value) }
        guard scalars.count > 2 else { return false }
        let steps = zip(scalars.dropFirst(), scalars).filter { $0 - $1 == 1 }.count
        return Double(steps) / Double(scalars.count - 1) > 0.6
    }
}
