import ArgumentParser
import Foundation
import KilnCore
import KilnPipeline
import KilnSystem
import KilnValidation

extension Kiln {
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The CI gate: security, secrets, imports and lint findings over files or a git diff.",
            discussion: """
                Runs the static checks of the language's toolchain (linters, security rules, the
                hallucinated-import firewall), the secret scanner and the licence matcher, without running any
                code. Exits 1 when a finding reaches --fail-on. --with adds an optional scanner of the
                toolchain (\(LanguageToolchains.optionalScannerSummary)), for checks the default ones lack,
                at many times the cost.

                Examples:
                  kiln check src/
                  kiln check . --diff origin/main --format sarif > kiln.sarif
                  kiln check app.py --format json --fail-on warning
                  kiln check src/ --baseline .kiln/baseline.json --update-baseline   (accept today's findings)
                  kiln check src/ --baseline .kiln/baseline.json                     (gate only new ones)
                  kiln check src/ --with \(LanguageToolchains.optionalScannerExample)
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, sarif, junit }

        @Argument(help: "Files or directories to check (directories are searched for .py files).")
        var paths: [String] = ["."]

        @Option(
            name: .long, help: ArgumentHelp("Only report findings on lines changed since this git revision.", valueName: "base"))
        var diff: String?

        @Option(name: .long, help: "Output format: text, json, sarif or junit.")
        var format: Format = .text

        @Option(name: .customLong("fail-on"), help: "Lowest severity that fails the check: error, warning or info.")
        var failOn: Finding.Severity = .error

        @Option(
            name: .customLong("with"),
            help: ArgumentHelp(
                "Also run an optional scanner (\(LanguageToolchains.optionalScannerSummary)). Repeatable.", valueName: "scanner"))
        var scanners: [String] = []

        @Option(
            name: .long,
            help: ArgumentHelp("Report only findings this baseline of accepted ones does not hold.", valueName: "file"))
        var baseline: String?

        @Flag(name: .customLong("update-baseline"), help: "Write --baseline from this run's findings first.")
        var updateBaseline = false

        @Flag(name: .customLong("online-imports"), help: "Look unknown imports up on PyPI (sends their names to the registry).")
        var onlineImports = false

        func run() async throws {
            let progress = ProgressReporter.fromEnvironment()
            try await runReportingErrors(progress: progress, json: format == .json) {
                let workbench = try Workbench.current(progress: progress)
                let outcome = try await CheckService(workbench: workbench).check(
                    .init(
                        paths: paths, diffBase: diff,
                        scan: ProjectScanOptions(
                            extraScanners: Set(scanners), onlineLookup: onlineImports ? Workbench.registryLookup : nil),
                        baseline: baseline, updatesBaseline: updateBaseline),
                    toolVersion: Kiln.configuration.version)
                let report = outcome.report
                if outcome.acceptedByBaseline > 0 {
                    progress.line("kiln: \(outcome.acceptedByBaseline) findings accepted by the baseline are not shown")
                }
                switch format {
                case .text: FileHandle.standardOutput.write(Data(report.text().utf8))
                case .json: FileHandle.standardOutput.write(try report.json() + Data("\n".utf8))
                case .sarif: FileHandle.standardOutput.write(try report.sarif() + Data("\n".utf8))
                case .junit: FileHandle.standardOutput.write(Data(report.junit(failOn: failOn).utf8))
                }
                if !report.reaching(failOn).isEmpty { throw ExitCode(KilnExit.checksFailed) }
            }
        }
    }
}

extension Finding.Severity: ExpressibleByArgument {}
