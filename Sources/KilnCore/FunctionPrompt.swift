/// The built-in prompt of the `function` pattern. Versioned templates kept in the repository
/// replace it in a later step; until then the version string below is recorded with every result.
public struct FunctionPrompt: Sendable {
    public static let name = "function"
    public static let version = "0.1.0"

    public var spec: String
    public var language: String
    public var languageVersion: String?

    public init(spec: String, language: String = "python", languageVersion: String? = nil) {
        self.spec = spec
        self.language = language
        self.languageVersion = languageVersion
    }

    public var systemMessage: String {
        """
        You are a senior \(displayLanguage) engineer. You write one correct, self-contained \
        implementation that satisfies the specification exactly. Rules:
        - Reply with a single fenced ```\(language) code block and nothing else.
        - Include type hints on every parameter and return value, and a docstring that states \
        inputs, outputs and error behaviour.
        - Handle every edge case the specification names, in the way it names; raise a \
        specific exception with a clear message instead of returning a silent default \
        unless the specification says otherwise.
        - Do not mutate arguments. Do not read input, print, or run examples or tests at \
        module level.
        - Use only the standard library unless the specification names a package.
        """
    }

    public var userMessage: String {
        var text =
            "Write a \(displayLanguage) function for this specification:\n\n\(spec.trimmingCharacters(in: .whitespacesAndNewlines))\n"
        if let languageVersion {
            text += "\nTarget: \(displayLanguage) \(languageVersion)."
        }
        return text
    }

    public var messages: [ChatMessage] { [.system(systemMessage), .user(userMessage)] }

    private var displayLanguage: String { language == "python" ? "Python" : language }
}
