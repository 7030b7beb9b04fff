import Foundation
import KilnCore
import KilnValidation
import Testing

@Suite("Behaviour probes in the sandbox", .serialized, .enabled(if: TestPaths.python != nil))
struct BehaviourProbeTests {
    func probe(_ code: String, spec: String?) async throws -> [Finding] {
        let python = try #require(TestPaths.python)
        let helpers = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: helpers) }
        let toolchain = PythonToolchain(
            python: python, helperDirectory: helpers, facts: PythonEnvironmentFacts(version: "3.11", stdlib: [], modules: [:]))
        let context = ValidationContext(
            toolchain: toolchain, sandbox: Sandbox(isolation: await Sandbox.detect(), readablePaths: toolchain.sandboxReadablePaths),
            projectRoot: helpers, spec: spec, limits: SandboxLimits(wallTime: .seconds(30), cpuSeconds: 30))
        return try await BehaviourProbeValidator(toolchain: toolchain).validate(SourceFile(path: "stats.py", code: code), context: context).findings
    }

    @Test func aMedianThatSortsItsArgumentInPlaceIsCaught() async throws {
        let code = """
            def median(numbers: list[float]) -> float:
                numbers.sort()
                n = len(numbers)
                mid = n // 2
                return numbers[mid] if n % 2 else (numbers[mid - 1] + numbers[mid]) / 2
            """
        let findings = try await probe(code, spec: nil)
        #expect(findings.map(\.rule) == ["probes/mutates-argument"])
        #expect(findings.first?.message.contains("`numbers`") == true)
    }

    @Test func theCopyingVersionIsClean() async throws {
        let code = """
            def median(numbers: list[float]) -> float:
                if not numbers:
                    raise ValueError("empty")
                ordered = sorted(numbers)
                n = len(ordered)
                mid = n // 2
                return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2
            """
        #expect(try await probe(code, spec: "takes a list of numbers; an empty list raises ValueError").isEmpty)
    }

    @Test func anEdgeCaseTheSpecNamesIsChecked() async throws {
        let code = """
            def median(numbers: list[float]) -> float | None:
                if not numbers:
                    return None
                ordered = sorted(numbers)
                return ordered[len(ordered) // 2]
            """
        let findings = try await probe(code, spec: "returns the median. An empty list raises ValueError.")
        #expect(findings.map(\.rule) == ["probes/edge-case"])
        #expect(findings.first?.message.contains("raises ValueError") == true)
        #expect(findings.first?.message.contains("returned None") == true)
    }

    @Test func aCrashOnAnInputTheSpecSaysIsHandledIsCaught() async throws {
        let code = """
            def average(values: list[float]) -> float:
                return sum(values) / len(values)
            """
        let findings = try await probe(code, spec: "returns the mean of the values and handles empty lists")
        #expect(findings.first?.rule == "probes/edge-case")
        #expect(findings.first?.message.contains("ZeroDivisionError") == true)
    }

    @Test func aFunctionThatEndsTheProcessIsAnErrorAndSysExitIsAnException() async throws {
        let ends = "import os\n\n\ndef average(values: list[float]) -> float:\n    os._exit(0)\n"
        let findings = try await probe(ends, spec: nil)
        #expect(findings.map(\.rule) == ["probes/ended-process"])
        // sys.exit raises SystemExit: caught like an exception, and ending the caller is not handling.
        let exits = "import sys\n\n\ndef average(values: list[float]) -> float:\n    sys.exit(1)\n"
        let checked = try await probe(exits, spec: "returns the mean of the values and handles empty lists")
        #expect(checked.first?.rule == "probes/edge-case")
        #expect(checked.first?.message.contains("SystemExit") == true)
        // A module that does not import is left to the tests validator, which shows the traceback.
        #expect(try await probe("import os\n\nos._exit(3)\n", spec: nil).isEmpty)
        #expect(try await probe("raise ImportError('no')\n", spec: nil).isEmpty)
    }

    @Test func hiddenRandomnessIsAWarning() async throws {
        let code = """
            import random


            def pick(items: list[int]) -> int:
                return random.choice(items) + random.randint(0, 10**6)
            """
        let findings = try await probe(code, spec: nil)
        #expect(findings.map(\.rule) == ["probes/nondeterministic"])
    }

    @Test func quadraticGrowthIsReportedWhenTheSpecStatesLargeInputs() async throws {
        let code = """
            def count_duplicates(values: list[int]) -> int:
                seen = []
                duplicates = 0
                for value in values:
                    if value in seen:
                        duplicates += 1
                    else:
                        seen.append(value)
                return duplicates
            """
        // The probe's values come from a small range, so `seen` stays small; use distinct values instead.
        let distinct = code.replacingOccurrences(
            of: "for value in values:", with: "for index, value in enumerate(values):\n        value = index")
        let findings = try await probe(distinct, spec: "counts duplicates in a list of up to 100000 numbers")
        #expect(findings.map(\.rule) == ["probes/superlinear"])
    }

    @Test func specEdgeCasesAreReadFromPlainWords() {
        #expect(
            SpecEdgeCase.parse("takes a list of numbers, returns the median, handles empty lists")
                == [SpecEdgeCase(input: .empty, expectation: .handled)])
        #expect(
            SpecEdgeCase.parse("Returns None for an empty list. Negative numbers raise ValueError.")
                == [
                    SpecEdgeCase(input: .empty, expectation: .returns("None")),
                    SpecEdgeCase(input: .negative, expectation: .raises("ValueError")),
                ])
        #expect(SpecEdgeCase.statedInputSize("sorts up to 1,000,000 records") == 1_000_000)
        #expect(SpecEdgeCase.statedInputSize("with 10^5 elements") == 100_000)
        #expect(SpecEdgeCase.statedInputSize("adds two numbers") == nil)
    }
}
