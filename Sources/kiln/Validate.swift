import ArgumentParser
import Foundation
import KilnCore
import KilnSystem
import KilnValidation

extension Kiln {
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every validator on an existing Python file; tests and examples run in the sandbox.",
            discussion: """
                Examples:
                  kiln validate stats.py
                  kiln validate stats.py --tests test_stats.py --json
                """)

        @Argument(help: "The Python file to validate.")
        var file: String

        @Option(name: .long, help: ArgumentHelp("A pytest file to run against FILE. Repeatable.", valueName: "test.py"))
        var tests: [String] = []

        @Flag(name: .long, help: "Print the result as one JSON object.")
        var json = false

        @Flag(name: .customLong("online-imports"), help: "Look unknown imports up on PyPI (sends their names to the registry).")
        var onlineImports = false

        func run() async throws {
            let progress = ProgressReporter.fromEnvironment()
            try await runReportingErrors(progress: progress, json: json) {
                let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
                let url = URL(fileURLWithPath: file, relativeTo: root).standardizedFileURL
                guard let code = try? String(contentsOf: url, encoding: .utf8) else { throw SystemError.fileMissing(url.path) }
                let testFiles = try tests.map { path -> SourceFile in
                    let testURL = URL(fileURLWithPath: path, relativeTo: root).standardizedFileURL
                    guard let text = try? String(contentsOf: testURL, encoding: .utf8) else {
                        throw SystemError.fileMissing(testURL.path)
                    }
                    return SourceFile(path: path, code: text)
                }
                let support = try await ValidationSupport.make(progress: progress, root: root, needsSandbox: true)
                let context = ValidationContext(
                    toolchain: support.toolchain, sandbox: support.sandbox, projectRoot: root, environment: support.environment,
                    project: support.project, tests: testFiles, licenseIndex: support.licenseIndex,
                    onlineLookup: onlineImports ? ValidationSupport.pypiLookup : nil)
                progress.status("kiln: validating \(file)…")
                // Fixes are reported, never applied to the user's file here.
                let suite = ValidationSuite(validators: [
                    ImportsValidator(), SecretsValidator(), LicenseValidator(), RuffValidator(applyFixes: false),
                    BanditValidator(), TestsValidator(), BehaviourProbeValidator(),
                ])
                let outcome = try await suite.run(SourceFile(path: file, code: code), context: context)
                progress.clear()
                if json {
                    try JSONOutput.print(
                        ValidateReport(
                            file: file, passed: outcome.passed, checks: outcome.checks, findings: outcome.findings,
                            tests: outcome.tests, isolation: support.sandbox?.isolation.rawValue))
                } else {
                    let report = FindingReport(findings: outcome.findings, files: [file], toolVersion: Kiln.configuration.version)
                    FileHandle.standardOutput.write(Data(report.text().utf8))
                    let passed = outcome.tests.filter { $0.outcome == .passed }.count
                    if !outcome.tests.isEmpty {
                        print("tests: \(passed) passed, \(outcome.tests.count - passed) failed")
                    }
                }
                if !outcome.passed { throw ExitCode(KilnExit.checksFailed) }
            }
        }
    }
}

struct ValidateReport: Encodable {
    var file: String
    var passed: Bool
    var checks: [String]
    var findings: [Finding]
    var tests: [TestCaseResult]
    var isolation: String?
}
