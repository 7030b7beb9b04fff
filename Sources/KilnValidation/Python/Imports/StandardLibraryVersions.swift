/// The standard library of every Python 3 version, from typeshed (`scripts/make-stdlib-index.py`):
/// a module of another version is not a hallucinated package.
public enum StandardLibraryVersions {
    /// Top-level module → first Python version that has it, and the last (nil: still there).
    public static let ranges: [String: (first: String, last: String?)] = {
        var ranges: [String: (first: String, last: String?)] = [:]
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count == 3 else { continue }
            ranges[fields[0]] = (fields[1], fields[2] == "-" ? nil : fields[2])
        }
        return ranges
    }()

    /// "3.14 and later", "3.0 to 3.11".
    public static func describe(_ module: String) -> String? {
        guard let range = ranges[module] else { return nil }
        return range.last.map { "Python \(range.first) to \($0)" } ?? "Python \(range.first) and later"
    }
}
