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
        // Docstring examples are read as their writer meant them (`f(x) == y` with no output
        // line, `"21"` for '21'): see doctest_reading.py.
        if doctests {
            try Data(PythonHelperSource.doctestReading.utf8).write(to: scratch.appendingPathComponent("\(Self.doctestPlugin).py"))
        }
        let process = try await sandbox.run(
            [python.path, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--continue-on-collection-errors"]
                + (doctests ? ["--doctest-modules", "-p", Self.doctestPlugin] : [])
                + ["--junitxml=/work/.kiln-junit.xml", "-o", "junit_family=xunit1", "--rootdir=/work"] + targets,
            scratch: scratch, environment: ["PYTHONPATH": pythonPath], limits: limits)
        // Status 5 is pytest's own clear answer that it collected no tests.
        return TestRun(
            runner: "pytest", cases: JUnitReport.parse(report), process: process,
            reportWritten: FileManager.default.fileExists(atPath: report.path), noTestsStatuses: [5])
    }

    /// The module name the doctest plugin is written under, next to the code (on `/work`).
    static let doctestPlugin = "kiln_doctest_reading"

    public func runTests(_ targets: [String], in scratch: URL, sandbox: Sandbox, limits: SandboxLimits) async throws -> TestRun {
        try await runPytest(targets, in: scratch, sandbox: sandbox, limits: limits)
    }
}
