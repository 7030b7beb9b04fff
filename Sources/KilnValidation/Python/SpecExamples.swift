import Foundation
import KilnCore
import KilnSystem

extension PythonToolchain {
    /// The spec's examples, read with Python's own parser (`ast`, the `spec_reading` helper):
    /// `assert f(x)==y` in any spacing, comparisons, arrows and words (`->`, `=>`, `➞`, `returns`),
    /// `raises`, trailing comments, doctests (a session that sets things up becomes one script),
    /// fenced blocks of asserts and `pytest.raises`, and all of these in backticks. Nothing in
    /// the spec is executed. Example-like lines it cannot read come back as `unreadable`.
    public func readSpec(_ spec: String) async throws -> SpecReading {
        let reply = try await runHelper(
            "spec_reading", source: PythonHelperSource.specReading, request: ["spec": spec], as: SpecReadingReply.self,
            purpose: "reading the spec's examples")
        return SpecReading(
            examples: reply.examples.compactMap { example in
                let expectation: SpecExample.Expectation
                switch example.kind {
                case "equals": expectation = .equals(example.value ?? "None")
                case "raises": expectation = .raises(example.value ?? "Exception")
                case "holds": expectation = .holds
                case "script": expectation = .script
                default: return nil
                }
                return SpecExample(
                    call: example.call, expectation: expectation, function: example.function, line: example.line,
                    text: example.text)
            }, unreadable: reply.unreadable, imports: reply.imports ?? [], inputs: reply.inputs ?? [])
    }

    struct SpecReadingReply: Decodable {
        struct Example: Decodable {
            var kind: String
            var call: String
            var value: String?
            var function: String
            var line: Int
            var text: String
        }

        var examples: [Example]
        var unreadable: [UnreadableExample]
        var imports: [String]?
        var inputs: [String]?
    }

    /// The spec's examples that call `function`, as Python test cases.
    public func exampleCases(_ examples: [SpecExample], function: String) -> [String] {
        examples.filter { $0.function == function }.compactMap { example in
            switch example.expectation {
            case .equals(let value): return "assert \(example.call) == \(value)"
            case .raises: return example.call
            case .holds, .script, .runs, .completes, .refused: return nil
            }
        }
    }
}

/// The spec's examples as a pytest module: one test per example, named `test_spec_example_N`
/// after its place in the list, so a result maps back to the example (and its requirement).
enum PythonSpecTests {
    /// The library values the readers accept (`LIBRARY_VALUES` in spec_reading.py and
    /// case_reading.py), by the import that brings each group's names in.
    static let libraryValues: [(names: [String], import: String)] = [
        (["Decimal"], "from decimal import Decimal"),
        (["Fraction"], "from fractions import Fraction"),
        (["datetime", "date", "timedelta", "timezone"], "from datetime import date, datetime, timedelta, timezone"),
    ]

