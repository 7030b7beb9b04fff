import Foundation
import KilnCore

/// Failures of Kiln's own I/O: files, locks, child processes.
public enum SystemError: KilnError {
    case launchFailed(String, String)
    case fileExists(String)
    case fileMissing(String)
    case writeFailed(String, String)
    case lockFailed(String, String)

    public var kind: FailureKind {
        switch self {
        case .fileExists, .writeFailed: return .outputFailed
        case .fileMissing: return .badInput
        case .launchFailed, .lockFailed: return .environmentFailed
        }
    }

    public var description: String {
        switch self {
        case .launchFailed(let program, let reason):
            return "could not start \(program): \(reason)"
        case .fileExists(let path):
            return "\(path) already exists; pass --force to replace it (the old file is kept as a .bak copy)"
        case .fileMissing(let path):
            return "no such file: \(path)"
        case .writeFailed(let path, let reason):
            return "could not write \(path): \(reason); the previous contents are untouched"
        case .lockFailed(let path, let reason):
            return "could not lock \(path): \(reason)"
        }
    }
}
