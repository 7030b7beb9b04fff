import Foundation

/// The order a spec says a function's result comes in ("Return sorted unique elements", "return
/// them in order (smaller number, larger number)", "in descending order"): a property the behaviour
/// probes check on every list or tuple the code returns, not only on the spec's examples, whose
/// outputs may happen to be in order.
public enum SpecResultOrder: String, Codable, Sendable, Equatable {
    case ascending, descending

    /// The probe case that checks it.
    public static let caseName = "probe_result_order"

    /// The phrase in words, for findings.
    public var words: String {
        switch self {
        case .ascending: return "in ascending order"
        case .descending: return "in descending order"
        }
    }

    static let ascendingPatterns = [
        #"\bin\s+(?:ascending|increasing|non-?decreasing)\s+order\b"#,
        #"\bsorted\s+(?:in\s+)?(?:ascending|increasing)\b"#,
        #"\(\s*smaller\s+(?:number|value|one|element)s?\s*,\s*larger\b"#,
        #"\bfrom\s+(?:the\s+)?(?:smallest|lowest|least)\s+to\s+(?:the\s+)?(?:largest|highest|greatest|biggest)\b"#,
        #"\breturns?\s+(?:a\s+|the\s+)?sorted\b"#,
        #"\b(?:returned|resulting|result)\s+list\s+(?:(?:should|must|will)\s+be|is)\s+sorted\b(?!\s+(?:in\s+)?(?:descending|decreasing|reverse))"#,
    ]
    static let descendingPatterns = [
        // Not "in reverse order": that is the input's order reversed, not the values' order.
        #"\bin\s+(?:descending|decreasing|non-?increasing)\s+order\b"#,
        #"\bsorted\s+(?:in\s+)?(?:descending|decreasing|reverse)\b"#,
        #"\bfrom\s+(?:the\s+)?(?:largest|highest|greatest|biggest)\s+to\s+(?:the\s+)?(?:smallest|lowest|least)\b"#,
        #"\breverse[d]?\s+sorted\b"#,
    ]
    /// An order by something other than the values themselves ("sorted by length", "in ascending
    /// order according to the sum of their digits", "in increasing order of length", "ignoring
    /// case"), or of positions ("the indices from smallest to largest value"): not a property of
    /// the returned values a probe can check.
    static let keyed =
        #"\b(?:sort(?:ed|s|ing)?|order(?:ed)?|ascending|descending|increasing|decreasing)\b[^.;]*?\b(?:by|based\s+on|according\s+to|with\s+respect\s+to|in\s+terms\s+of|of\s+their|on\s+their|order\s+of|key|ignoring|case-?insensitive(?:ly)?)\b|\b(?:indices|indexes|positions|keys)\b"#
    /// An order stated under a condition ("if the sum is odd, sort it in ascending order") or
    /// about an input ("whether they are sorted", "given a sorted list"; an order stated before
    /// the sentence's "return" is also taken to be the input's, below).
    static let notAboutTheResult =
        #"\b(?:if|when|whenever|unless|otherwise|whether)\b|\b(?:is|are|was|were)\s+(?:already\s+)?sorted\b|\b(?:given|takes?|receives?|accepts?)\s+(?:a|an|the)\s+sorted\b"#

    /// The one order `spec` states for the result, read sentence by sentence; nil when it states
    /// none, both, one by a key or one under a condition (any of those anywhere in the spec makes
    /// a probe's verdict a guess).
    public static func stated(_ spec: String) -> SpecResultOrder? {
        var found: Set<SpecResultOrder> = []
        // A docstring wraps its sentences over lines: a line break inside a paragraph is a space.
        let paragraphs = spec.replacingOccurrences(of: #"\n\s*\n"#, with: ";", options: .regularExpression)
            .replacingOccurrences(of: "\n", with: " ")
        let sentences = paragraphs.components(separatedBy: CharacterSet(charactersIn: ".;"))
        for sentence in sentences {
            let text = sentence.trimmingCharacters(in: .whitespaces)
            func matches(_ patterns: [String]) -> Bool {
                patterns.contains { text.range(of: $0, options: [.regularExpression, .caseInsensitive]) != nil }
            }
            let ascending = matches(ascendingPatterns)
            let descending = matches(descendingPatterns)
            guard ascending || descending else { continue }
            if text.range(of: keyed, options: [.regularExpression, .caseInsensitive]) != nil
                || text.range(of: notAboutTheResult, options: [.regularExpression, .caseInsensitive]) != nil
            {
                return nil
            }
            // "Given a list of integers sorted in ascending order, return …": the order comes
            // before the sentence's "return", so it describes what the code is given. Without a
            // "return", a sentence that speaks of what is given or taken is about the input too.
            let firstOrder = (ascendingPatterns + descendingPatterns).compactMap {
                text.range(of: $0, options: [.regularExpression, .caseInsensitive])?.lowerBound
            }.min()
            if let returns = text.range(of: #"\breturn"#, options: [.regularExpression, .caseInsensitive]) {
                if let firstOrder, firstOrder < returns.lowerBound { return nil }
            } else if text.range(
                of: #"\b(?:given|takes?|receives?|accepts?|inputs?)\b"#, options: [.regularExpression, .caseInsensitive]) != nil
            {
                return nil
            }
            if ascending { found.insert(.ascending) }
            if descending { found.insert(.descending) }
        }
        return found.count == 1 ? found.first : nil
    }
}
