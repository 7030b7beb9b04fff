import Foundation
import KilnCore
import KilnSystem
import KilnValidation
import Testing

/// The tests validator reads pytest's report; a program that ends pytest before the report is
/// written must not pass for want of failures.
@Suite("Running a candidate's tests and examples")
struct TestsValidatorTests {
    func validate(_ code: String, spec: String) async throws -> ValidatorReport {
        let toolchain = try await KilnEnvironment.toolchain()
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let context = ValidationContext(
            toolchain: toolchain, sandbox: Sandbox(isolation: await Sandbox.detect(), readablePaths: toolchain.sandboxReadablePaths),
            projectRoot: root,
            spec: spec)
        return try await TestsValidator(toolchain: toolchain).validate(SourceFile(path: "calc.py", code: code), context: context)
    }

    static let spec = "a function named double that takes an int x and returns 2 * x as an int; double(2) == 4"

    @Test func aCorrectFunctionPassesItsExample() async throws {
        let report = try await validate("def double(x: int) -> int:\n    return 2 * x\n", spec: Self.spec)
        #expect(report.findings.isEmpty, "\(report.findings.map(\.message))")
        #expect(report.tests.map(\.outcome) == [.passed])
    }

    @Test(arguments: [
        // Ends the process while pytest imports it.
        "import os\n\nos._exit(0)\n\n\ndef double(x: int) -> int:\n    return 0\n",
        // Ends it from inside the call the example makes.
        "import os\n\n\ndef double(x: int) -> int:\n    os._exit(0)\n",
    ])
    func codeThatEndsTheRunBeforeAnyResultFails(code: String) async throws {
        let report = try await validate(code, spec: Self.spec)
        #expect(report.tests.isEmpty)
        let finding = try #require(report.findings.first { $0.rule == "tests/collection-error" })
        #expect(finding.severity == .error)
        #expect(finding.message.contains("before writing its report"), "\(finding.message)")
    }

    /// HumanEval/51's docstring holds `"abcdef\nghijklm"` in a docstring that is not raw: the `\n`
    /// becomes a line break, doctest cannot parse the docstring and pytest fails the module's
    /// doctest collection. Correct code was failed for it, five times over, and "repaired".
    @Test func aDocstringDoctestCannotReadIsReportedAsNotRunNotAsAFailure() async throws {
        let code = #"""
            def double(x: int) -> int:
                """Doubles x.

                >>> double(len("ab\ncd"))
                10
                """
                return 2 * x

            """#
        let report = try await validate(code, spec: Self.spec)
        #expect(!report.findings.contains { $0.severity == .error }, "\(report.findings.map(\.message))")
        let finding = try #require(report.findings.first { $0.rule == "tests/doctest-unreadable" })
        #expect(finding.severity == .warning)
        #expect(finding.message.contains("inconsistent leading whitespace"), "\(finding.message)")
        #expect(report.tests.filter { $0.outcome == .passed }.map(\.name) == ["test_spec_example_1"], "\(report.tests)")
        #expect(report.tests.contains { $0.outcome == .skipped })
    }

    /// Whatever else a collection failure was (here an import error), its reason is read out of
    /// pytest's report and it stays a failure.
    @Test func aModuleThatCannotBeImportedFailsWithItsReason() async throws {
        let report = try await validate("import kiln_no_such_module\n\n\ndef double(x: int) -> int:\n    return 2 * x\n", spec: Self.spec)
        #expect(report.findings.contains { $0.severity == .error && $0.message.contains("No module named 'kiln_no_such_module'") },
            "\(report.findings.map(\.message))")
        #expect(!report.findings.contains { $0.rule == "tests/doctest-unreadable" })
    }
}
