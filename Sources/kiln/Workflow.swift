import ArgumentParser
import Foundation
import KilnCore
import KilnSystem
import KilnValidation
import KilnWorkflow

extension Kiln {
    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Provenance records of generations (.kiln/records/ID.json).",
            subcommands: [Show.self])

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Print a record: the request, template, model, context, attempts, checks, files and review.",
                discussion: "Example:\n  kiln record show 20261130-011902-is-even")

            @Argument(help: "The record's id (or a prefix only it has).")
            var id: String

            func run() async throws {
                try await runReportingErrors(progress: ProgressReporter.fromEnvironment(), json: true) {
                    let record = try RecordStore(root: Workspace.current).load(id)
                    try JSONOutput.print(record)
                }
            }
        }
    }

    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Review generated changes: list, show, accept, reject (a rejection undoes the change).",
            subcommands: [List.self, Show.self, Accept.self, Reject.self])

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Generations waiting for review (--all: every one).")
            @Flag(name: .long, help: "Every record, reviewed or not.") var all = false
            @Flag(name: .long, help: "Print the list as JSON.") var json = false

            func run() async throws {
                try await runReportingErrors(progress: ProgressReporter.fromEnvironment(), json: json) {
                    let service = ReviewService(root: Workspace.current)
                    let records = all ? try service.store.all() : try service.pending()
                    if json { return try JSONOutput.print(["records": records]) }
                    if records.isEmpty { print(all ? "no records" : "nothing waiting for review") }
                    for record in records {
                        let what = record.request.spec ?? [record.request.target, record.request.source].compactMap { $0 }.joined(separator: " in ")
                        print(
                            "\(record.id)  \(record.review.state.rawValue)  \(record.status)  \(record.request.pattern)  \(record.outputs.map(\.path).joined(separator: ", "))  \(what.prefix(60))"
                        )
                    }
                }
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "The request, the checks and what nothing checked, and the change.")
            @Argument(help: "The record's id (or a prefix only it has).") var id: String

            func run() async throws {
                try await runReportingErrors(progress: ProgressReporter.fromEnvironment()) {
                    let (record, change) = try await ReviewService(root: Workspace.current).show(id)
                    print(ReviewText.render(record, change: change))
                }
            }
        }

        struct Accept: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Accept a generation (recorded with who and when).")
            @Argument(help: "The record's id (or a prefix only it has).") var id: String

            func run() async throws {
                try await runReportingErrors(progress: ProgressReporter.fromEnvironment()) {
                    let record = try await ReviewService(root: Workspace.current).accept(id)
                    print("accepted \(record.id) (\(record.review.reviewer ?? "?"))")
                }
            }
        }

        struct Reject: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Reject a generation: its branch is deleted or its commit reverted; nothing else is touched.")
            @Argument(help: "The record's id (or a prefix only it has).") var id: String
            @Option(name: .long, help: "Why (kiln stats counts the reasons).") var reason: String

            func run() async throws {
                try await runReportingErrors(progress: ProgressReporter.fromEnvironment()) {
                    let (record, undone) = try await ReviewService(root: Workspace.current).reject(id, reason: reason)
                    print("rejected \(record.id): \(undone)")
                }
            }
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Acceptance rate, rejection reasons, repair rounds and pass rates by template and model, from the records.")
        @Flag(name: .long, help: "Print the figures as JSON.") var json = false

        func run() async throws {
            try await runReportingErrors(progress: ProgressReporter.fromEnvironment(), json: json) {
                let stats = ReviewStats(records: try RecordStore(root: Workspace.current).all())
                if json { return try JSONOutput.print(stats) }
                print(ReviewText.render(stats))
            }
        }
    }

    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a repository up for Kiln: config, editable templates, a pre-commit hook, CI jobs (GitHub, GitLab).",
            discussion: "Existing files are kept unless --force (then replaced, the old one kept as .bak).")
        @Flag(name: .long, help: "Replace existing files (each kept as FILE.bak).") var force = false
        @Option(name: .long, help: "Language of the repository's code (python).") var lang = "python"

        func run() async throws {
            try await runReportingErrors(progress: ProgressReporter.fromEnvironment()) {
                let setup = ProjectSetup(
                    root: Workspace.current, templates: try LanguageToolchains.builtinTemplates(language: lang), language: lang)
                for outcome in try setup.write(force: force) {
                    let note = outcome.action == .kept ? "exists, kept (--force replaces it)" : outcome.action.rawValue
                    print("\(outcome.path): \(note) — \(outcome.purpose)")
                }
                print("next: pre-commit install (the hook), and set KILN_SOURCE for the CI jobs")
            }
        }
    }
}

enum Workspace {
    static var current: URL { URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true) }
}
