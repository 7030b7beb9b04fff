import Foundation
import KilnCore
import KilnModels
import KilnPrompts
import KilnSystem
import KilnValidation

/// Chooses among candidates that all pass the visible checks by how much their behaviour agrees
/// (minimum Bayes risk over execution, as in MBR-exec and CodeT): every candidate runs in the
/// sandbox on the same inputs — the spec's example calls and calls the model proposes, without
/// expected results — and the candidate whose outputs match the others' most often wins.
/// Independent samples that are wrong tend to be wrong in different ways; right ones agree.
public struct AgreementSelection: Sendable {
    public var toolchain: PythonToolchain
    public var sandbox: Sandbox
    /// The function whose behaviour is compared; nil: the top-level function every candidate
    /// defines, preferring one the spec names.
    public var entryPoint: String?
    public var limits: SandboxLimits
    /// Most calls compared.
    public var maximumInputs: Int

    public init(
        toolchain: PythonToolchain, sandbox: Sandbox, entryPoint: String? = nil,
        limits: SandboxLimits = SandboxLimits(wallTime: .seconds(20), cpuSeconds: 20), maximumInputs: Int = 24
    ) {
        self.toolchain = toolchain
        self.sandbox = sandbox
        self.entryPoint = entryPoint
        self.limits = limits
        self.maximumInputs = maximumInputs
    }

    /// What the vote saw and decided, for `--json`.
    public struct Outcome: Codable, Sendable, Equatable {
        public var method: String
        public var function: String?
        /// The attempts compared, in order, and each one's agreement score (matching outputs
        /// summed over the other candidates).
        public var candidates: [Int]
        public var scores: [Int]
        public var inputs: [String]
        public var chosen: Int
    }

    /// The function to compare: `entryPoint`, else a top-level function all candidates define.
    func function(in candidates: [String], spec: String) async throws -> String? {
        if let entryPoint { return entryPoint }
        var common: [String]?
        for code in candidates {
            let names = try await toolchain.definitions(in: code).filter {
                $0.kind == "function" && !$0.qualifiedName.contains(".")
            }
            .map(\.qualifiedName)
            common = common.map { previous in previous.filter(names.contains) } ?? names
        }
        guard let common, !common.isEmpty else { return nil }
        return common.first { spec.contains($0) && !$0.hasPrefix("_") } ?? common.last
    }

    /// Calls of `function` from the spec's examples and from the model's reply to the `inputs` template.
    func inputs(
        function: String, spec: String, backend: any ModelBackend, template: PromptTemplate
    ) async throws -> (calls: [String], usage: Usage, seconds: Double) {
        let started = ContinuousClock.now
        var calls = SpecExample.parse(spec).filter { $0.function == function }.map(\.call)
        let messages = try template.render(["spec": spec, "name": function])
        let response = try await backend.complete(ChatRequest(messages: messages, parameters: template.parameters))
        let seconds = (ContinuousClock.now - started).seconds
        if let code = try? CodeExtractor().extract(from: response.text) {
            calls += code.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { $0.hasPrefix(function + "(") && $0.hasSuffix(")") }
        }
        var seen = Set<String>()
        calls = calls.filter { seen.insert($0).inserted }
        return (Array(calls.prefix(maximumInputs)), response.usage, seconds)
    }

    /// Each candidate's outputs on `calls` ("=repr" or "!ExceptionName"; nil where the call could
    /// not be read as literals).
    func outputs(of code: String, function: String, calls: [String]) async throws -> [String?] {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-agree-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try Data(Self.harness.utf8).write(to: scratch.appendingPathComponent("kiln_agree.py"))
        let request = try JSONSerialization.data(withJSONObject: ["code": code, "function": function, "calls": calls])
        let result = try await sandbox.run(
            [toolchain.python.path, "kiln_agree.py"], scratch: scratch, input: request, limits: limits)
        struct Reply: Decodable { var results: [String?] }
        guard let line = result.stdout.split(separator: "\n").last,
            let reply = try? JSONDecoder().decode(Reply.self, from: Data(line.utf8)), reply.results.count == calls.count
        else {
            // Did not load or ran out of its limits: agrees with nobody.
            return calls.map { _ in "!unavailable-\(UUID().uuidString)" }
        }
        return reply.results
    }

