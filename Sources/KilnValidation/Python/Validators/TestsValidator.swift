import Foundation
import KilnCore
import KilnSystem

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Runs pytest in the sandbox against the file: the user's tests, the spec's examples and the
/// file's own docstring examples (doctest), with a result per test case.
public struct TestsValidator: Validator {
    public let name = "tests"
    public let isStatic = false

    public let toolchain: PythonToolchain

    public init(toolchain: PythonToolchain) { self.toolchain = toolchain }

    public func validate(_ file: SourceFile, context: ValidationContext) async throws -> ValidatorReport {
        let started = ContinuousClock.now
        guard let sandbox = context.sandbox else {
            return ValidatorReport(
                validator: name,
                findings: [
                    Finding(
                        rule: "tests/not-run", category: .correctness, severity: .warning, path: file.path,
                        message: "tests and examples were not run: no sandbox is available on this machine",
                        fixHint: "install bubblewrap (apt-get install -y bubblewrap)")
                ])
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        let module = file.moduleName
        try Data(file.code.utf8).write(to: scratch.appendingPathComponent("\(module).py"))
        var targets = ["\(module).py"]
        for test in context.tests {
            let name = URL(fileURLWithPath: test.path).lastPathComponent
            try Data(test.code.utf8).write(to: scratch.appendingPathComponent(name))
            targets.append(name)
        }
        let examples = try await context.specExamples()
        if !examples.isEmpty {
            try Data(PythonSpecTests.module(examples, module: module).utf8).write(
                to: scratch.appendingPathComponent("test_kiln_spec_examples.py"))
            targets.append("test_kiln_spec_examples.py")
        }
        let run = try await toolchain.runPytest(
            targets, in: scratch, sandbox: sandbox, pythonPath: "/work", doctests: true, limits: context.limits)
        var findings: [Finding] = []
        if let limit = run.process.limitFinding(subject: "the tests") {
            findings.append(
                Finding(
                    rule: limit.rule, category: .correctness, severity: .error, path: file.path,
                    message: limit.message, fixHint: limit.fixHint))
        }
        var cases = run.cases
        // A use that broke the code fails its test with `pytest.fail`, whose message pytest
        // starts with "Failed: "; what broke is the message.
        let uses = Set(examples.indices.filter { [.runs, .completes].contains(examples[$0].expectation) }.map(SpecExample.testName(forExampleAt:)))
        for index in cases.indices where uses.contains(cases[index].name) {
            if let message = cases[index].message, message.hasPrefix("Failed: ") { cases[index].message = String(message.dropFirst(8)) }
        }
        for index in cases.indices where Self.unreadableDocstring(cases[index]) != nil {
            // Not run, so neither passed nor failed.
            findings.append(Self.finding(for: cases[index], path: file.path))
            cases[index].outcome = .skipped
        }
        for failed in cases where failed.outcome == .failed || failed.outcome == .error {
            findings.append(Self.finding(for: failed, path: file.path))
        }
        if run.process.outcome == .exited, let reason = run.reasonForNoResults {
            // pytest could not even collect (an import error, a syntax error in a test), or the
            // code ended the process before any result was written: nothing was shown to pass.
            findings.append(
                Finding(
                    rule: "tests/collection-error", category: .correctness, severity: .error, path: file.path,
                    message: "pytest could not run the tests: \(reason)",
                    fixHint: "the module must import cleanly and must not end the process"))
        }
        return ValidatorReport(
            validator: name, findings: findings, tests: cases, seconds: (ContinuousClock.now - started).seconds)
    }

    /// What doctest said when it could not parse a docstring (pytest reports the module's doctest
    /// collection as failed, with doctest's own `ValueError` as the last line), else nil.
    static func unreadableDocstring(_ failed: TestCaseResult) -> String? {
        guard failed.outcome == .error, let message = failed.message,
            message.hasPrefix(JUnitReport.collectionFailure), message.contains("of the docstring for")
        else { return nil }
        return message.dropFirst(JUnitReport.collectionFailure.count).trimmingCharacters(in: CharacterSet(charactersIn: ": "))
    }

    /// A failing test as a finding whose message says what was expected and what happened.
    static func finding(for failed: TestCaseResult, path: String) -> Finding {
        let flat = (failed.message ?? "see the test output").split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        if failed.isDocstringExample, let unreadable = unreadableDocstring(failed) {
            // doctest could not parse a docstring, so none of the module's docstring examples
            // ran: a check that did not run, not code that failed it. The spec's own examples
            // still run as tests of their own.
            return Finding(
                rule: "tests/doctest-unreadable", category: .correctness, severity: .warning, path: path,
                message: "the docstring examples were not run: doctest could not read them (\(unreadable))",
                fixHint:
                    "a backslash escape such as \\n inside a docstring that is not raw becomes a real line break; use a raw docstring (r\"\"\"...\"\"\") or escape the backslash"
            )
        }
        if failed.isDocstringExample {
            // A doctest: pytest names it after the object (`module.function`) and reports the
            // numbered docstring; the failing example is the last `>>>` line.
            var example = flat
            if let prompt = flat.range(of: ">>> ", options: .backwards) { example = String(flat[prompt.lowerBound...]) }
            if let traceback = example.range(of: "Traceback") { example = String(example[..<traceback.lowerBound]) }
            example = example.replacingOccurrences(of: #"\s\d{3}\s"#, with: " ", options: .regularExpression)
            return Finding(
                rule: "tests/doctest-failed", category: .correctness, severity: .error, path: path,
                message:
                    "the docstring example of `\(failed.name.split(separator: ".").last ?? "")` does not hold: \(example.prefix(400))",
                fixHint:
                    "make the code and its docstring agree: fix the example where the code is right, or the code where the example is; doctest compares printed output, so `2` is not `2.0` and an exception needs a `Traceback (most recent call last):` line and the error"
            )
        }
        return Finding(
            rule: failed.name.hasPrefix("test_spec_example") ? "tests/spec-example-failed" : "tests/failed",
            category: .correctness, severity: .error, path: path,
            message: "\(failed.name) \(failed.outcome == .error ? "errored" : "failed"): \(flat.prefix(400))",
            fixHint: "make the code satisfy the test")
    }
}

/// Reads pytest's JUnit XML.
enum JUnitReport {
    /// pytest's message for a file it could not collect; the reason is in the error's text.
    static let collectionFailure = "collection failure"

    static func parse(_ url: URL) -> [TestCaseResult] {
        guard let data = try? Data(contentsOf: url) else { return [] }
        let delegate = Collector()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        // A malformed report yields the cases read before the error; pytest writes whole files.
        _ = parser.parse()
        return delegate.results
    }

    /// A failure's message as kept (400 characters). A doctest's starts with the numbered
    /// docstring up to the failing example; what matters is that example, what it expected and
    /// what it got, so the message is kept from its last `>>>` line.
    static func kept(_ message: String) -> String {
        guard let prompt = doctestPrompt(in: message) else { return String(message.prefix(400)) }
        return String(message[prompt...].prefix(400))
    }

    /// Where the failing example of a doctest report starts (its last `>>>`), or nil when
    /// `report` is not a doctest's failure.
    static func doctestPrompt(in report: String) -> String.Index? {
        guard report.contains("Expected:") || report.contains("Exception raised:") else { return nil }
        return report.range(of: ">>> ", options: .backwards)?.lowerBound
    }

    /// pytest cuts a long message attribute short and says the whole report is in the element.
    static let truncatedMessage = "full report in element text]"

    private final class Collector: NSObject, XMLParserDelegate {
        var results: [TestCaseResult] = []
        var current: TestCaseResult?
        var text = ""
        /// Whether pytest cut the current failure's message attribute short.
        var cutShort = false

        func parser(
            _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            switch element {
            case "testcase":
                let file = attributes["file"] ?? attributes["classname"] ?? ""
                current = TestCaseResult(
                    name: attributes["name"] ?? "?", file: file, outcome: .passed, message: nil,
                    seconds: Double(attributes["time"] ?? "") ?? 0)
            case "failure", "error", "skipped":
                current?.outcome = element == "failure" ? .failed : element == "error" ? .error : .skipped
                cutShort = attributes["message"]?.hasSuffix(JUnitReport.truncatedMessage) == true
                // pytest's "[+N more lines; …]" says nothing to whoever reads the message.
                current?.message = attributes["message"].map {
                    JUnitReport.kept(cutShort ? String($0[..<($0.range(of: "\n[+", options: .backwards)?.lowerBound ?? $0.endIndex)]) : $0)
                }
                text = ""
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
            if element == "testcase", let current {
                results.append(current)
                self.current = nil
            }
            if element == "failure" || element == "error", cutShort, JUnitReport.doctestPrompt(in: text) != nil {
                // A doctest's example, expected and got come after the docstring it cut.
                current?.message = JUnitReport.kept(text)
            } else if (element == "failure" || element == "error"), current?.message == nil || current?.message?.isEmpty == true {
                current?.message = String(text.split(separator: "\n").suffix(3).joined(separator: " ").prefix(400))
            } else if element == "error", current?.message == JUnitReport.collectionFailure {
                // The reason is the traceback's `E   ` lines (an import error, a docstring doctest
                // cannot parse); the bare "collection failure" says nothing.
                let reason = text.split(separator: "\n").filter { $0.hasPrefix("E ") }
                    .map { $0.dropFirst(1).trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
                if !reason.isEmpty { current?.message = String("\(JUnitReport.collectionFailure): \(reason)".prefix(400)) }
            }
        }
    }
}