    static func module(_ examples: [SpecExample], module: String) -> String {
        // The standard library's values an example states (`Decimal("1.50")`, `datetime(2024, 1,
        // 1, tzinfo=timezone.utc)`, read as values by the spec and case readers), imported before
        // the code's names so its own come first.
        let texts = examples.map { "\($0.call) \($0.expectation)" }
        let values = libraryValues.filter { names, _ in
            texts.contains { text in names.contains { text.range(of: #"\b\#($0)[(.]"#, options: .regularExpression) != nil } }
        }.map(\.import)
        var lines = ["import pytest"] + values + ["from \(module) import *  # noqa: F403", ""]
        if examples.contains(where: { $0.expectation == .runs || $0.expectation == .completes }) {
            lines += crashCheck(module: module)
        }
        for (number, example) in examples.enumerated() {
            lines.append("")
            lines.append("def \(SpecExample.testName(forExampleAt: number))():")
            switch example.expectation {
            case .equals(let value):
                // The message names the call, what it gave and what the spec says, so the repair
                // feedback reads "f(2) returned 5, expected 4" rather than a bare assertion, and
                // says when the types differ ("returned 2.3, expected '2,3' (type float, where the
                // expected value has type str)"), which a small model misses in the two reprs.
                lines.append("    result = \(example.call)")
                lines.append("    expected = \(value)")
                lines.append(
                    "    assert result == expected, \(pythonString(example.call)) + \" returned %r, expected %r\" % (result, expected)"
                        + " + " + typeNote)
            case .raises(let exception):
                lines.append("    with pytest.raises(\(exception)):")
                lines.append("        \(example.call)")
            case .refused(let exception):
                // Its expected error is the spec's word, its input a model's: another error may be
                // the input's fault as much as the code's, so it skips (says nothing).
                lines.append("    try:")
                lines.append("        result = \(example.call)")
                lines.append("    except \(exception):")
                lines.append("        return")
                lines.append("    except Exception as error:")
                lines.append(
                    "        pytest.skip(\(pythonString("raised ")) + type(error).__name__ + \(pythonString(", not \(exception): no verdict on this input")))")
                lines.append("    raise AssertionError(\"returned %r where \" % (result,) + \(pythonString(example.text)))")
            case .holds:
                lines.append("    assert \(example.call), \(pythonString("the spec says `\(example.text)`, which does not hold"))")
            case .script:
                lines += example.call.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
            case .runs, .completes:
                lines.append("    try:")
                lines += example.call.split(separator: "\n", omittingEmptySubsequences: false).map { "        " + $0 }
                if example.expectation == .runs {
                    lines.append("    except _KILN_CODE_ERRORS as error:")
                    lines.append("        _kiln_fail_if_the_code_broke(error)")
                    lines.append("    except Exception:")
                    lines.append("        pass  # an assertion of the usage, or an error the code raises: nobody vouched for the result")
                } else {
                    lines.append("    except Exception as error:")
                    lines.append("        _kiln_fail_unless_on_purpose(error)")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What `.runs` and `.completes` examples' tests need: the errors that are the code's own
    /// mistakes when they start in a line of the module that is not a `raise` or `assert` (a wrong
    /// type, a missing attribute or name), and the checks that fail a test for one, saying where;
    /// the stricter one also for any error that ends in a library the code called.
    static func crashCheck(module: String) -> [String] {
        let file = pythonString("\(module.split(separator: ".").last.map(String.init) ?? module).py")
        return [
            "import os as _kiln_os",
            "import traceback as _kiln_traceback",
            "",
            "_KILN_CODE_ERRORS = (TypeError, AttributeError, NameError, UnboundLocalError)",
            "",
            "",
            "def _kiln_fail_if_the_code_broke(error):",
            "    last = _kiln_traceback.extract_tb(error.__traceback__)[-1]",
            "    source = (last.line or '').strip()",
            "    if _kiln_os.path.basename(last.filename) == \(file) and not source.startswith(('raise', 'assert')):",
            "        pytest.fail('%s: %s at line %d of the code (`%s`)' % (type(error).__name__, error, last.lineno, source), pytrace=False)",
            "",
            "",
            "def _kiln_fail_unless_on_purpose(error):",
            "    frames = _kiln_traceback.extract_tb(error.__traceback__)",
            "    own = [frame for frame in frames if _kiln_os.path.basename(frame.filename) == \(file)]",
            "    if not own or (frames[-1] is not own[-1] and _kiln_os.path.basename(frames[-1].filename) == _kiln_os.path.basename(__file__)):",
            "        return  # the use's own assertion or arguments",
            "    source = (own[-1].line or '').strip()",
            "    if frames[-1] is own[-1] and source.startswith(('raise', 'assert')):",
            "        return  # an error the code raises on purpose",
            "    inside = '' if frames[-1] is own[-1] else ' inside %s' % _kiln_os.path.basename(frames[-1].filename)",
            "    pytest.fail('%s: %s%s, from line %d of the code (`%s`)' % (type(error).__name__, error, inside, own[-1].lineno, source), pytrace=False)",
            "",
        ]
    }

    /// A Python expression that names both types when `result` and `expected` differ in type.
    static let typeNote =
        #"("" if type(result) is type(expected) else " (type %s, where the expected value has type %s)" % (type(result).__name__, type(expected).__name__))"#

    /// `text` as a Python string literal.
    static func pythonString(_ text: String) -> String {
        var literal = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": literal += "\\\\"
            case "\"": literal += "\\\""
            case "\n": literal += "\\n"
            case "\r": literal += "\\r"
            case "\t": literal += "\\t"
            default:
                if scalar.value < 0x20 {
                    literal += String(format: "\\x%02x", scalar.value)
                } else {
                    literal.unicodeScalars.append(scalar)
                }
            }
        }
        return literal + "\""
    }
}

extension PythonToolchain {
    /// Usage scenarios read with Python's own parser (the `case_reading` helper): each assert or
    /// `pytest.raises` block becomes one case: its expression when the scenario has no setup, else
    /// a script that runs the setup (skipping the case when the setup fails) and then checks it.
    public func readScenarios(_ code: String, subject: String) async throws -> CaseReading {
        let reply = try await runHelper(
            "case_reading", source: PythonHelperSource.caseReading, request: ["code": code, "subject": subject],
            as: CaseReadingReply.self, purpose: "reading model-written scenarios")
        return CaseReading(
            cases: reply.cases.compactMap { item in
                let expectation: SpecExample.Expectation
                switch item.kind {
                case "equals": expectation = .equals(item.value)
                case "raises": expectation = .raises(item.value)
                case "script": expectation = .script
                default: return nil
                }
                return CaseReading.Case(
                    tag: item.tag, example: SpecExample(call: item.call, expectation: expectation, function: subject, text: item.text),
                    attributes: item.attributes)
            },
            scenarios: reply.blocks.map { CaseReading.Scenario(tag: $0.tag, question: $0.question) })
    }

    struct CaseReadingReply: Decodable {
        struct Case: Decodable {
            var tag: String
            var kind: String
            var call: String
            var value: String
            var text: String
            var attributes: [String]
        }

        struct Block: Decodable {
            var tag: String
            var question: String
        }

        var cases: [Case]
        var blocks: [Block]
    }
}

extension PythonToolchain {
    /// Variants of the literal calls among `cases` (the `input_mutations` helper, `ast.literal_eval`
    /// only): a number one step away without crossing its sign, a string or list one element
    /// shorter or longer (not a tuple, nor a short list of one length in every stated example),
    /// reversed, or with one element stepped.
    public func variants(of cases: [String], stated: Int, function: String, limit: Int) async throws -> InputVariants {
        guard limit > 0, !cases.isEmpty else { return InputVariants() }
        return try await runHelper(
            "input_mutations", source: PythonHelperSource.inputMutations,
            request: ["calls": cases, "stated": stated, "function": function, "limit": limit], as: InputVariants.self,
            purpose: "deriving input variants")
    }
}

extension PythonToolchain {
    /// The calls among `calls` that give an argument a raising edge case refuses (the
    /// `refused_inputs` helper: literals, and values the standard library's `Decimal`, `Fraction`
    /// and `datetime` types build from literals, nothing executed).
    public func refusedCalls(_ calls: [String], function: String, parameters: [String], edges: [SpecEdgeCase]) async throws
        -> [RefusedCall]
    {
        // The helper reads only the edges that raise.
        guard !calls.isEmpty, !edges.isEmpty else { return [] }
        let encoded = try JSONEncoder().encode(edges.map(BehaviourProbeValidator.Configuration.Edge.init))
        struct Reply: Decodable { var refused: [RefusedCall] }
        return try await runHelper(
            "refused_inputs", source: PythonHelperSource.refusedInputs,
            request: [
                "calls": calls, "function": function, "parameters": parameters,
                "edges": try JSONSerialization.jsonObject(with: encoded),
            ], as: Reply.self, purpose: "reading the inputs the spec refuses"
        ).refused
    }

    /// The `refused_inputs` helper's second reading: each raising case's arguments against the
    /// conditions the edges that raise its error state.
    public func unstatedErrorCalls(
        _ raising: [(call: String, error: String)], function: String, parameters: [String], edges: [SpecEdgeCase]
    ) async throws -> [UnstatedErrorCall] {
        guard !raising.isEmpty, !edges.isEmpty else { return [] }
        let encoded = try JSONEncoder().encode(edges.map(BehaviourProbeValidator.Configuration.Edge.init))
        struct Reply: Decodable { var unstated: [UnstatedErrorCall] }
        return try await runHelper(
            "refused_inputs", source: PythonHelperSource.refusedInputs,
            request: [
                "raising": raising.map { ["call": $0.call, "error": $0.error] }, "function": function,
                "parameters": parameters, "edges": try JSONSerialization.jsonObject(with: encoded),
            ], as: Reply.self, purpose: "reading the inputs the spec states errors for"
        ).unstated
    }
}

extension PythonToolchain {
    /// Runs one of Kiln's Python helpers (they parse; none runs generated code, so no sandbox)
    /// with `request` as JSON on stdin, and decodes the last line it prints.
    func runHelper<Reply: Decodable>(
        _ name: String, source: String, request: [String: Any], as type: Reply.Type, purpose: String
    ) async throws -> Reply {
        let script = try HelperScript.install(named: name, source: source, in: helpers)
        let input = try JSONSerialization.data(withJSONObject: request)
        let result = try await ProcessRunner.run(python.path, ["-I", script.path], input: input, timeout: .seconds(60))
        guard result.succeeded, let line = result.stdout.split(separator: UInt8(ascii: "\n")).last,
            let reply = try? JSONDecoder().decode(Reply.self, from: Data(line))
        else {
            throw ValidationError.toolFailed(purpose, result.stderrText.isEmpty ? "no output" : String(result.stderrText.suffix(600)))
        }
        return reply
    }
}

extension PythonToolchain {
    /// How a scenario case skips itself when its setup fails (case_reading.py's `script` writes
    /// exactly this line; `aScenarioWhoseSetupBreaksTheCodeIsABrokenUse` runs the real reader).
    static let setupSkip = #"pytest.skip(f"the scenario's setup failed: {error!r}")"#

    /// The scenario case with its setup's failure raised (`except Exception as error: raise`)
    /// rather than skipped.
    public func raisingSetupFailures(of script: String) -> String {
        script.replacingOccurrences(of: Self.setupSkip, with: "raise")
    }
}