    /// Scores: for each candidate, the number of (other candidate, input) pairs with the same output.
    public static func scores(_ outputs: [[String?]]) -> [Int] {
        outputs.indices.map { i in
            outputs.indices.reduce(0) { total, j in
                guard i != j else { return total }
                return total + zip(outputs[i], outputs[j]).filter { pair in pair.0 != nil && pair.0 == pair.1 }.count
            }
        }
    }

    /// Picks among `candidates` (attempt number and code); the earliest wins a tie.
    public func choose(
        among candidates: [(attempt: Int, code: String)], spec: String, backend: any ModelBackend, template: PromptTemplate
    ) async throws -> (outcome: Outcome, usage: Usage, modelSeconds: Double) {
        let none = Usage(promptTokens: 0, completionTokens: 0)
        guard let first = candidates.first else { throw GenerationError.noCode(attempts: 0, findings: []) }
        guard candidates.count > 1, let function = try await function(in: candidates.map(\.code), spec: spec) else {
            return (
                Outcome(
                    method: "first-passing", function: nil, candidates: candidates.map(\.attempt), scores: [], inputs: [],
                    chosen: first.attempt), none, 0
            )
        }
        let (calls, usage, modelSeconds) = try await inputs(function: function, spec: spec, backend: backend, template: template)
        var outputs: [[String?]] = []
        for candidate in candidates {
            outputs.append(try await self.outputs(of: candidate.code, function: function, calls: calls))
        }
        // Calls no candidate could run (not literals) say nothing.
        let usable = calls.indices.filter { index in outputs.contains { $0[index] != nil } }
        let scores = Self.scores(outputs.map { row in usable.map { row[$0] } })
        let best = scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) } ?? 0
        return (
            Outcome(
                method: "agreement", function: function, candidates: candidates.map(\.attempt), scores: scores,
                inputs: usable.map { calls[$0] }, chosen: candidates[best].attempt), usage, modelSeconds
        )
    }

    /// Runs in the sandbox: loads the candidate, calls the function on each literal-argument call
    /// with a one-second alarm, and prints the normalised outputs as one JSON line.
    static let harness = #"""
        import ast, copy, io, json, math, signal, sys

        request = json.load(sys.stdin)
        real_stdout = sys.stdout
        sys.stdout = io.StringIO()


        def normalise(value, depth=0):
            if depth > 20:
                return "..."
            if isinstance(value, bool) or value is None:
                return value
            if isinstance(value, float):
                if math.isnan(value) or math.isinf(value):
                    return repr(value)
                return float(f"{value:.9g}")
            if isinstance(value, (list, tuple)):
                return type(value)(normalise(v, depth + 1) for v in value)
            if isinstance(value, (set, frozenset)):
                return ("set", sorted(repr(normalise(v, depth + 1)) for v in value))
            if isinstance(value, dict):
                return ("dict", sorted((repr(normalise(k, depth + 1)), repr(normalise(v, depth + 1))) for k, v in value.items()))
            return value


        class Timeout(BaseException):
            pass


        def on_alarm(*_):
            raise Timeout()


        namespace = {"__name__": "candidate"}
        try:
            exec(compile(request["code"], "candidate.py", "exec"), namespace)
            function = namespace[request["function"]]
        except BaseException as error:
            real_stdout.write(json.dumps({"error": type(error).__name__}) + "\n")
            sys.exit(0)

        signal.signal(signal.SIGALRM, on_alarm)
        results = []
        for call in request["calls"]:
            try:
                node = ast.parse(call, mode="eval").body
                if not isinstance(node, ast.Call):
                    raise ValueError(call)
                args = [ast.literal_eval(a) for a in node.args]
                kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
            except Exception:
                results.append(None)
                continue
            signal.setitimer(signal.ITIMER_REAL, 1.0)
            try:
                outcome = "=" + repr(normalise(function(*copy.deepcopy(args), **copy.deepcopy(kwargs))))[:500]
            except Timeout:
                outcome = "!timeout"
            except BaseException as error:
                outcome = "!" + type(error).__name__
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            results.append(outcome)
        real_stdout.write(json.dumps({"results": results}) + "\n")
        """#
}
