import Foundation
import KilnCore

/// Runs the generated functions on inputs made from their type hints, in the sandbox, and checks
/// what a reviewer would: that they leave their arguments alone (`numbers.sort()` inside a
/// median), give the same answer twice, do what the spec says on the edge inputs it names, do
/// what their own docstrings claim there, do not reject with a `raise` of their own an input the
/// spec never excluded (variations of the spec's example inputs: zero, negatives, a float among
/// ints, empty containers, unequal lengths), do not grow faster than the input sizes the
/// spec states allow, and return lists in the order the spec states (`SpecResultOrder`).
public struct BehaviourProbeValidator: Validator {
    public let name = "probes"
    public let isStatic = false

    public let toolchain: PythonToolchain

    public init(toolchain: PythonToolchain) { self.toolchain = toolchain }

    struct Configuration: Encodable {
        var module: String
        var edges: [Edge]
        /// Edge cases each function's docstring claims, by function name.
        var claims: [String: [Edge]]
        /// The spec's examples with a stated result: their inputs are varied.
        var examples: [Example]
        var excludedMutations: [String]
        var allowedExceptions: [String]
        var growthMax: Int?
        /// The order the spec says results come in (`SpecResultOrder`), checked on every list or
        /// tuple the code returns.
        var resultOrder: String?
        /// Calls on the inputs the spec names as ones the function takes (`SpecReading.inputs`).
        var statedInputs: [String] = []
        /// Printed once the module has imported, so a run that stops later is told apart from
        /// an import failure (which the tests validator reports with its traceback).
        var importedMarker = "kiln-probe-imported-\(UUID().uuidString)"

        struct Edge: Encodable {
            var input: String
            var kind: String
            var value: String?
            var bounds: [Double]?
            /// A wrong type's required type and named parameter.
            var type: String?
            var parameter: String?
            /// An empty object's methods to call (`SpecEdgeCase.methods`).
            var methods: [String]?
            /// The case the result is reported as.
            var name: String

            init(_ edge: SpecEdgeCase) {
                name = edge.probeCaseName
                input = edge.input.rawValue
                bounds = edge.bounds
                type = edge.requiredType
                parameter = edge.parameter
                methods = edge.methods
                switch edge.expectation {
                case .raises(let exception): (kind, value) = ("raises", exception)
                case .returns(let result): (kind, value) = ("returns", result)
                case .handled: (kind, value) = ("handled", nil)
                }
            }
        }

        struct Example: Encodable {
            var function: String
            var call: String
            /// The result the spec states for it, in the language's literal syntax.
            var expected: String?
        }

        enum CodingKeys: String, CodingKey {
            case module, edges, claims, examples
            case excludedMutations = "excluded_mutations"
            case allowedExceptions = "allowed_exceptions"
            case growthMax = "growth_max"
            case resultOrder = "result_order"
            case importedMarker = "imported_marker"
            case statedInputs = "stated_inputs"
        }
    }

    struct FunctionReport: Decodable {
        struct Crash: Decodable {
            var call: String
            var raised: String
        }

        /// A call on an input the spec names as one the function takes that raised.
        struct StatedInput: Decodable {
            var call: String
            var raised: String
            /// Raised by a `raise` or `assert` of the code's own: refused, not failed on.
            var onPurpose: Bool
            var line: Int?

            enum CodingKeys: String, CodingKey {
                case call, raised, line
                case onPurpose = "on_purpose"
            }
        }

        struct EdgeResult: Decodable {
            var input: String
            /// The case name the configuration gave the edge (`SpecEdgeCase.probeCaseName`).
            var name: String
            var call: String
            var expected: String
            var observed: String
            var ok: Bool
            /// What the input was, where the input kind's words do not say it ("a new Stack()
            /// with len() 0").
            var subject: String?
        }

        struct Rejection: Decodable {
            var kind: String
            var call: String
            var raised: String
            var line: Int
            var source: String
            /// What the code returns for the input once that check is taken out.
            var withoutCheck: String?

            enum CodingKeys: String, CodingKey {
                case kind, call, raised, line, source
                case withoutCheck = "without_check"
            }
        }

        /// A class built with no arguments, whose constructor takes only defaults, that its own
        /// `raise` rejected: the code refuses its own defaults.
        struct DefaultRejection: Decodable {
            var call: String
            var raised: String
            var line: Int
            var source: String
            /// The defaults it was built with (`balance=0`).
            var defaults: String
        }

        /// An edge case no call could be made for (building its object raised), with the reason.
        struct NotRun: Decodable {
            var name: String
            var reason: String

            enum CodingKeys: String, CodingKey {
                case name
                case reason = "not_run"
            }
        }

        struct Growth: Decodable {
            var sizes: [Int]
            var seconds: [Double]
            var exponent: Double
        }

