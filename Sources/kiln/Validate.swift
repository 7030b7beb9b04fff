import ArgumentParser
import Foundation
import KilnCore
import KilnPipeline
import KilnSystem

extension Kiln {
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every validator on an existing source file; tests and examples run in the sandbox.",
            discussion: """
                Examples:
                  kiln validate stats.py
                  kiln validate stats.py --tests test_stats.py --json
                """)

        @Argument(help: "The source file to validate.")
        var file: String

        @Option(name: .long, help: ArgumentHelp("A test file to run against FILE. Repeatable.", valueName: "test.py"))
        var tests: [String] = []

        @Flag(name: .long, help: "Print the result as one JSON object.")
        var json = false

        @Flag(name: .customLong("online-imports"), help: "Look unknown imports up on PyPI (sends their names to the registry).")
        var onlineImports = false

        func run() async throws {
            let progress = ProgressReporter.fromEnvironment()
            try await runReportingErrors(progress: progress, json: json) {
                let workbench = try Workbench.current(progress: progress)
                let report = try await FileValidationService(workbench: workbench).validate(
                    file: file, tests: tests, onlineImports: onlineImports)
                if json {
                    try JSONOutput.print(report)
                } else {
                    let findings = FindingReport(
                        findings: report.findings, files: [file], toolVersion: Kiln.configuration.version)
                    FileHandle.standardOutput.write(Data(findings.text().utf8))
                    let passed = report.tests.filter { $0.outcome == .passed }.count
                    if !report.tests.isEmpty { print("tests: \(passed) passed, \(report.tests.count - passed) failed") }
                }
                if !report.passed { throw ExitCode(KilnExit.checksFailed) }
            }
        }
    }
}
