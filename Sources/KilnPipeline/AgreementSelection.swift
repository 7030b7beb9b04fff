import Foundation
import KilnCore
import KilnModels
import KilnPrompts
import KilnSystem
import KilnValidation

/// Chooses among candidates that all pass the visible checks by how much their behaviour agrees
/// (minimum Bayes risk over execution as in MBR-exec, with CodeT's dual agreement): every
/// candidate runs in the sandbox on the same test cases — the spec's examples and cases the model
/// writes from the spec alone, some with the result the spec implies — and scores one point for
/// every other candidate that gives the same output on a case, and as many points as there are
/// other candidates for every case whose stated result it reproduces. Independent samples that
/// are wrong tend to be wrong in different ways; right ones agree with each other and with what
/// the spec says. No single model-written expectation is trusted: it is one voice in the vote.
public struct AgreementSelection: Sendable {
    public var toolchain: PythonToolchain
    public var sandbox: Sandbox
    /// The function whose behaviour is compared; nil: the top-level function every candidate
    /// defines, preferring one the spec names.
    public var entryPoint: String?
    public var limits: SandboxLimits
    /// Most calls compared.
    public var maximumInputs: Int
    /// The template asking the model for test cases (`inputs`; a repository's override when it has one).
    public var template: PromptTemplate

