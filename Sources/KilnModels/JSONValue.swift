import Foundation

/// Lenient access to JSON whose exact shape differs between servers.
struct JSONObject {
    let raw: [String: Any]

    init?(data: Data) {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        raw = object
    }

    init?(text: String) { self.init(data: Data(text.utf8)) }

    init(_ raw: [String: Any]) { self.raw = raw }

    subscript(key: String) -> JSONObject? {
        (raw[key] as? [String: Any]).map(JSONObject.init)
    }

    func string(_ key: String) -> String? { raw[key] as? String }
    func int(_ key: String) -> Int? { (raw[key] as? NSNumber)?.intValue }
    func bool(_ key: String) -> Bool? { (raw[key] as? NSNumber)?.boolValue }
    func array(_ key: String) -> [JSONObject]? {
        (raw[key] as? [Any])?.compactMap { ($0 as? [String: Any]).map(JSONObject.init) }
    }
    func has(_ key: String) -> Bool { raw[key] != nil && !(raw[key] is NSNull) }
}

enum JSONBody {
    static func encode(_ object: [String: Any]) throws -> Data {
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    static func preview(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count > 200 ? String(flat.prefix(200)) + "…" : flat
    }
}

extension ModelError {
    /// Recognises the "context length exceeded" messages of OpenAI, llama.cpp, vLLM and Anthropic
    /// and pulls the token counts out of them.
    static func contextOverflow(from message: String) -> ModelError? {
        let lower = message.lowercased()
        let markers = [
            "maximum context length", "context length", "exceed context window", "context window",
            "prompt is too long", "too many tokens", "exceeds the context", "exceeds the available context size",
        ]
        guard markers.contains(where: lower.contains) else { return nil }
        let numbers = message.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        var prompt: Int?
        var limit: Int?
        if lower.contains("requested tokens"), numbers.count >= 2 {
            // llama-cpp-python: "Requested tokens (9000) exceed context window of 8192"
            prompt = numbers[0]
            limit = numbers[1]
        } else if lower.contains("maximum context length"), numbers.count >= 2 {
            // OpenAI/vLLM/llama-cpp-python: "maximum context length is 8192 tokens. However, you
            // requested 9000 tokens (8000 in the messages, 1000 in the completion)"
            limit = numbers[0]
            prompt = lower.contains("in the messages") && numbers.count >= 3 ? numbers[2] : numbers[1]
        } else if lower.contains("exceeds the available context size"), numbers.count >= 2 {
            // llama-server: "request (1493 tokens) exceeds the available context size (512 tokens), try increasing it"
            prompt = numbers[0]
            limit = numbers[1]
        } else if lower.contains("prompt is too long"), numbers.count >= 2 {
            // Anthropic: "prompt is too long: 210000 tokens > 200000 maximum"
            prompt = numbers[0]
            limit = numbers[1]
        }
        return .contextLengthExceeded(promptTokens: prompt, limit: limit, detail: JSONBody.preview(message))
    }
}