        /// The result-order check: how many results it judged, and the first out of order.
        struct Order: Decodable {
            var checked: Int
            var ok: Bool
            var call: String?
            var returned: String?
        }

        var function: String
        var skipped: String?
        /// A call on a made-up input that ran past the probes' per-call limit: the probes on
        /// made-up inputs stopped there and concluded nothing.
        var slowInput: String?
        var mutates: [String]?
        var nondeterministic: Bool?
        /// A call on an input made up from the function's own hints that raised an error no spec
        /// asks for (AttributeError on a value of a declared type, NameError, a TypeError Python
        /// raised on a line of the code; see `crashed_on_declared_types` in probes.py).
        var crash: Crash?
        var statedInputs: [StatedInput]?
        var edges: [EdgeResult]?
        var claims: [EdgeResult]?
        var rejections: [Rejection]?
        /// Lines of checks that reject an input the rest of the code cannot handle either (no
        /// result to invent an error for): not reported, by the run or by the static rule.
        var clearedGuards: [Int]?
        var growth: Growth?
        var order: Order?
        var ownDefault: DefaultRejection?
        var notRun: [NotRun]?

        enum CodingKeys: String, CodingKey {
            case function, skipped, mutates, nondeterministic, crash, edges, claims, rejections, growth, order
            case clearedGuards = "cleared_guards"
            case slowInput = "slow_input"
            case statedInputs = "stated_inputs"
            case ownDefault = "own_default"
            case notRun = "not_run"
        }
    }

