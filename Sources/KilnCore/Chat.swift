/// One message of a chat conversation sent to a model.
public struct ChatMessage: Codable, Sendable, Equatable {
    public enum Role: String, Codable, Sendable { case system, user, assistant }

    public var role: Role
    public var content: String

    public init(role: Role, content: String) {
        self.role = role
        self.content = content
    }

    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: .system, content: text) }
    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: .user, content: text) }
    public static func assistant(_ text: String) -> ChatMessage { ChatMessage(role: .assistant, content: text) }
}

/// Sampling settings for one generation.
public struct GenerationParameters: Codable, Sendable, Equatable {
    public var temperature: Double
    public var maxTokens: Int
    public var stop: [String]
    public var seed: Int?

    public init(temperature: Double = 0.2, maxTokens: Int = 1024, stop: [String] = [], seed: Int? = nil) {
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.stop = stop
        self.seed = seed
    }
}

/// A request to a chat model.
public struct ChatRequest: Sendable, Equatable {
    public var messages: [ChatMessage]
    public var parameters: GenerationParameters

    public init(messages: [ChatMessage], parameters: GenerationParameters = GenerationParameters()) {
        self.messages = messages
        self.parameters = parameters
    }

    /// Total characters of all messages: the basis of conservative token estimates.
    public var characterCount: Int { messages.reduce(0) { $0 + $1.content.count } }
}

/// Token counts of one generation. `estimated` is set when the server reported none and Kiln
/// counted streamed chunks instead.
public struct Usage: Codable, Sendable, Equatable {
    public var promptTokens: Int?
    public var completionTokens: Int?
    public var estimated: Bool

    public init(promptTokens: Int? = nil, completionTokens: Int? = nil, estimated: Bool = false) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.estimated = estimated
    }
}

/// One event of a streamed generation.
public enum StreamEvent: Sendable, Equatable {
    /// A piece of generated text.
    case text(String)
    /// Token counts, usually at the end of the stream.
    case usage(Usage)
    /// The model finished; the reason is the server's (`stop`, `length`, ...).
    case finished(reason: String?)
}

/// A whole generation, collected from a stream.
public struct ChatResponse: Sendable, Equatable {
    public var text: String
    public var usage: Usage
    public var finishReason: String?

    public init(text: String, usage: Usage, finishReason: String?) {
        self.text = text
        self.usage = usage
        self.finishReason = finishReason
    }
}
