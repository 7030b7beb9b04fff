/// What kind of failure an error is. Front ends decide what each kind becomes: the command line
/// maps it to an exit code, an editor or agent server to its own error reply.
public enum FailureKind: String, Sendable, Codable, CaseIterable {
    /// The code did not pass its checks, or the model wrote no usable code.
    case checksFailed
    /// The request itself is wrong: a flag, a spec, a configuration value, a missing input file.
    case badInput
    /// The model server failed: unreachable, timed out, died mid-stream, rejected the request.
    case modelFailed
    /// Kiln's own environment could not do its part: installing, the sandbox, a tool, the runtime.
    case environmentFailed
    /// The result could not be written, or writing it would replace a file without permission.
    case outputFailed
}

/// An error that knows what kind of failure it is (the way an HTTP error carries its status),
/// so no front end has to switch over concrete error types.
public protocol KilnError: Error, CustomStringConvertible, Sendable {
    var kind: FailureKind { get }
}

/// A request Kiln cannot act on. The message says what to send instead.
public struct InputError: KilnError, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var kind: FailureKind { .badInput }
    public var description: String { message }
}

/// Kiln's environment (a tool, the sandbox, a repository it needs) cannot do its part. Never a
/// verdict on the code; the message names the fix.
public struct EnvironmentError: KilnError, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var kind: FailureKind { .environmentFailed }
    public var description: String { message }
}

extension Error {
    /// The kind of failure this error is; errors that do not say count as Kiln's environment failing.
    public var failureKind: FailureKind { (self as? any KilnError)?.kind ?? .environmentFailed }
}
