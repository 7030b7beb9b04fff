import ArgumentParser
import Foundation
import KilnSystem
import KilnValidation

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
                let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
                let url =
                    index.map { URL(fileURLWithPath: $0, relativeTo: root).standardizedFileURL }
                    ?? LicenseValidator.indexURL(root: root, paths: KilnPaths.fromEnvironment())
                var licenseIndex = try LicenseIndex.load(url) ?? LicenseIndex()
                let base = URL(fileURLWithPath: directory, relativeTo: root).standardizedFileURL
                let files = try ProjectChecker.pythonFiles(in: [base])
                var fingerprints = 0
                for file in files {
                    guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
                    fingerprints += licenseIndex.add(path: file.path, source: text, license: license)
                }
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try licenseIndex.save(url)
                if json {
                    try JSONOutput.print(
                        IndexReport(index: url.path, files: files.count, fingerprints: fingerprints, license: license))
                } else {
                    print("indexed \(files.count) files (\(fingerprints) fingerprints) as \(license) into \(url.path)")
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the indexed files and their licences.", discussion: "Example:\n  kiln license list --json")

        @Flag(name: .long, help: "Print the list as JSON.")
        var json = false

        func run() async throws {
            let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            let url = LicenseValidator.indexURL(root: root, paths: KilnPaths.fromEnvironment())
            if json {
                try JSONOutput.print(ListReport(index: url.path, sources: try LicenseIndex.load(url)?.sources ?? []))
                return
            }
            guard let index = try LicenseIndex.load(url) else {
                print("no licence index at \(url.path); build one with `kiln license index DIR --license SPDX-ID`")
                return
            }
            print("\(url.path): \(index.sources.count) files")
            for source in index.sources { print("\(source.license)\t\(source.fingerprints)\t\(source.path)") }
        }
    }
}

struct IndexReport: Encodable {
    var index: String
    var files: Int
    var fingerprints: Int
    var license: String
}

struct ListReport: Encodable {
    var index: String
    var sources: [LicenseIndex.Source]
}