    public init(
        toolchain: PythonToolchain, sandbox: Sandbox, entryPoint: String? = nil,
        limits: SandboxLimits = SandboxLimits(wallTime: .seconds(20), cpuSeconds: 20), maximumInputs: Int = 24,
        template: PromptTemplate? = nil
    ) throws {
        self.template = try template ?? TemplateCatalog.builtin(named: "inputs")
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
        /// The test cases compared, as written (`assert f(x) == y` or `f(x)`).
        public var inputs: [String]
        /// How many cases state a result, and how many of those each candidate reproduces.
        public var statedResults: Int
        public var matchesStated: [Int]
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

    /// Test cases for `function`: the spec's own examples (their results stated by the user) and the
    /// model's reply to the `inputs` template.
    func inputs(
        function: String, spec: String, backend: any ModelBackend
    ) async throws -> (calls: [String], usage: Usage, seconds: Double) {
        let started = ContinuousClock.now
        var calls = SpecExample.parse(spec).filter { $0.function == function }.map { example in
            switch example.expectation {
            case .equals(let value): return "assert \(example.call) == \(value)"
            case .raises: return example.call
            }
        }
        let messages = try template.render(["spec": spec, "name": function])
        let response = try await backend.complete(ChatRequest(messages: messages, parameters: template.parameters))
        let seconds = (ContinuousClock.now - started).seconds
        if let code = try? CodeExtractor().extract(from: response.text) {
            calls += code.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { $0.hasPrefix(function + "(") || $0.hasPrefix("assert \(function)(") }
        }
        var seen = Set<String>()
        calls = calls.filter { seen.insert($0).inserted }
        return (Array(calls.prefix(maximumInputs)), response.usage, seconds)
    }

    /// One candidate's run of the test cases: its output on each ("=repr" or "!ExceptionName"; nil
    /// where the case could not be read as literals) and the result each case states, if any.
    struct Run: Decodable {
        var outputs: [String?]
        var expected: [String?]
    }

    func outputs(of code: String, function: String, calls: [String]) async throws -> Run {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-agree-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try Data(Self.harness.utf8).write(to: scratch.appendingPathComponent("kiln_agree.py"))
        let request = try JSONSerialization.data(withJSONObject: ["code": code, "function": function, "calls": calls])
        let result = try await sandbox.run(
            [toolchain.python.path, "kiln_agree.py"], scratch: scratch, input: request, limits: limits)
        guard let line = result.stdout.split(separator: "\n").last,
            let run = try? JSONDecoder().decode(Run.self, from: Data(line.utf8)), run.outputs.count == calls.count,
            run.expected.count == calls.count
        else {
            // Did not load or ran out of its limits: agrees with nobody.
            return Run(outputs: calls.map { _ in "!unavailable-\(UUID().uuidString)" }, expected: calls.map { _ in nil })
        }
        return run
    }

    /// Scores: for each candidate, the number of (other candidate, case) pairs with the same output,
    /// plus, for every case whose stated result it reproduces, as many points as there are other
    /// candidates (the spec's voice weighs as much as all the other samples together).
    public static func scores(_ outputs: [[String?]], expected: [String?] = []) -> [Int] {
        let others = max(outputs.count - 1, 1)
        return outputs.indices.map { i in
            let agreement = outputs.indices.reduce(0) { total, j in
                guard i != j else { return total }
                return total + zip(outputs[i], outputs[j]).filter { pair in pair.0 != nil && pair.0 == pair.1 }.count
            }
            return agreement + others * matches(outputs[i], expected)
        }
    }

    /// How many stated results `outputs` reproduces.
    static func matches(_ outputs: [String?], _ expected: [String?]) -> Int {
        zip(outputs, expected).filter { pair in pair.1 != nil && pair.0 == pair.1 }.count
    }

    /// Picks among `candidates` (attempt number and code); the earliest wins a tie.
    public func choose(
        among candidates: [(attempt: Int, code: String)], spec: String, backend: any ModelBackend
    ) async throws -> (outcome: Outcome, usage: Usage, modelSeconds: Double) {
        let none = Usage(promptTokens: 0, completionTokens: 0)
        guard let first = candidates.first else { throw GenerationError.noCode(attempts: 0, findings: []) }
        guard candidates.count > 1, let function = try await function(in: candidates.map(\.code), spec: spec) else {
            return (
                Outcome(
                    method: "first-passing", function: nil, candidates: candidates.map(\.attempt), scores: [], inputs: [],
                    statedResults: 0, matchesStated: [], chosen: first.attempt), none, 0
            )
        }
        let (calls, usage, modelSeconds) = try await inputs(function: function, spec: spec, backend: backend)
        var runs: [Run] = []
        for candidate in candidates {
            runs.append(try await self.outputs(of: candidate.code, function: function, calls: calls))
        }
        // Cases no candidate could run (not literals) say nothing. The stated results are the same
        // in every run; a run that never loaded has none.
        let usable = calls.indices.filter { index in runs.contains { $0.outputs[index] != nil } }
        let outputs = runs.map { run in usable.map { run.outputs[$0] } }
        let expected = usable.map { index in runs.lazy.compactMap { $0.expected[index] }.first }
        let scores = Self.scores(outputs, expected: expected)
        let best = scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) } ?? 0
        return (
            Outcome(
                method: "agreement", function: function, candidates: candidates.map(\.attempt), scores: scores,
                inputs: usable.map { calls[$0] }, statedResults: expected.compactMap { $0 }.count,
                matchesStated: outputs.map { Self.matches($0, expected) }, chosen: candidates[best].attempt), usage,
            modelSeconds
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

        def read_case(text):
            """`f(args)` or `assert f(args) == result`, literals only: (args, kwargs, stated result or None)."""
            node = ast.parse(text).body[0]
            stated = None
            if isinstance(node, ast.Assert):
                test = node.test
                if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq)):
                    raise ValueError(text)
                call, stated = test.left, "=" + repr(normalise(ast.literal_eval(test.comparators[0])))[:500]
            elif isinstance(node, ast.Expr):
                call = node.value
            else:
                raise ValueError(text)
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == request["function"]):
                raise ValueError(text)
            args = [ast.literal_eval(a) for a in call.args]
            kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg}
            return args, kwargs, stated


        signal.signal(signal.SIGALRM, on_alarm)
        outputs, expected = [], []
        for case in request["calls"]:
            try:
                args, kwargs, stated = read_case(case)
            except Exception:
                outputs.append(None)
                expected.append(None)
                continue
            expected.append(stated)
            signal.setitimer(signal.ITIMER_REAL, 1.0)
            try:
                outcome = "=" + repr(normalise(function(*copy.deepcopy(args), **copy.deepcopy(kwargs))))[:500]
            except Timeout:
                outcome = "!timeout"
            except BaseException as error:
                outcome = "!" + type(error).__name__
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            outputs.append(outcome)
        real_stdout.write(json.dumps({"outputs": outputs, "expected": expected}) + "\n")
        """#
}
