import ArgumentParser
import Foundation
import KilnCore
import KilnSystem

/// Kiln's exit codes (documented in the README): one per kind of failure, which every error carries.
enum KilnExit {
    static let checksFailed: Int32 = 1
    static let badInput: Int32 = 2
    static let modelFailed: Int32 = 3
    static let runtimeFailed: Int32 = 4
    static let outputFailed: Int32 = 5
    /// The code was written and passed every check that ran, but some of the spec's requirements
    /// were checked by nothing that ran (the result names them).
    static let unverified: Int32 = 6

    static func code(for kind: FailureKind) -> Int32 {
        switch kind {
        case .checksFailed: return checksFailed
        case .badInput: return badInput
        case .modelFailed: return modelFailed
        case .environmentFailed: return runtimeFailed
        case .outputFailed: return outputFailed
        }
    }
}

/// Prints `error` the way Kiln prints every error and turns it into the matching exit code.
/// With `json`, stdout also gets `{"status": "error", "error": ..., "exit_code": ...}` so a
/// script reading stdout always gets one JSON object.
func fail(_ error: Error, progress: ProgressReporter, json: Bool) -> ExitCode {
    progress.clear()
    if error is CancellationError { return ExitCode(130) }
    let code = KilnExit.code(for: error.failureKind)
    FileHandle.standardError.write(Data("kiln: error: \(error)\n".utf8))
    if json {
        try? JSONOutput.print(ErrorReport(status: "error", error: String(describing: error), exitCode: code))
    }
    return ExitCode(code)
}

struct ErrorReport: Encodable {
    var status: String
    var error: String
    var exitCode: Int32
}

/// Runs `body`, mapping Kiln's errors to a message on stderr and an exit code.
func runReportingErrors(progress: ProgressReporter, json: Bool = false, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        throw fail(error, progress: progress, json: json)
    }
}

enum JSONOutput {
    static func print<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let data = try encoder.encode(value)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}
