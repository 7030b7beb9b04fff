import ArgumentParser

/// Reports a generation writes besides its usual output.
struct ReportOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Also write the outcome as SARIF 2.1.0 to FILE: the findings, and one result per requirement (pass, review when nothing checked it, fail); the status is in the run's properties.",
            valueName: "FILE"))
    var sarif: String?
}
