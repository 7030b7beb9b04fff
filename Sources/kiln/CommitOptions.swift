import ArgumentParser
import KilnPipeline

/// `--commit` and its company, on every `gen` command.
struct CommitOptions: ParsableArguments {
    enum Branch: String, ExpressibleByArgument, CaseIterable { case new, current }

    @Flag(
        name: .long,
        help: "Commit the written files and their provenance record (git), on a new branch kiln/<slug> unless --branch current.")
    var commit = false

    @Flag(name: .customLong("no-commit"), help: "Do not commit, even where the configuration says commit = true.")
    var noCommit = false

    @Option(name: .long, help: "With --commit: a new branch kiln/<slug> (new, the default) or the current one (current).")
    var branch: Branch = .new

    @Flag(name: .customLong("co-author"), help: "With --commit: add a Co-authored-by: Kiln trailer.")
    var coAuthor = false

    func validate() throws {
        if commit && noCommit { throw ValidationError("--commit and --no-commit exclude each other") }
    }

    /// Sets the request's commit choice.
    func apply(to request: GenerationRequest) -> GenerationRequest {
        var request = request
        request.followsCommitSetting = !noCommit
        request.commitPreferences = CommitRequest(newBranch: branch == .new, coAuthor: coAuthor)
        if commit { request.commit = request.commitPreferences }
        return request
    }
}
