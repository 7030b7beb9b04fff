import ArgumentParser
import Foundation
import KilnPipeline

extension Kiln.Gen {
    struct Tests: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a test file for a module's public functions; it is kept only if it passes against the module.",
            discussion: """
                The tests must cover every public function (normal cases, boundaries, errors) and pass against
                SRC in the sandbox. A test that still fails after the repair rounds is reported as a possible bug
                in SRC or a wrong test; when the other tests pass it is kept in the file marked
                as an expected failure with the failure as the reason (--no-xfail writes nothing instead).

                Examples:
                  kiln gen tests mathutils.py --out test_mathutils.py
                  kiln gen tests stats.py --json
                """)

        @Argument(help: "The module to test.")
        var source: String

        @Option(
            name: .long, help: ArgumentHelp("Write the test file here (atomically) instead of printing it.", valueName: "file"))
        var out: String?

        @Flag(name: .long, help: "Replace an existing --out file (the old one is kept as .bak).")
        var force = false

        @Option(name: .customLong("max-repairs"), help: ArgumentHelp("Repair rounds per sample.", valueName: "k"))
        var maxRepairs = 2

        @Option(name: .long, help: ArgumentHelp("Independent samples when repairs do not succeed.", valueName: "n"))
        var samples = 1

        @Option(name: .customLong("template"), help: ArgumentHelp("Prompt template (default: tests).", valueName: "name"))
        var templateName = "tests"

        @Flag(
            name: .customLong("no-xfail"),
            help:
                "Write nothing unless every test passes (by default tests still failing after the repairs are kept, marked xfail with the failure, when the others pass)."
        )
        var noXfail = false

        @Flag(name: .long, help: "Print the result as one JSON object.")
        var json = false

        @OptionGroup var commitOptions: CommitOptions

        @OptionGroup var reportOptions: ReportOptions

        @OptionGroup var modelOptions: ModelOptions

        func run() async throws {
            try await runGeneration(
                commitOptions.apply(to: GenerationRequest(
                    task: .tests(source: source), output: out.map { .file($0, replace: force) } ?? .none,
                    options: GenerationOptions(
                        maxRepairs: maxRepairs, samples: samples, templateName: templateName, keepsExpectedFailures: !noXfail))),
                modelOptions: modelOptions, json: json, sarif: reportOptions.sarif)
        }
    }
}
