import Foundation
import KilnCore
import KilnPipeline
import KilnValidation
import Testing

/// The spec as numbered requirements, and the status rule: `passed` only when every requirement
/// was checked by an executed case that passed.
@Suite("Requirements from the spec")
struct RequirementTests {
    static let medianExample = SpecExample(
        call: "median([3, 1, 2])", expectation: .equals("2"), function: "median", line: 1, text: "median([3, 1, 2]) == 2")

    @Test func aSpecSplitsIntoNumberedRequirementsOfEachKind() {
        let spec =
            "Write a function named median that takes a list of numbers, returns the median, ignoring None values, and handles empty lists. It must handle up to 1,000,000 numbers. median([3, 1, 2]) == 2"
        let requirements = SpecRequirements(spec: spec, reading: SpecReading(examples: [Self.medianExample]))
            .evaluate(tests: [])
        #expect(requirements.map(\.id) == ["R1", "R2", "R3", "R4", "R5", "R6"])
        #expect(requirements.map(\.kind) == [.input, .result, .behaviour, .edgeCase, .inputSize, .example])
        #expect(requirements[0].text == "takes a list of numbers")
        #expect(requirements[2].text == "ignoring None values")
        #expect(requirements.allSatisfy { $0.status == .unchecked && $0.note != nil })
    }

    /// A statement under a condition is not held by examples that need not meet it: 03-slugify's
    /// one short example held "If the slug is longer than max_length, cut it …" for code that
    /// never cut correctly. It is a behaviour that needs a case of its own; the unconditional
    /// result is still held by the example.
    @Test func aResultStatedUnderAConditionIsNotHeldByTheOtherExamples() {
        let spec =
            "Write a function median(numbers) that returns the median of a list of numbers. If the list has an even length, return the mean of the two middle values.\nmedian([3, 1, 2]) == 2"
        var example = Self.medianExample
        example.line = 2
        let requirements = SpecRequirements(spec: spec, reading: SpecReading(examples: [example]))
            .evaluate(tests: [TestCaseResult(name: "test_spec_example_1", file: "t.py", outcome: .passed)])
        #expect(requirements.map(\.kind) == [.result, .behaviour, .example], "\(requirements)")
        #expect(requirements.map(\.status) == [.held, .unchecked, .held])
        #expect(requirements[1].text.hasPrefix("If the list has an even length"))
    }

    /// Code that rejects input the spec allows is told which requirement allows it, and that the
    /// template's general call for exceptions does not cover it.
    @Test func repairFeedbackForARejectedValidInputNamesTheRequirementThatAllowsIt() {
        let spec = "takes a list of numbers, returns the median; median([3, 1, 2]) == 2"
        let requirements = SpecRequirements(spec: spec, reading: SpecReading(examples: [Self.medianExample]))
            .evaluate(tests: [TestCaseResult(name: "test_spec_example_1", file: "t.py", outcome: .passed)])
        let rejection = Finding(
            rule: "probes/rejects-valid-input", category: .correctness, severity: .error, path: "m.py", line: 3,
            message: "`median([-3, 1, 2])` raised ValueError at `raise ValueError('negative')`")
        let message = RepairFeedback.message(for: [rejection], requirements: requirements)
        #expect(message.contains("line 3: `median([-3, 1, 2])` raised ValueError"))
        #expect(message.contains("(R1 \"takes a list of numbers\")"))
        #expect(message.contains("Delete that check"))
        // Nothing failed, so no requirement is named as broken.
        #expect(!message.contains("breaks these requirements"))
        #expect(!RepairFeedback.message(for: [], requirements: requirements).contains("Delete that check"))
    }

    /// A docstring example that does not hold may be the wrong one: the feedback says so and does
    /// not tell the model to keep the expected values, unless a spec example or test failed too.
    @Test func repairFeedbackForADocstringExampleLetsTheModelFixEitherSide() {
        let doctest = Finding(
            rule: "tests/doctest-failed", category: .correctness, severity: .error, path: "m.py",
            message: "the docstring example of `median` does not hold: >>> median([1, 3, 2]) Expected: 2.0 Got: 2",
            fixHint: "make the code and its docstring agree")
        let failedDoctest = TestCaseResult(name: "m.median", file: "m.py", outcome: .failed)
        let alone = RepairFeedback.message(for: [doctest], tests: [failedDoctest])
        #expect(alone.contains("Expected: 2.0 Got: 2 (make the code and its docstring agree)"))
        #expect(!alone.contains("change the code, not the expected values"))
        let example = Finding(
            rule: "tests/spec-example-failed", category: .correctness, severity: .error, path: "m.py",
            message: "test_spec_example_1 failed: median([3, 1, 2]) returned 3, expected 2", fixHint: "make the code satisfy the test")
        let both = RepairFeedback.message(
            for: [doctest, example], tests: [failedDoctest, TestCaseResult(name: "test_spec_example_1", file: "t.py", outcome: .failed)])
        #expect(both.contains("change the code, not the expected values"))
        #expect(!both.contains("(make the code satisfy the test)"))
    }

