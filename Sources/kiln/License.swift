import ArgumentParser
import Foundation
import KilnPipeline
import KilnSystem

extension Kiln {
    struct License: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Keep licensed code out: index code whose licence you must not copy from.",
            discussion: """
                Generated code that shares enough winnowing fingerprints with an indexed file is a
                `license/snippet-match` finding (an error for copyleft licences, a warning otherwise) in
                gen, validate and check. The index is the repository's .kiln/license-index.json when it
                exists, else $KILN_HOME/license-index.json.

                Examples:
                  kiln license index vendor/gpl-lib --license GPL-3.0-only
                  kiln license index ~/src/acme-sdk --license Apache-2.0 --index .kiln/license-index.json
                  kiln license list
                """,
            subcommands: [Index.self, List.self])
    }
}

extension Kiln.License {
    struct Index: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fingerprint every source file under DIR as licensed under SPDX-ID.",
            discussion: "Example:\n  kiln license index third_party/somelib --license GPL-3.0-only")

        @Argument(help: "Directory (or file) of licensed code.")
        var directory: String

        @Option(
            name: .long, help: ArgumentHelp("The SPDX licence identifier of that code, e.g. GPL-3.0-only.", valueName: "spdx-id"))
        var license: String

        @Option(name: .long, help: ArgumentHelp("Index file to create or extend.", valueName: "file"))
        var index: String?

        @Flag(name: .long, help: "Print the result as JSON.")
        var json = false

        func validate() throws {
            guard license.range(of: #"^[A-Za-z0-9.+\-]+$"#, options: .regularExpression) != nil else {
                throw ValidationError("--license must be an SPDX identifier such as MIT, Apache-2.0 or GPL-3.0-only")
            }
        }

        func run() async throws {
            let progress = ProgressReporter.fromEnvironment()
            try await runReportingErrors(progress: progress, json: json) {
                let report = try LicenseIndexService(workbench: try Workbench.current(progress: progress))
                    .index(directory: directory, license: license, into: index)
                if json { return try JSONOutput.print(report) }
                print("indexed \(report.files) files (\(report.fingerprints) fingerprints) as \(license) into \(report.index)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the indexed files and their licences.", discussion: "Example:\n  kiln license list --json")

        @Flag(name: .long, help: "Print the list as JSON.")
        var json = false

        func run() async throws {
            let progress = ProgressReporter.fromEnvironment()
            try await runReportingErrors(progress: progress, json: json) {
                let report = try LicenseIndexService(workbench: try Workbench.current(progress: progress)).list()
                if json { return try JSONOutput.print(report) }
                guard !report.sources.isEmpty || FileManager.default.fileExists(atPath: report.index) else {
                    print("no licence index at \(report.index); build one with `kiln license index DIR --license SPDX-ID`")
                    return
                }
                print("\(report.index): \(report.sources.count) files")
                for source in report.sources { print("\(source.license)\t\(source.fingerprints)\t\(source.path)") }
            }
        }
    }
}
