import Foundation
import KilnCore

/// Runs the generated functions on inputs made from their type hints, in the sandbox, and checks
/// what a reviewer would: that they leave their arguments alone (`numbers.sort()` inside a
/// median), give the same answer twice, do what the spec says on the edge inputs it names, and
/// do not grow faster than the input sizes the spec states allow.
public struct BehaviourProbeValidator: Validator {
    public let name = "probes"
    public let isStatic = false

    public let toolchain: PythonToolchain

    public init(toolchain: PythonToolchain) { self.toolchain = toolchain }

    struct Configuration: Encodable {
        var module: String
        var edges: [Edge]
        var growthMax: Int?
        /// Printed once the module has imported, so a run that stops later is told apart from
        /// an import failure (which the tests validator reports with its traceback).
        var importedMarker = "kiln-probe-imported-\(UUID().uuidString)"

        struct Edge: Encodable {
            var input: String
            var kind: String
            var value: String?
        }

        enum CodingKeys: String, CodingKey {
            case module, edges
            case growthMax = "growth_max"
            case importedMarker = "imported_marker"
        }
    }

    struct FunctionReport: Decodable {
        struct EdgeResult: Decodable {
            var input: String
            var call: String
            var expected: String
            var observed: String
            var ok: Bool
        }

        struct Growth: Decodable {
            var sizes: [Int]
            var seconds: [Double]
            var exponent: Double
        }

        var function: String
        var skipped: String?
        var mutates: [String]?
        var nondeterministic: Bool?
        var edges: [EdgeResult]?
        var growth: Growth?
    }

    public func validate(_ file: SourceFile, context: ValidationContext) async throws -> ValidatorReport {
        let started = ContinuousClock.now
        guard let sandbox = context.sandbox else { return ValidatorReport(validator: name) }
        let edges = context.spec.map(SpecEdgeCase.parse) ?? []
        let statedSize = context.spec.flatMap(SpecEdgeCase.statedInputSize)
        let configuration = Configuration(
            module: file.moduleName,
            edges: edges.map { edge in
                switch edge.expectation {
                case .raises(let exception): return .init(input: edge.input.rawValue, kind: "raises", value: exception)
                case .returns(let value): return .init(input: edge.input.rawValue, kind: "returns", value: value)
                case .handled: return .init(input: edge.input.rawValue, kind: "handled", value: nil)
                }
            },
            growthMax: statedSize)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-probe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try Data(file.code.utf8).write(to: scratch.appendingPathComponent("\(file.moduleName).py"))
        try Data(PythonHelperSource.probes.utf8).write(to: scratch.appendingPathComponent("kiln_probe.py"))
        let result = try await sandbox.run(
            [toolchain.python.path, "kiln_probe.py"], scratch: scratch, input: try JSONEncoder().encode(configuration),
            environment: ["PYTHONPATH": "/work"], limits: context.limits)
        if let limit = result.limitFinding(subject: "calling the generated functions on sample inputs") {
            return ValidatorReport(
                validator: name,
                findings: [
                    Finding(
                        rule: "probes/\(limit.rule)", category: .correctness, severity: .error, path: file.path,
                        message: limit.message,
                        fixHint: limit.fixHint)
                ], seconds: (ContinuousClock.now - started).seconds)
        }
        guard let line = result.stdout.split(separator: "\n").last,
            let reports = try? JSONDecoder().decode([FunctionReport].self, from: Data(line.utf8))
        else {
            guard result.stdout.contains(configuration.importedMarker) else {
                // The module failed to import; the tests validator reports that with its traceback.
                return ValidatorReport(validator: name, seconds: (ContinuousClock.now - started).seconds)
            }
            // It imported, then a call ended the whole process (os._exit, a signal) before any
            // result: nothing about its behaviour was shown, and a caller would lose its process.
            return ValidatorReport(
                validator: name,
                findings: [
                    Finding(
                        rule: "probes/ended-process", category: .correctness, severity: .error, path: file.path,
                        message:
                            "calling the generated functions on sample inputs ended the whole process (exit status \(result.status)) instead of returning or raising",
                        fixHint: "return a value or raise an exception; never call os._exit or kill the process")
                ], seconds: (ContinuousClock.now - started).seconds)
        }
        var findings: [Finding] = []
        // Each edge case and the growth measurement is also a case, so a requirement can name
        // what checked it.
        var cases: [TestCaseResult] = []
        for report in reports {
            for edge in report.edges ?? [] {
                let input = SpecEdgeCase.Input(rawValue: edge.input)
                cases.append(
                    TestCaseResult(
                        name: input?.probeCaseName ?? "probe_edge_\(edge.input)", file: report.function,
                        outcome: edge.ok ? .passed : .failed,
                        message: edge.ok ? nil : "`\(edge.call)` \(edge.observed); the spec says it \(edge.expected)"))
            }
            if let growth = report.growth {
                cases.append(
                    TestCaseResult(
                        name: SpecEdgeCase.growthCaseName, file: report.function, outcome: growth.exponent > 1.5 ? .failed : .passed,
                        message: String(format: "time grows like n^%.1f", growth.exponent)))
            }
            for parameter in report.mutates ?? [] {
                findings.append(
                    Finding(
                        rule: "probes/mutates-argument", category: .correctness, severity: .error, path: file.path,
                        message:
                            "`\(report.function)` changes its argument `\(parameter)` in place: the caller's value is different after the call",
                        fixHint: "work on a copy (e.g. sorted(\(parameter)) instead of \(parameter).sort())"))
            }
            if report.nondeterministic == true {
                findings.append(
                    Finding(
                        rule: "probes/nondeterministic", category: .correctness, severity: .warning, path: file.path,
                        message: "`\(report.function)` returned different results for the same input",
                        fixHint: "remove hidden state or randomness, or document it"))
            }
            for edge in report.edges ?? [] where !edge.ok {
                findings.append(
                    Finding(
                        rule: "probes/edge-case", category: .correctness, severity: .error, path: file.path,
                        message: "the spec says \(edge.input) input \(edge.expected), but `\(edge.call)` \(edge.observed)",
                        fixHint: "handle the \(edge.input) input exactly as the spec states"))
            }
            if let growth = report.growth, growth.exponent > 1.5 {
                let timings = zip(growth.sizes, growth.seconds).map { "n=\($0): \(String(format: "%.3f", $1)) s" }.joined(
                    separator: ", ")
                findings.append(
                    Finding(
                        rule: "probes/superlinear", category: .correctness, severity: .error, path: file.path,
                        message:
                            "`\(report.function)` time grows like n^\(String(format: "%.1f", growth.exponent)) (\(timings)); measured up to n=\(growth.sizes.last ?? 0), and the spec promises inputs of \(statedSize ?? 0)",
                        fixHint: "use an algorithm that scales (sorting, a dict or set instead of nested loops)"))
            }
        }
        return ValidatorReport(
            validator: name, findings: findings, tests: cases, seconds: (ContinuousClock.now - started).seconds)
    }
}