    public func validate(_ file: SourceFile, context: ValidationContext) async throws -> ValidatorReport {
        let started = ContinuousClock.now
        guard let sandbox = context.sandbox else { return ValidatorReport(validator: name) }
        let edges = context.spec.map { SpecEdgeCase.parse($0) } ?? []
        let statedSize = context.spec.flatMap(SpecEdgeCase.statedInputSize)
        // Docstring claims about an input the spec already speaks of are held to the spec instead.
        let stated = Set(edges.map(\.input))
        var claims: [String: [Configuration.Edge]] = [:]
        var findings: [Finding] = []
        let definitions = try await toolchain.definitions(in: file.code)
        let raisedAnywhere = Set(definitions.flatMap(\.raises))
        let guarded = context.spec.map { Self.unaskedGuards(in: definitions, spec: $0, path: file.path) } ?? [:]
        // A spec that rules recursion out is checked on the code itself: no call cycle.
        var staticCases: [TestCaseResult] = []
        if let spec = context.spec, SpecEdgeCase.forbidsRecursion(spec) {
            let recursive = definitions.filter { $0.recursiveCall != nil }
            for definition in recursive {
                findings.append(
                    Finding(
                        rule: "probes/recursion", category: .correctness, severity: .error, path: file.path,
                        line: definition.recursiveCall,
                        message:
                            "`\(definition.qualifiedName)` recurses (the call at line \(definition.recursiveCall ?? definition.line) leads back to it), but the spec rules recursion out",
                        fixHint: "use a loop with an explicit stack or queue instead of calls that lead back to the function"))
            }
            staticCases.append(
                TestCaseResult(
                    name: SpecEdgeCase.noRecursionCaseName, file: file.path, outcome: recursive.isEmpty ? .passed : .failed,
                    message: recursive.isEmpty ? nil : "recurses: \(recursive.map(\.qualifiedName).joined(separator: ", "))"))
        }
        for definition in definitions where definition.kind == "function" && !definition.qualifiedName.contains(".") {
            guard let docstring = definition.docstring else { continue }
            claims[definition.qualifiedName] = SpecEdgeCase.claims(inDocstring: docstring).filter { !stated.contains($0.input) }
                .map(Configuration.Edge.init)
            // An exception the docstring promises that no code in the module raises: the
            // reader is told something the code does not do (unless a call it makes raises it).
            for exception in Set(SpecEdgeCase.mentionedExceptions(docstring)).sorted()
            where exception != "Exception" && !raisedAnywhere.contains(exception) {
                findings.append(
                    Finding(
                        rule: "probes/docstring-exception", category: .correctness, severity: .warning, path: file.path,
                        line: definition.line,
                        message:
                            "the docstring of `\(definition.qualifiedName)` says it raises \(exception), but no `raise \(exception)` is in the code; it holds only if something it calls raises it",
                        fixHint: "raise it where the docstring says, or take it out of the docstring"))
            }
        }
        let reading = try await context.reading()
        let examples = reading.examples.compactMap { example -> Configuration.Example? in
            guard case .equals(let expected) = example.expectation else { return nil }
            return Configuration.Example(function: example.function, call: example.call, expected: expected)
        }
        let order = context.spec.flatMap(SpecResultOrder.stated)
        let configuration = Configuration(
            module: file.moduleName, edges: edges.map(Configuration.Edge.init), claims: claims, examples: examples,
            excludedMutations: context.spec.map(SpecEdgeCase.excludedVariations) ?? ["all"],
            allowedExceptions: context.spec.map(SpecEdgeCase.mentionedExceptions) ?? [],
            growthMax: statedSize, resultOrder: order?.rawValue, statedInputs: reading.inputs)
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
                findings: findings + [
                    Finding(
                        rule: "probes/\(limit.rule)", category: .correctness, severity: .error, path: file.path,
                        message: limit.message,
                        fixHint: limit.fixHint)
                ], tests: staticCases, seconds: (ContinuousClock.now - started).seconds)
        }
        guard let line = result.stdout.split(separator: "\n").last,
            let reports = try? JSONDecoder().decode([FunctionReport].self, from: Data(line.utf8))
        else {
            guard result.stdout.contains(configuration.importedMarker) else {
                // The module failed to import; the tests validator reports that with its traceback.
                return ValidatorReport(
                    validator: name, findings: findings, tests: staticCases, seconds: (ContinuousClock.now - started).seconds)
            }
            // It imported, then a call ended the whole process (os._exit, a signal) before any
            // result: nothing about its behaviour was shown, and a caller would lose its process.
            return ValidatorReport(
                validator: name,
                findings: findings + [
                    Finding(
                        rule: "probes/ended-process", category: .correctness, severity: .error, path: file.path,
                        message:
                            "calling the generated functions on sample inputs ended the whole process (exit status \(result.status)) instead of returning or raising",
                        fixHint: "return a value or raise an exception; never call os._exit or kill the process")
                ], tests: staticCases, seconds: (ContinuousClock.now - started).seconds)
        }
        // Each edge case and the growth measurement is also a case, so a requirement can name
        // what checked it.
        var cases = staticCases
        // A guard the spec did not ask for, unless calling the code already showed the rejection.
        let shown = Set(reports.filter { !($0.rejections ?? []).isEmpty }.map(\.function))
        let cleared = Dictionary(reports.map { ($0.function, Set($0.clearedGuards ?? [])) }, uniquingKeysWith: { $0.union($1) })
        findings += guarded.filter { name, finding in
            !shown.contains(name) && !(finding.line.map { cleared[name]?.contains($0) == true } ?? false)
        }.sorted { $0.key < $1.key }.map(\.value)
        for report in reports {
            for edge in report.edges ?? [] {
                cases.append(
                    TestCaseResult(
                        name: edge.name, file: report.function,
                        outcome: edge.ok ? .passed : .failed,
                        message: edge.ok ? nil : "`\(edge.call)` \(edge.observed); the spec says it \(edge.expected)"))
            }
            for edge in report.notRun ?? [] {
                cases.append(TestCaseResult(name: edge.name, file: report.function, outcome: .skipped, message: edge.reason))
            }
            if let rejected = report.ownDefault {
                findings.append(
                    Finding(
                        rule: "probes/rejects-own-default", category: .correctness, severity: .error, path: file.path,
                        line: rejected.line,
                        message:
                            "`\(rejected.call)` raised \(rejected.raised) at `\(rejected.source)`: the code rejects its own defaults (\(rejected.defaults)), so an object built the way its signature allows cannot exist",
                        fixHint: "make every default a value the code accepts (where the spec states a default, that value must work)"))
            }
            if let checked = report.order, let order {
                cases.append(
                    TestCaseResult(
                        name: SpecResultOrder.caseName, file: report.function, outcome: checked.ok ? .passed : .failed,
                        message: checked.ok
                            ? "\(checked.checked) results \(order.words)"
                            : "`\(checked.call ?? report.function)` returned \(checked.returned ?? "a result") out of order"))
                if !checked.ok {
                    findings.append(
                        Finding(
                            rule: "probes/result-order", category: .correctness, severity: .error, path: file.path,
                            message:
                                "`\(checked.call ?? report.function)` returned \(checked.returned ?? "a result"), but the spec says the result comes \(order.words)",
                            fixHint: "put the result \(order.words) before returning it, as the spec states"))
                }
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
            if let slow = report.slowInput {
                findings.append(
                    Finding(
                        rule: "probes/slow-made-up-input", category: .correctness, severity: .info, path: file.path,
                        message:
                            "`\(slow)` (an input the probes made up from the type hints) did not return within 1 s, so whether `\(report.function)` changes its arguments or gives the same answer twice was not checked; slow is not wrong on an input the spec never gave",
                        fixHint: nil))
            }
            if let crash = report.crash {
                findings.append(
                    Finding(
                        rule: "probes/crash-on-declared-types", category: .correctness, severity: .error, path: file.path,
                        message:
                            "`\(crash.call)` (an input made up from the type hints of `\(report.function)`) raised \(crash.raised): the code fails on values of the types it declares",
                        fixHint: "use each parameter as the type its hint declares, or declare the types the code really takes"))
            }
            for stated in report.statedInputs ?? [] {
                let how = stated.onPurpose ? "the code refuses it" : "the code fails on it"
                findings.append(
                    Finding(
                        rule: "probes/stated-input", category: .correctness, severity: .error, path: file.path, line: stated.line,
                        message:
                            "the spec names the input of `\(stated.call)` as one `\(report.function)` takes, and \(how): it raised \(stated.raised)",
                        fixHint: "handle every input the spec gives as an example of what it takes"))
            }
            if report.nondeterministic == true {
                findings.append(
                    Finding(
                        rule: "probes/nondeterministic", category: .correctness, severity: .warning, path: file.path,
                        message: "`\(report.function)` returned different results for the same input",
                        fixHint: "remove hidden state or randomness, or document it"))
            }
            for edge in report.claims ?? [] where !edge.ok {
                findings.append(
                    Finding(
                        rule: "probes/docstring-mismatch", category: .correctness, severity: .error, path: file.path,
                        message:
                            "the docstring of `\(report.function)` says \(Self.words(edge.input)) \(edge.expected), but `\(edge.call)` \(edge.observed)",
                        fixHint: "make the code do what the docstring says, or make the docstring say what the code does"))
            }
            if let rejection = report.rejections?.first, let all = report.rejections {
                let others = all.dropFirst().map { "`\($0.call)`" }
                let kinds = all.map { Self.describe($0.kind) }.joined(separator: " or ")
                findings.append(
                    Finding(
                        rule: "probes/rejects-valid-input", category: .correctness, severity: .error, path: file.path,
                        line: rejection.line,
                        message:
                            "`\(rejection.call)` raised \(rejection.raised) at `\(rejection.source)`"
                            + (others.isEmpty ? "" : " (so did \(others.joined(separator: ", ")))")
                            + ", but the spec does not exclude \(kinds), and without that check the code returns \(rejection.withoutCheck ?? "a result"); an input the spec gives no error for must get a result",
                        fixHint: "remove validation the spec does not ask for and return what the spec implies for this input"))
            }
            for edge in report.edges ?? [] where !edge.ok {
                findings.append(
                    Finding(
                        rule: "probes/edge-case", category: .correctness, severity: .error, path: file.path,
                        message:
                            "the spec says \(edge.subject ?? Self.words(edge.input)) \(edge.expected), but `\(edge.call)` \(edge.observed)",
                        fixHint: "handle \(edge.subject ?? "the " + Self.words(edge.input)) exactly as the spec states"))
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

    /// `if <test of a parameter>: raise E` where the test singles out zero, negative numbers,
    /// None or empty input, the spec excludes none of these in words and names no exception:
    /// the code rejects input the spec allows. One finding per function or method, by name.
    static func unaskedGuards(in definitions: [CodeDefinition], spec: String, path: String) -> [String: Finding] {
        let excluded = Set(SpecEdgeCase.excludedVariations(spec))
        let allowed = Set(SpecEdgeCase.mentionedExceptions(spec))
        guard !excluded.contains("all"), !allowed.contains("Exception") else { return [:] }
        var findings: [String: Finding] = [:]
        for definition in definitions where definition.kind == "function" {
            let name = definition.qualifiedName.split(separator: ".").last.map(String.init) ?? definition.qualifiedName
            guard !name.hasPrefix("_") || name == "__init__" else { continue }
            for guardClause in definition.guards ?? [] where !allowed.contains(guardClause.exception) {
                let kinds = guardClause.kinds.filter { !excluded.contains($0) }
                guard !kinds.isEmpty, findings[name] == nil else { continue }
                findings[name] = Finding(
                    rule: "probes/rejects-valid-input", category: .correctness, severity: .error, path: path,
                    line: guardClause.line,
                    message:
                        "`\(definition.qualifiedName)` raises \(guardClause.exception) when `\(guardClause.condition)`, but the spec does not exclude \(kinds.map(describe).joined(separator: " or ")) and names no error for it; an input the spec does not rule out must get a result",
                    fixHint: "remove the check the spec did not ask for, and handle that input like any other")
            }
        }
        return findings
    }

    /// An edge input as the probes name it, in words.
    static func words(_ input: String) -> String {
        SpecEdgeCase.Input(rawValue: input)?.words ?? "\(input) input"
    }

    static func describe(_ variation: String) -> String {
        switch variation {
        case "zero": return "zero"
        case "negative": return "negative numbers"
        case "float": return "a float where the examples show integers"
        case "empty": return "an empty input"
        case "single": return "a single element"
        case "unequal": return "inputs of unequal length"
        case "none": return "None"
        case "integer": return "integers, which are valid wherever a float is"
        case "type": return "values of other types"
        case "element-type": return "elements of other types"
        default: return variation
        }
    }
}
