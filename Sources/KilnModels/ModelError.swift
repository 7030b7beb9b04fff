import Foundation
import KilnCore

/// Everything that can go wrong talking to a model. Each message says what failed and what the
/// user can do about it.
public enum ModelError: KilnError, Equatable {
    case unreachable(endpoint: String, reason: String)
    case timedOut(endpoint: String, seconds: Double, phase: String)
    case unauthorized(endpoint: String, keyVariable: String?)
    case modelNotFound(model: String, endpoint: String, detail: String)
    case contextLengthExceeded(promptTokens: Int?, limit: Int?, detail: String)
    case server(status: Int, endpoint: String, message: String)
    case streamInterrupted(endpoint: String, receivedCharacters: Int, reason: String)
    case malformedResponse(endpoint: String, detail: String)
    case unsupported(endpoint: String, feature: String)

    public var kind: FailureKind {
        switch self {
        case .contextLengthExceeded, .unsupported: return .badInput
        default: return .modelFailed
        }
    }

    public var description: String {
        switch self {
        case .unreachable(let endpoint, let reason):
            return
                "cannot reach the model server at \(endpoint) (\(reason)); check that it is running and the URL is right, or drop --endpoint to use Kiln's local model"
        case .timedOut(let endpoint, let seconds, let phase):
            return
                "the model server at \(endpoint) sent nothing for \(Self.format(seconds)) s while \(phase); it may be overloaded or stuck. Raise --timeout or try again"
        case .unauthorized(let endpoint, let keyVariable):
            let hint = keyVariable.map { "check the key in $\($0)" } ?? "set the API key"
            return "the model server at \(endpoint) rejected the API key; \(hint)"
        case .modelNotFound(let model, let endpoint, let detail):
            return "the server at \(endpoint) has no model named '\(model)' (\(detail)); list its models or pass another --model"
        case .contextLengthExceeded(let promptTokens, let limit, let detail):
            var counts = ""
            if let promptTokens, let limit {
                counts = ": the prompt needs \(promptTokens) tokens but the context holds \(limit)"
            } else if let limit {
                counts = ": the context holds \(limit) tokens"
            }
            return
                "the prompt does not fit the model's context\(counts) (\(detail)); shorten the spec or the --context files, or use a larger context size"
        case .server(let status, let endpoint, let message):
            return "the model server at \(endpoint) answered HTTP \(status): \(message)"
        case .streamInterrupted(let endpoint, let received, let reason):
            return
                "the model server at \(endpoint) stopped in the middle of its answer after \(received) characters (\(reason)); nothing was written. Run the command again; if it keeps happening, check the server's log"
        case .unsupported(let endpoint, let feature):
            return "the model server at \(endpoint) does not offer \(feature)"
        case .malformedResponse(let endpoint, let detail):
            return "the model server at \(endpoint) sent a reply Kiln cannot read: \(detail)"
        }
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
    }
}
