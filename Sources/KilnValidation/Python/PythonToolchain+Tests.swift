import Foundation
import KilnCore

extension PythonToolchain {
    /// Runs pytest on `targets` (paths relative to `scratch`, which is mounted at `/work`), with
    /// its JUnit report read back per test case. `doctests` adds the modules' docstring examples.
    /// A file that cannot be collected is reported as an error and the rest still run: one bad
    /// test file, or a docstring doctest cannot parse, must not hide every other result.
    public func runPytest(
        _ targets: [String], in scratch: URL, sandbox: Sandbox, pythonPath: String = "/work:/work/src", doctests: Bool = false,
        limits: SandboxLimits = SandboxLimits()
    ) async throws -> TestRun {
        let report = scratch.appendingPathComponent(".kiln-junit.xml")
        try? FileManager.default.removeItem(at: report)
        let process = try await sandbox.run(
            [python.path, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--continue-on-collection-errors"] + (doctests ? ["--doctest-modules"] : [])
                + ["--junitxml=/work/.kiln-junit.xml", "-o", "junit_family=xunit1", "--rootdir=/work"] + targets,
            scratch: scratch, environment: ["PYTHONPATH": pythonPath], limits: limits)
        // Status 5 is pytest's own clear answer that it collected no tests.
        return TestRun(
            runner: "pytest", cases: JUnitReport.parse(report), process: process,
            reportWritten: FileManager.default.fileExists(atPath: report.path), noTestsStatuses: [5])
    }

    public func runTests(_ targets: [String], in scratch: URL, sandbox: Sandbox, limits: SandboxLimits) async throws -> TestRun {
        try await runPytest(targets, in: scratch, sandbox: sandbox, limits: limits)
    }
}