    /// An example the reader could not read is a requirement nothing checks: the examples that were
    /// read do not hold it, and a spec with one is never `passed` on them (HumanEval/141's second
    /// example was once read as a result statement and held by the first).
    @Test func anExampleTheReaderCouldNotReadIsUncheckedNotHeldByTheOthers() {
        let spec = """
            returns 'Yes' if the name is valid, and returns 'No' otherwise.
            check("a.txt") # => 'Yes'
            check("1a.dll") # => 'No', says the rule about letters
            """
        let read = SpecExample(
            call: "check('a.txt')", expectation: .equals("'Yes'"), function: "check", line: 2, text: "check(\"a.txt\") # => 'Yes'")
        let reading = SpecReading(
            examples: [read],
            unreadable: [
                UnreadableExample(
                    line: 3, text: "check(\"1a.dll\") # => 'No', says the rule about letters",
                    reason: "the expected value `'No', says the rule about letters` is not a Python value")
            ])
        let requirements = SpecRequirements(spec: spec, reading: reading)
            .evaluate(tests: [TestCaseResult(name: "test_spec_example_1", file: "t.py", outcome: .passed)])
        #expect(requirements.map(\.kind) == [.result, .result, .example, .example])
        #expect(requirements.map(\.status) == [.held, .held, .held, .unchecked])
        #expect(requirements[3].text.hasPrefix("check(\"1a.dll\")"))
        #expect(requirements[3].checkedBy.isEmpty)
        #expect(requirements[3].note?.contains("could not read this example") == true)
        #expect(requirements[3].note?.contains("is not a Python value") == true)
        // Without the reader's report the same line is a result statement the other example holds.
        let unreported = SpecRequirements(spec: spec, reading: SpecReading(examples: [read]))
            .evaluate(tests: [TestCaseResult(name: "test_spec_example_1", file: "t.py", outcome: .passed)])
        #expect(unreported.last?.status == .held)
    }

