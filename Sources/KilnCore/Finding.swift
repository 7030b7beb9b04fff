/// One problem a check found in generated or existing code.
public struct Finding: Codable, Sendable, Equatable {
    public enum Category: String, Codable, Sendable {
        case security, secret, dependency, license, style, correctness
    }

    public enum Severity: String, Codable, Sendable, Comparable {
        case info, warning, error

        private var rank: Int {
            switch self {
            case .info: return 0
            case .warning: return 1
            case .error: return 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    public var rule: String
    public var category: Category
    public var severity: Severity
    public var path: String?
    public var line: Int?
    public var column: Int?
    public var message: String
    public var fixHint: String?
    public var cwe: Int?

    public init(
        rule: String, category: Category, severity: Severity, path: String? = nil, line: Int? = nil,
        column: Int? = nil, message: String, fixHint: String? = nil, cwe: Int? = nil
    ) {
        self.rule = rule
        self.category = category
        self.severity = severity
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.fixHint = fixHint
        self.cwe = cwe
    }
}
