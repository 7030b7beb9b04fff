import ArgumentParser
import Foundation
import KilnModels
import KilnPipeline
import KilnPrompts
import KilnSystem
import KilnValidation

/// Kiln's exit codes (documented in the README).
enum KilnExit {
    /// The generated code did not pass its checks, or the model wrote no code at all.
    static let checksFailed: Int32 = 1
    /// Bad input: configuration, spec or file.
    static let badInput: Int32 = 2
    /// The model server failed: unreachable, timed out, died mid-stream, rejected the request.
    static let modelFailed: Int32 = 3
    /// Kiln's local runtime could not be set up (install, download, hash, server start).
    static let runtimeFailed: Int32 = 4
    /// Writing the output failed or would overwrite a file without --force.
    static let outputFailed: Int32 = 5

    static func code(for error: Error) -> Int32 {
        switch error {
        case let error as ModelError:
            switch error {
            case .configuration: return badInput
            case .runtime: return runtimeFailed
            case .contextLengthExceeded: return badInput
            default: return modelFailed
            }
        case let error as SystemError:
            switch error {
            case .fileExists, .writeFailed: return outputFailed
            case .fileMissing: return badInput
            case .launchFailed, .lockFailed: return runtimeFailed
            }
        case is GenerationError: return checksFailed
        case is TemplateError: return badInput
        case is KilnValidation.ValidationError: return runtimeFailed
        default: return runtimeFailed
        }
    }
}

/// Prints `error` the way Kiln prints every error and turns it into the matching exit code.
/// With `json`, stdout also gets `{"status": "error", "error": ..., "exit_code": ...}` so a
/// script reading stdout always gets one JSON object.
func fail(_ error: Error, progress: ProgressReporter, json: Bool) -> ExitCode {
    progress.clear()
    if error is CancellationError { return ExitCode(130) }
    let code = KilnExit.code(for: error)
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