    /// A passing example does not show which of a list of conditions it exercises (HumanEval/141
    /// was `passed` and wrong with each condition "held" by `example.txt → 'Yes'`).
    @Test func eachConditionOfAListIsARequirementNoPassingExampleHolds() {
        let spec = """
            Returns 'Yes' if the file's name is valid, and returns 'No' otherwise.
            A file's name is valid if and only if all the following conditions
            are met:
            - There should not be more than three digits in the file's name.
            - The name contains exactly one dot.
            - The part before the dot starts with a letter from
            the latin alphabet.
            Examples:
            check("example.txt") == 'Yes'
            """
        let example = SpecExample(
            call: "check('example.txt')", expectation: .equals("'Yes'"), function: "check", line: 10,
            text: "check(\"example.txt\") == 'Yes'")
        let requirements = SpecRequirements(spec: spec, reading: SpecReading(examples: [example]))
            .evaluate(tests: [TestCaseResult(name: "test_spec_example_1", file: "t.py", outcome: .passed)])
        let conditions = requirements.filter { $0.note?.contains("one of the conditions the spec lists") == true }
        #expect(conditions.map(\.text) == [
            "There should not be more than three digits in the file's name",
            "The name contains exactly one dot",
            "The part before the dot starts with a letter from the latin alphabet",
        ])
        #expect(conditions.allSatisfy { $0.kind == .behaviour && $0.status == .unchecked && $0.checkedBy.isEmpty })
        // The statement of the result is still the examples' to hold, and the example its own.
        #expect(requirements.first?.status == .held)
        #expect(requirements.last?.kind == .example)
        #expect(requirements.last?.status == .held)

        // Items under "Constraints:" or "Requirements:" are no conditions of a result.
        for heading in ["Constraints:", "Requirements:"] {
            let listed = SpecRequirements(
                spec: "Returns the sum of the list.\n\(heading)\n- takes a list of numbers\n- returns an int",
                reading: SpecReading()
            ).evaluate(tests: [])
            #expect(listed.allSatisfy { $0.note?.contains("conditions the spec lists") != true }, "\(heading)")
        }
        // A list ends at a line that is neither an item nor goes on with one.
        let ended = SpecRequirements(
            spec: "Valid when these rules hold:\n1. The name is not empty.\nReturns True for a valid name.",
            reading: SpecReading()
        ).evaluate(tests: [])
        #expect(ended.map { $0.note?.contains("conditions the spec lists") == true } == [false, true, false])
    }

    /// "pop() and peek() raise IndexError when the stack is empty" is held by the probe that called
    /// both on an empty stack, and by nothing else.
    @Test func anEmptyObjectsEdgeCaseIsHeldByItsProbe() {
        let spec = "Write a Stack class with push(item), pop(), peek() and is_empty() methods. pop() and peek() raise IndexError when the stack is empty."
        let list = SpecRequirements(spec: spec, reading: SpecReading())
        let probed = list.evaluate(tests: [TestCaseResult(name: "probe_edge_empty_object_pop_peek", file: "Stack", outcome: .passed)])
        let edge = probed.first { $0.kind == .edgeCase }
        #expect(edge?.status == .held)
        #expect(edge?.checkedBy == ["probe_edge_empty_object_pop_peek"])
        // The empty-argument probe of a function holds nothing here.
        let other = list.evaluate(tests: [TestCaseResult(name: "probe_edge_empty", file: "f", outcome: .passed)])
        #expect(other.first { $0.kind == .edgeCase }?.status == .unchecked)
    }

    /// A stated TypeError is an edge case held by the wrong-type probe for its own parameter only.
    @Test func aStatedTypeErrorIsHeldByTheProbeForItsParameter() {
        let spec = "parse_duration(text) converts \"1h30m\" into seconds. Raise TypeError if text is not a str."
        let list = SpecRequirements(spec: spec, reading: SpecReading())
        let probed = list.evaluate(tests: [TestCaseResult(name: "probe_edge_wrong_type_text_str", file: "m", outcome: .passed)])
        #expect(probed.last?.kind == .edgeCase)
        #expect(probed.last?.status == .held)
        #expect(probed.last?.checkedBy == ["probe_edge_wrong_type_text_str"])
        // A probe of another parameter holds nothing here.
        let other = list.evaluate(tests: [TestCaseResult(name: "probe_edge_wrong_type_unit_str", file: "m", outcome: .passed)])
        #expect(other.last?.status == .unchecked)
        let failed = list.evaluate(tests: [TestCaseResult(name: "probe_edge_wrong_type_text_str", file: "m", outcome: .failed)])
        #expect(failed.last?.status == .failed)
    }

    @Test func eachKindIsCheckedOnlyByItsOwnCases() {
        let spec = "takes a list of numbers, returns the median, ignoring None values, handles empty lists; median([3, 1, 2]) == 2"
        let list = SpecRequirements(spec: spec, reading: SpecReading(examples: [Self.medianExample]))
        let passing = [
            TestCaseResult(name: "test_spec_example_1", file: "test_kiln_spec_examples.py", outcome: .passed),
            TestCaseResult(name: "probe_edge_empty", file: "median", outcome: .passed),
        ]
        let requirements = list.evaluate(tests: passing)
        #expect(requirements.map(\.status) == [.held, .held, .unchecked, .held, .held])
        #expect(requirements[3].checkedBy == ["probe_edge_empty"])
        #expect(requirements[4].checkedBy == ["test_spec_example_1"])
        // Probes alone state no result: what the code returns is unchecked without an example.
        let probesOnly = list.evaluate(tests: [passing[1]])
        #expect(probesOnly[1].status == .unchecked)
        #expect(probesOnly[4].status == .unchecked)
        // A failing example fails its requirement and every result requirement it states.
        let failing = list.evaluate(tests: [
            TestCaseResult(name: "test_spec_example_1", file: "test_kiln_spec_examples.py", outcome: .failed)
        ])
        #expect(failing.map(\.status) == [.failed, .failed, .unchecked, .unchecked, .failed])
    }

    @Test func doctestsAndCodeBlocksAreRequirementsOfTheirOwnAndCodeIsNotProse() {
        let spec = #"""
            def median(numbers: list[float]) -> float:
                """Return the median.

                >>> median([3, 1, 2])
                2
                """
            """#
        let example = SpecExample(
            call: "median([3, 1, 2])", expectation: .equals("2"), function: "median", line: 4, text: ">>> median([3, 1, 2])")
        let requirements = SpecRequirements(spec: spec, reading: SpecReading(examples: [example])).evaluate(tests: [])
        #expect(requirements.map(\.text) == ["Return the median", ">>> median([3, 1, 2])"])
        #expect(requirements.map(\.kind) == [.result, .example])
    }

    /// A spec given as a stub in a code block (HumanEval's form, and a common way to ask): the
    /// docstring is the spec's prose, lines wrapped inside a sentence are one statement, and the
    /// code around it states nothing. Before, everything in a code block was skipped, so such a
    /// spec's only requirements were its doctests.
    @Test func aStubsDocstringInACodeBlockIsProseAndItsWrappedLinesAreOneStatement() {
        let spec = #"""
            Complete this function.

            ```python
            from typing import List

            def below_zero(operations: List[int]) -> bool:
                """ You're given a list of deposit and withdrawal operations on a bank account that starts
                with zero balance. Return True if the balance ever falls below zero, and
                otherwise False. Do not use recursion.
                >>> below_zero([1, 2, -4, 5])
                True
                """
                balance = 0  # a comment is code too
            ```
            """#
        let example = SpecExample(
            call: "below_zero([1, 2, -4, 5])", expectation: .equals("True"), function: "below_zero", line: 10,
            text: ">>> below_zero([1, 2, -4, 5])")
        let requirements = SpecRequirements(spec: spec, reading: SpecReading(examples: [example])).evaluate(tests: [
            TestCaseResult(name: "test_spec_example_1", file: "test_kiln_spec_examples.py", outcome: .passed)
        ])
        #expect(
            requirements.map(\.text) == [
                "Complete this function",
                "You're given a list of deposit and withdrawal operations on a bank account that starts with zero balance",
                "Return True if the balance ever falls below zero, and otherwise False", "Do not use recursion",
                ">>> below_zero([1, 2, -4, 5])",
            ])
        #expect(requirements.map(\.status) == [.held, .held, .held, .unchecked, .held])
        // "Do not use recursion" is checked on the code: held when the static check found no call cycle.
        #expect(requirements[3].kind == .structure)
        #expect(requirements[3].note == "the static check for recursion did not run")
        let checked = SpecRequirements(spec: spec, reading: SpecReading(examples: [example])).evaluate(tests: [
            TestCaseResult(name: "test_spec_example_1", file: "test_kiln_spec_examples.py", outcome: .passed),
            TestCaseResult(name: SpecEdgeCase.noRecursionCaseName, file: "solution.py", outcome: .passed),
        ])
        #expect(checked.map(\.status) == [.held, .held, .held, .held, .held])
        #expect(checked[3].checkedBy == [SpecEdgeCase.noRecursionCaseName])
        for phrase in ["Do not use recursion", "without recursion", "must not be recursive", "a non-recursive version", "Solve it iteratively"] {
            #expect(SpecEdgeCase.forbidsRecursion(phrase), "\(phrase)")
        }
        for phrase in ["use recursion", "a recursive descent parser", "returns the number of recursions"] {
            #expect(!SpecEdgeCase.forbidsRecursion(phrase), "\(phrase)")
        }
    }

    /// Joining wrapped lines must not merge a spec written one requirement per line, nor a
    /// statement with the example on the next line.
    @Test func aSpecWrittenOneRequirementPerLineStaysOnePerLine() {
        let example = SpecExample(call: "median([3, 1, 2])", expectation: .equals("2"), function: "median", line: 4, text: "median([3, 1, 2]) == 2")
        let spec = "takes a list of numbers\nreturns the median\nignoring None values\nmedian([3, 1, 2]) == 2"
        let requirements = SpecRequirements(spec: spec, reading: SpecReading(examples: [example])).evaluate(tests: [])
        #expect(requirements.map(\.kind) == [.input, .result, .behaviour, .example])
    }

    /// An edge stated in parentheses inside a statement of what the code does is no edge-case
    /// requirement of its own: its probe holding would hold the whole statement (a Tally whose
    /// `total()` an attribute shadowed was `passed` on the TypeError probe alone). A sentence
    /// that is the edge statement stays one.
    @Test func anEdgeInParenthesesInsideAResultStatementDoesNotHoldIt() {
        let spec =
            "a class named Tally whose add(n) method adds the integer n to a running total (TypeError if n is not an int), and whose total() method returns that total, 0 for a new Tally"
        let requirements = SpecRequirements(spec: spec, reading: SpecReading())
            .evaluate(tests: [TestCaseResult(name: "probe_edge_wrong_type_n_int", file: "Tally", outcome: .passed)])
        #expect(requirements.allSatisfy { $0.kind != .edgeCase && $0.status == .unchecked }, "\(requirements)")
        let edge = SpecRequirements(spec: "Raise TypeError if capacity is not an int (bool is rejected too).", reading: SpecReading())
            .evaluate(tests: [])
        #expect(edge.map(\.kind) == [.edgeCase])
    }

    /// The code's own docstring example is its writer's word: it holds no requirement (e04-flatten
    /// was `passed` on `flatten`'s own doctest, for code that drops every value but ints). A spec
    /// example or a test does.
    @Test func theCodesOwnDocstringExampleHoldsNoRequirement() {
        let spec = "Write flatten(items) that turns an arbitrarily nested list of lists into one flat list."
        let requirements = SpecRequirements(spec: spec, reading: SpecReading())
        let doctest = TestCaseResult(name: "solution.flatten", file: "solution.py", outcome: .passed)
        #expect(doctest.isDocstringExample)
        let alone = requirements.evaluate(tests: [doctest])
        #expect(alone.map(\.status) == [.unchecked], "\(alone)")
        #expect(alone.first?.note?.contains("no example or test states a result") == true)
        let tested = requirements.evaluate(tests: [doctest, TestCaseResult(name: "test_flat", file: "test_flatten.py", outcome: .passed)])
        #expect(tested.map(\.status) == [.held])
        #expect(tested.first?.checkedBy == ["test_flat"])
        #expect(!TestCaseResult(name: "probe_edge_empty", file: "flatten", outcome: .passed).isDocstringExample)
    }

    /// A quote mark after a backslash is quoted text, and one never closed is a plain character:
    /// either way the sentences after it stay requirements of their own (05-parse-env's last five
    /// sentences were one requirement after `\"`, and no case was asked for any of them).
    @Test func aQuoteMarkThatOpensNothingDoesNotSwallowTheSentencesAfterIt() {
        func texts(_ spec: String) -> [String] {
            SpecRequirements(spec: spec, reading: SpecReading()).evaluate(tests: []).map(\.text)
        }
        #expect(
            texts(#"A double-quoted value supports the escapes \n, \" and \\; a single-quoted value is literal. An empty value gives "". Later keys win."#)
                == [#"A double-quoted value supports the escapes \n, \" and \\"#, "a single-quoted value is literal", #"An empty value gives """#, "Later keys win"])
        #expect(texts(#"Inches are written 5". A missing value gives 0. Raise ValueError for text."#)
            == [#"Inches are written 5""#, "A missing value gives 0", "Raise ValueError for text"])
        // A quoted stretch that closes still holds its dots: "a. b" is one value.
        #expect(texts(#"Separators such as "a. b" are kept. Blank text gives []."#) == [#"Separators such as "a. b" are kept"#, "Blank text gives []"])
        // The dot of "e.g." or "i.e." ends no sentence.
        #expect(
            texts(#"Raise ValueError if an amount is not a plain decimal, e.g. "abc" or "1e3". Blank rows are skipped, i.e. ignored."#)
                == [#"Raise ValueError if an amount is not a plain decimal, e.g. "abc" or "1e3""#, "Blank rows are skipped, i.e. ignored"])
        #expect(SpecEdgeCase.parse("Raise ValueError for a bad total, e.g. an empty list.").map(\.input) == [.empty])
    }

    /// "is" and "are" need a subject: they start a requirement of their own only after the
    /// function's own predicates; elsewhere their subject came before them (HumanEval docstrings
    /// wrap "an array that / is read the same…" and write "Strange sorting, is when…").
    @Test func isAndAreGoOnWithTheSubjectBeforeThem() {
        func texts(_ spec: String) -> [String] {
            SpecRequirements(spec: spec, reading: SpecReading()).evaluate(tests: []).map(\.text)
        }
        #expect(texts("takes a list of numbers, returns the median, is stable") == ["takes a list of numbers", "returns the median", "is stable"])
        #expect(texts("Write a function that returns the median and is stable.") == ["returns the median", "is stable"])
        #expect(texts("takes a list of numbers\nreturns the median\nis stable") == ["takes a list of numbers", "returns the median", "is stable"])
        #expect(
            texts("Check if in given list of numbers, are any two numbers closer to each other than given threshold.")
                == ["Check if in given list of numbers, are any two numbers closer to each other than given threshold"])
        #expect(
            texts("A palindromic array is an array that\nis read the same backwards and forwards.")
                == ["A palindromic array is an array that is read the same backwards and forwards"])
        #expect(
            texts("Create a function that returns True if the last character is a letter and is not a part of a word, and False otherwise.")
                == ["returns True if the last character is a letter and is not a part of a word, and False otherwise"])
        #expect(texts("Strange sorting, is when you start with the minimum value.") == ["Strange sorting, is when you start with the minimum value"])
        // A method named is_… is a name, not the verb (pattern-eval's e03-rectangle lost is_square() this way).
        #expect(texts("Write a Rectangle class created with a width and a height, with methods area(), perimeter() and is_square().").count == 1)
        #expect(texts("takes a list, returns a Stack with push(item) and is_empty()") == ["takes a list", "returns a Stack with push(item) and is_empty()"])
    }

    /// Problem statements: a condition and its consequence are one requirement ("If there are no
    /// even values, return []" was cut at the comma and "return []" dropped as a fragment), an
    /// "Example 1" label states nothing, and an example written over an `Input:` and an `Output:`
    /// line is one requirement, not also two lines of prose.
    @Test func problemStatementsConditionsLabelsAndInputOutputExamples() {
        let spec = """
            If there are no even values or the given array is empty, return [].
            The plucked node should be returned in a list.

            Example 1:
                Input: [4,2,3]
                Output: [2, 1]
            For lst = [1,2,3] the output should be [2, 1]
            """
        let examples = [
            SpecExample(call: "pluck([4, 2, 3])", expectation: .equals("[2, 1]"), function: "pluck", line: 5, text: "Input: [4,2,3]\nOutput: [2, 1]"),
            SpecExample(
                call: "pluck([1, 2, 3])", expectation: .equals("[2, 1]"), function: "pluck", line: 7,
                text: "For lst = [1,2,3] the output should be [2, 1]"),
        ]
        let requirements = SpecRequirements(spec: spec, reading: SpecReading(examples: examples)).evaluate(tests: [
            TestCaseResult(name: "test_spec_example_1", file: "test_kiln_spec_examples.py", outcome: .passed),
            TestCaseResult(name: "test_spec_example_2", file: "test_kiln_spec_examples.py", outcome: .passed),
        ])
        #expect(
            requirements.map(\.text) == [
                "If there are no even values or the given array is empty, return []",
                "The plucked node should be returned in a list",
                "For lst = [1,2,3] the output should be [2, 1]",
                "Input: [4,2,3]\nOutput: [2, 1]",
            ])
        #expect(requirements.map(\.kind) == [.edgeCase, .result, .example, .example])
        #expect(requirements[2].checkedBy == ["test_spec_example_2"])
        #expect(requirements[3].checkedBy == ["test_spec_example_1"])
        // Without a condition before it, a comma and a verb still start a requirement.
        #expect(
            SpecRequirements(spec: "takes a list of numbers, returns the median", reading: SpecReading()).evaluate(tests: []).count == 2)
    }

    /// An edge case is held only when the probes checked all of it: every input it names, and no
    /// part of its condition that no probe builds (HumanEval/68's "no even values" was called
    /// held because the empty-array probe passed, and the code returned `[inf, -1]` for it).
    @Test func anEdgeCaseIsHeldOnlyWhenTheProbesCheckedAllOfIt() {
        func requirement(_ spec: String, ran probes: [String]) -> Requirement? {
            SpecRequirements(spec: spec, reading: SpecReading()).evaluate(
                tests: probes.map { TestCaseResult(name: $0, file: "probes", outcome: .passed) }
            ).first
        }
        let whole = requirement("If the list is empty, return 0.", ran: ["probe_edge_empty"])
        #expect(whole?.kind == .edgeCase)
        #expect(whole?.status == .held)
        let part = requirement("If there are no even values or the given array is empty, return [].", ran: ["probe_edge_empty"])
        #expect(part?.kind == .edgeCase)
        #expect(part?.status == .unchecked)
        #expect(part?.checkedBy == ["probe_edge_empty"])
        #expect(part?.note?.contains("there are no even values") == true, "\(String(describing: part))")
        #expect(SpecEdgeCase.unprobedConditions("If the list is empty or None, return 0") == ["None"])
        #expect(SpecEdgeCase.unprobedConditions("when given negative numbers it raises ValueError").isEmpty)
        #expect(SpecEdgeCase.unprobedConditions("returns None for an empty list").isEmpty)
        // The condition stated as the inputs it is for, without "if".
        #expect(SpecEdgeCase.unprobedConditions("Returns 0 for an empty list or None") == ["None"])
        #expect(
            SpecEdgeCase.unprobedConditions("Raises ValueError on an empty string or one with only spaces, otherwise returns it")
                == ["one with only spaces"])
        #expect(SpecEdgeCase.unprobedConditions("returns 0 for empty and negative inputs").isEmpty)
        // "and for" starts another input (pattern-eval e02-bank-account): the probe checks one of them.
        #expect(
            SpecEdgeCase.unprobedConditions(
                "Raise ValueError for an amount that is not positive and for a withdrawal larger than the balance")
                == ["a withdrawal larger than the balance"])
        #expect(SpecEdgeCase.unprobedConditions("Works with negative numbers or zero") == ["zero"])
        for opener in SpecEdgeCase.conditionOpeners {
            #expect(SpecEdgeCase.unprobedConditions("\(opener) there are no even values, return []") == ["there are no even values"])
        }
        // A range stated in one sentence, its error in the next: held when both ends were probed.
        let range = "Convert an integer from 1 to 3999 to a Roman numeral. Raise ValueError for numbers outside that range."
        let ends = requirement(range, ran: []).map { _ in
            SpecRequirements(spec: range, reading: SpecReading()).evaluate(
                tests: ["probe_edge_below_range", "probe_edge_above_range"].map {
                    TestCaseResult(name: $0, file: "probes", outcome: .passed)
                })
        }
        #expect(ends?.last?.kind == .edgeCase)
        #expect(ends?.last?.status == .held)
        #expect(ends?.last?.checkedBy == ["probe_edge_above_range", "probe_edge_below_range"])
        let oneEnd = SpecRequirements(spec: range, reading: SpecReading()).evaluate(
            tests: [TestCaseResult(name: "probe_edge_below_range", file: "probes", outcome: .passed)])
        #expect(oneEnd.last?.status == .unchecked)
        // A method named is_empty() is no empty input (pattern-eval e01-stack's method list was read as an edge case).
        #expect(SpecEdgeCase.parse("a Stack with push(item) and is_empty() methods that also supports len()").isEmpty)
        #expect(SpecEdgeCase.parse("handles an empty list").count == 1)
    }

    /// "Return them in order (smaller number, larger number)" is a result the examples show and an
    /// order the result-order probe checks on every pair the code returns: one pair out of order
    /// fails it even where the examples passed. A result statement that also gives the order
    /// ("Returned list should be sorted in increasing order") stays unchecked without an example
    /// of the values; a qualifier that states only the order ("must be in ascending order") is
    /// held by the probe.
    @Test func aStatedOrderOfTheResultIsCheckedByTheResultOrderProbe() {
        let example = SpecExample(
            call: "closest([1.0, 2.0, 2.2])", expectation: .equals("(2.0, 2.2)"), function: "closest", line: 2,
            text: "closest([1.0, 2.0, 2.2]) == (2.0, 2.2)")
        let spec = """
            Select the two numbers closest to each other and return them in order (smaller number, larger number).
            closest([1.0, 2.0, 2.2]) == (2.0, 2.2)
            """
        let requirements = SpecRequirements(spec: spec, reading: SpecReading(examples: [example]))
        let passing = [
            TestCaseResult(name: "test_spec_example_1", file: "test_kiln_spec_examples.py", outcome: .passed),
            TestCaseResult(name: SpecResultOrder.caseName, file: "closest", outcome: .passed),
        ]
        let held = requirements.evaluate(tests: passing)
        #expect(held.map(\.text).contains("return them in order (smaller number, larger number)"), "\(held.map(\.text))")
        let order = held.firstIndex { $0.text.hasPrefix("return them in order") } ?? 0
        #expect(held[order].kind == .result)
        #expect(held[order].status == .held)
        #expect(held[order].checkedBy == ["test_spec_example_1", SpecResultOrder.caseName])
        #expect(held.filter { $0.checkedBy.contains(SpecResultOrder.caseName) }.count == 1)
        let outOfOrder = requirements.evaluate(tests: [
            passing[0], TestCaseResult(name: SpecResultOrder.caseName, file: "closest", outcome: .failed),
        ])
        #expect(outOfOrder[order].status == .failed)
        // Without the probe (no list came back to judge) the examples alone decide, as before.
        #expect(requirements.evaluate(tests: [passing[0]])[order].status == .held)

        let sortedNote = SpecRequirements(
            spec: "Return the odd numbers of the Collatz sequence of n. Returned list should be sorted in increasing order.",
            reading: SpecReading(examples: []))
        let byProbe = sortedNote.evaluate(tests: [passing[1]])
        #expect(byProbe.count == 2)
        // Without an example the values are unchecked, and the note says the order alone was.
        #expect(byProbe[1].status == .unchecked)
        #expect(byProbe[1].checkedBy == [SpecResultOrder.caseName])
        #expect(byProbe[1].note?.contains("only the order") == true)
        // A statement of the order alone ("sorted in ascending order", a qualifier) is held by it.
        let qualifier = SpecRequirements(
            spec: "Return the odd numbers of the Collatz sequence of n. The list must be in ascending order.", reading: SpecReading(examples: []))
        let alone = qualifier.evaluate(tests: [passing[1]])
        #expect(alone.map(\.kind) == [.result, .behaviour], "\(alone.map(\.text))")
        #expect(alone.last?.status == .held)
        #expect(qualifier.evaluate(tests: []).last?.status == .unchecked)
    }

    /// What counts as a stated order of the result: one direction, of the values themselves, not
    /// under a condition and not about an input.
    @Test func onlyAnUnconditionalOrderOfTheValuesIsAResultOrder() {
        #expect(SpecResultOrder.stated("Return sorted unique elements in a list") == .ascending)
        #expect(SpecResultOrder.stated("return a sorted list of length k with the maximum k numbers in arr") == .ascending)
        #expect(SpecResultOrder.stated("return the even digits between a and b, in ascending order.") == .ascending)
        #expect(SpecResultOrder.stated("return them in order (smaller number, larger number).") == .ascending)
        #expect(SpecResultOrder.stated("Return the scores from highest to lowest.") == .descending)
        #expect(SpecResultOrder.stated("Returns the names in descending order.") == .descending)
        // By a key, under a condition, both directions, about the input, or nothing at all.
        #expect(SpecResultOrder.stated("Sort the words in ascending order by length.") == nil)
        #expect(SpecResultOrder.stated("sorts the list in ascending order according to the sum of their digits") == nil)
        #expect(
            SpecResultOrder.stated("sort it in ascending order if the sum is odd, or sort it in descending order if it is even") == nil)
        #expect(SpecResultOrder.stated("Given a list of numbers, return whether or not they are sorted in ascending order.") == nil)
        #expect(SpecResultOrder.stated("Return the list sorted in ascending order. Return the keys in descending order.") == nil)
        #expect(SpecResultOrder.stated("Keep the order of the elements the same as in the input.") == nil)
        // A docstring's sentence wrapped over lines is still one sentence (HumanEval/116, /126).
        #expect(SpecResultOrder.stated("sort an array of integers according to\n    number of ones in ascending order.") == nil)
        #expect(SpecResultOrder.stated("return whether or not they are sorted\n    in ascending order.") == nil)
        #expect(SpecResultOrder.stated("Return list of prime factors of given integer in the order\n    from smallest to largest.") == .ascending)
        // The input's order, the input reversed, an order by another key: not the result's values.
        #expect(SpecResultOrder.stated("Given a list of integers sorted in ascending order, return the distinct values.") == nil)
        #expect(SpecResultOrder.stated("Takes a list sorted in descending order and counts its runs.") == nil)
        #expect(SpecResultOrder.stated("Return the list's elements in reverse order.") == nil)
        #expect(SpecResultOrder.stated("Return the words in increasing order of length.") == nil)
        #expect(SpecResultOrder.stated("Return the indices of the values from smallest to largest value.") == nil)
        #expect(SpecResultOrder.stated("Return the names sorted, ignoring case.") == nil)
        #expect(SpecResultOrder.stated("Given a list, return it sorted in descending order.") == .descending)
    }

    /// "The function should return …" states what the code returns, as "returns …" does; "must
    /// not" and "never" still ask for a case of their own.
    @Test func aModalReturnStatesAResult() {
        let requirements = SpecRequirements(
            spec: "You get a string of words. The function should return the words sorted. It must not use sorted(). It must return a list.",
            reading: SpecReading()
        ).evaluate(tests: [])
        #expect(requirements.map(\.kind) == [.result, .result, .behaviour, .result])
        #expect(requirements[1].text == "should return the words sorted")
    }

    /// HumanEval's tasks: Kiln's own instruction is no requirement of the task; its docstring is.
    @Test func aHumanEvalTaskRequiresWhatItsDocstringStatesNotKilnsInstruction() {
        let task = HumanEvalTask(
            taskID: "HumanEval/23", prompt: "def strlen(string: str) -> int:\n    \"\"\" Return length of given string\n    \"\"\"\n",
            entryPoint: "strlen", test: "", header: "")
        let requirements = task.requirements(reading: SpecReading()).evaluate(tests: [])
        #expect(requirements.map(\.text) == ["Return length of given string"])
        // No example: nothing states a result, so the code can at best be unverified.
        #expect(requirements.map(\.status) == [.unchecked])
    }

    @Test func anExampleIsMatchedToItsClauseByLineWhateverItsSpacing() {
        let example = SpecExample(call: "add(1, 2)", expectation: .equals("3"), function: "add", line: 2, text: "assert add(1,2)==3")
        let spec = "Write add(a, b) that returns the sum of a and b.\nassert add(1,2)==3"
        let requirements = SpecRequirements(spec: spec, reading: SpecReading(examples: [example])).evaluate(tests: [])
        #expect(requirements.map(\.kind) == [.result, .example])
        #expect(requirements.map(\.text) == ["returns the sum of a and b", "assert add(1,2)==3"])
    }

    /// Two examples on one line are two requirements, each checked by its own test (an earlier
    /// version gave both to the first clause and left the second unchecked).
    @Test func examplesSharingALineEachBelongToTheirOwnClause() {
        let examples = [
            SpecExample(call: "is_even(4)", expectation: .equals("True"), function: "is_even", line: 1, text: "is_even(4) == True"),
            SpecExample(call: "is_even(7)", expectation: .equals("False"), function: "is_even", line: 1, text: "is_even(7) == False"),
        ]
        let spec = "a function named is_even that takes an int n and returns True when n is even; is_even(4) == True; is_even(7) == False"
        let requirements = SpecRequirements(spec: spec, reading: SpecReading(examples: examples)).evaluate(tests: [
            TestCaseResult(name: "test_spec_example_1", file: "test_kiln_spec_examples.py", outcome: .passed),
            TestCaseResult(name: "test_spec_example_2", file: "test_kiln_spec_examples.py", outcome: .passed),
        ])
        #expect(requirements.suffix(2).map(\.text) == ["is_even(4) == True", "is_even(7) == False"])
        #expect(requirements.suffix(2).map(\.checkedBy) == [["test_spec_example_1"], ["test_spec_example_2"]])
        #expect(requirements.allSatisfy { $0.status == .held })
    }

    /// The commonest way to ask for a class: one sentence listing its methods. Read as a single
    /// requirement, the scenarios for it were one muddle and `total()` ignoring the price went
    /// unnoticed (pattern-eval e04-shopping-cart).
    @Test func aClassSpecListingItsMethodsIsOneRequirementPerMethod() {
        let spec =
            "Write a ShoppingCart class with add_item(name, price, quantity=1), remove_item(name) which removes that item entirely, and total() which returns the sum of price times quantity over the items in the cart."
        let requirements = SpecRequirements(spec: spec, reading: SpecReading()).evaluate(tests: [])
        #expect(
            requirements.map(\.text) == [
                "add_item(name, price, quantity=1)", "remove_item(name) which removes that item entirely",
                "total() which returns the sum of price times quantity over the items in the cart",
            ])
        // A call inside a clause is no new requirement.
        let clause = SpecRequirements(spec: "returns max(a, b) rounded to two places", reading: SpecReading()).evaluate(tests: [])
        #expect(clause.map(\.text) == ["returns max(a, b) rounded to two places"])
        let listed = SpecRequirements(spec: "A Stack class with push(x) and pop() which raises IndexError when empty", reading: SpecReading())
            .evaluate(tests: [])
        #expect(listed.map(\.text) == ["push(x)", "pop() which raises IndexError when empty"])
        // Signatures sharing one predicate stay one requirement.
        let shared = SpecRequirements(
            spec: "Write a Stack class with push(item) and pop(). pop() and peek() raise IndexError when the stack is empty.",
            reading: SpecReading()
        ).evaluate(tests: [])
        #expect(shared.map(\.text).last == "pop() and peek() raise IndexError when the stack is empty")
    }

    /// "Write a Python class User for an account service" announces the task and its purpose: no
    /// requirement. A name after `class` and "whose" are preamble too.
    @Test func theClassNameAndItsPurposeAreNoRequirements() {
        let user = SpecRequirements(
            spec: "Write a Python class User for an account service. User(name) exposes name, whitespace-stripped.",
            reading: SpecReading()
        ).evaluate(tests: [])
        #expect(user.map(\.text) == ["User(name) exposes name, whitespace-stripped"])
        let bucket = SpecRequirements(spec: "Write a Python class TokenBucket that refills tokens every second.", reading: SpecReading())
            .evaluate(tests: [])
        #expect(bucket.map(\.text) == ["refills tokens every second"])
        let account = SpecRequirements(
            spec: "Write a BankAccount class whose constructor takes an optional starting balance.", reading: SpecReading()
        ).evaluate(tests: [])
        #expect(account.map(\.text) == ["constructor takes an optional starting balance"])
    }

    @Test func aSpecOfOnlyAPreambleHasNoRequirements() {
        #expect(SpecRequirements(spec: "Write a Python function.", reading: SpecReading()).isEmpty)
    }
}
