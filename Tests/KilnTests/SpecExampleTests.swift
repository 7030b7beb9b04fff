import Foundation
import KilnSystem
import Testing

@testable import KilnValidation

/// The examples a spec states, read by Python's own parser (the toolchain's `readSpec`).
@Suite("Examples written in a spec", .enabled(if: TestPaths.python != nil))
struct SpecExampleTests {
    func read(_ spec: String) async throws -> SpecReading {
        let helpers = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: helpers) }
        return try await PythonToolchain(python: try #require(TestPaths.python), helperDirectory: helpers).readSpec(spec)
    }

    func examples(_ spec: String) async throws -> [SpecExample] { try await read(spec).examples }

    /// The stub a spec shows may import what its signature uses (`List`): those imports are read
    /// so the code can have them back if it leaves them out. Relative imports are not kept.
    @Test func theImportsOfTheSpecsCodeAreRead() async throws {
        let spec = """
            Complete this function.

            ```python
            from typing import List, Tuple
            import math
            from . import sibling


            def spread(values: List[float]) -> Tuple[float, float]:
                \"\"\"Smallest and largest.\"\"\"
            ```
            """
        #expect(try await read(spec).imports == ["from typing import List, Tuple", "import math"])
    }

    /// Problem statements give examples by their inputs: `Input:` (named or bare, on its line or
    /// the lines below) then `Output:`. They become calls of the signature's function, arguments
    /// placed by its parameters. 13 HumanEval prompts write examples only this way or as below.
    @Test func examplesGivenByTheirInputsCallTheSignaturesFunction() async throws {
        let spec = """
            Write top_k(values, k, reverse=False): the k largest values, largest first.

            Example 1:
                Input: values = [3, 1, 2], k = 2
                Output: [3, 2]
                Explanation: 3 and 2 are the largest.

            Example 2:
                Input:
                    k : 1
                    values : [5]
                Output: [5]   # one value

            Input: [1, 2], 1, true
            Output:
                [1]
            """
        let examples = try await examples(spec)
        #expect(examples.map(\.call) == ["top_k([3, 1, 2], 2)", "top_k([5], 1)", "top_k([1, 2], 1, True)"])
        #expect(examples.map(\.expectation) == [.equals("[3, 2]"), .equals("[5]"), .equals("[1]")])
        #expect(examples.allSatisfy { $0.function == "top_k" })
    }

    /// Named inputs go positionally while they are the signature's first parameters, by keyword
    /// after a gap or for keyword-only ones; `*args` takes any number of bare inputs.
    @Test func inputsArePlacedByTheSignature() async throws {
        let gap = try await examples("def f(a, b=0, *, c=1):\n    Input: c = 3, a = 1\n    Output: 4\n")
        #expect(gap.map(\.call) == ["f(1, c=3)"])
        let skipped = try await examples("def f(a=0, b=0):\n    Input: b = 2\n    Output: 2\n")
        #expect(skipped.map(\.call) == ["f(b=2)"])
        let many = try await examples("def total(*values):\n    Input: 1, 2, 3\n    Output: 6\n")
        #expect(many.map(\.call) == ["total(1, 2, 3)"])
    }

    @Test func forTheseInputsTheOutputShouldBe() async throws {
        let spec = """
            def reverse_delete(s: str, c: str) -> tuple[str, bool]:
                \"\"\"
                For s = "abcde", c = "ae", the result should be ('bcd',False)
                For s = "abcdedcba", c = "ab", the result should be ('cdedc',True).
                \"\"\"
            """
        let examples = try await examples(spec)
        #expect(examples.map(\.call) == ["reverse_delete('abcde', 'ae')", "reverse_delete('abcdedcba', 'ab')"])
        #expect(examples.map(\.expectation) == [.equals("('bcd', False)"), .equals("('cdedc', True)")])
    }

    /// A value and what it becomes, written without the call (pattern-eval's slugify and
    /// mask-card specs): a call of the spec's one function when it requires one argument. Not
    /// where it requires two, nor for a class, whose constructor returns no such value.
    @Test func aValueAndWhatItBecomesCallTheFunctionThatTakesOne() async throws {
        let slugify = try await examples(
            #"Write a Python function slugify(title: str, max_length: int = 60) -> str. Drop every non-ASCII character that remains (so "Crème Brûlée" becomes "creme-brulee"), and lowercase it; for example "Hello, World" → "hello-world"."#
        )
        #expect(slugify.map(\.call) == ["slugify('Crème Brûlée')", "slugify('Hello, World')"])
        #expect(slugify.map(\.expectation) == [.equals("'creme-brulee'"), .equals("'hello-world'")])
        #expect(slugify.first?.text == #""Crème Brûlée" becomes "creme-brulee""#)
        let two = try await read(#"Write a function pad(text: str, width: int) -> str, so "ab" becomes "ab  "."#)
        #expect(two.examples.isEmpty)
        #expect(two.unreadable.isEmpty)
        let type = try await read(#"Write a class Slug(title: str) whose str() is the slug: "A B" becomes "a-b"."#)
        #expect(type.examples.isEmpty)
    }

    /// "converts a compact duration such as "1h30m", "45s" or "2d4h" into total seconds" names
    /// inputs the function takes without their results: read as calls, apart from the examples
    /// (they state nothing to compare with). Not where the sentence is about errors, where the
    /// strings come after a result word (outputs), or where the one parameter is not a `str`.
    @Test func inputsTheSpecNamesAsOnesItTakesAreReadApartFromTheExamples() async throws {
        let duration = try await read(
            #"Write a Python function parse_duration(text: str) -> int that converts a compact duration such as "1h30m", "45s" or "2d4h" into total seconds. Raise ValueError for malformed input such as "1h1h"."#
        )
        #expect(duration.inputs == ["parse_duration('1h30m')", "parse_duration('45s')", "parse_duration('2d4h')"])
        #expect(duration.examples.isEmpty)
        #expect(try await read("Write label(score: str) -> str that returns a label such as 'high' or 'low'.").inputs.isEmpty)
        #expect(try await read("Write total(rows: list) for rows such as 'a,1'.").inputs.isEmpty)
        #expect(try await read("Write a class Slug(title: str) for titles like 'A B'.").inputs.isEmpty)
        // One the spec also states a result for is an example, not repeated here.
        let slug = try await read(#"Write slugify(title: str) -> str for titles like "Hello World"; for example "Hello World" → "hello-world"."#)
        #expect(slug.inputs.isEmpty)
        #expect(slug.examples.map(\.call) == ["slugify('Hello World')"])
    }

    /// `Input:` and `Output:` that describe types are no examples, and are not reported as ones.
    @Test func inputsAndOutputsDescribedInWordsAreNoExamples() async throws {
        let reading = try await read(
            "def total(values):\n    Input: a list of numbers\n    Output: their sum, or 0 for an empty list\n")
        #expect(reading.examples.isEmpty)
        #expect(reading.unreadable.isEmpty)
    }

    /// An input named for no parameter could be placed only by guessing: reported, not guessed
    /// (HumanEval/115 names `bucket_capacity` for the parameter `capacity`).
    @Test func anInputNamingNoParameterIsReportedNotGuessed() async throws {
        let reading = try await read(
            "def max_fill(grid, capacity):\n    Input:\n        grid : [[0, 1]]\n        bucket_capacity : 1\n    Output: 1\n")
        #expect(reading.examples.isEmpty)
        #expect(reading.unreadable.map(\.reason) == ["`bucket_capacity` is not a parameter of `max_fill(grid, capacity)`"])
    }

    @Test func inlineExamplesInOneSentence() async throws {
        let examples = try await examples(
            "a function named median; an empty list raises ValueError. Examples: median([3, 1, 2]) == 2; median([4, 1, 3, 2]) -> 2.5; median([]) raises ValueError"
        )
        #expect(examples.map(\.call) == ["median([3, 1, 2])", "median([4, 1, 3, 2])", "median([])"])
        #expect(examples.map(\.expectation) == [.equals("2"), .equals("2.5"), .raises("ValueError")])
        #expect(examples.allSatisfy { $0.function == "median" && $0.line == 1 })
    }

    /// The commonest way to write an example in Python, in every spacing: the string parser this
    /// replaced read none of `assert f(x)==y` (14 of 28 specs of a hidden benchmark).
    @Test func assertsInAnySpacing() async throws {
        let spec = """
            Write add(a, b). assert add(1,2)==3
            assert add(-1, 1)==0
            assert   add( 0 , 0 )  ==  0 , "zero"
            add(2,2)==4 and add(3,3)==6
            assert abs(add(0.1, 0.2) - 0.3) < 1e-9
            """
        let examples = try await examples(spec)
        #expect(examples.map(\.call) == ["add(1, 2)", "add(-1, 1)", "add(0, 0)", "add(2, 2)", "add(3, 3)", "abs(add(0.1, 0.2) - 0.3) < 1e-09"])
        #expect(examples.prefix(5).map(\.expectation) == ["3", "0", "0", "4", "6"].map(SpecExample.Expectation.equals))
        #expect(examples.last?.expectation == .holds)
    }

    @Test func doctestsIncludingASessionThatSetsThingsUp() async throws {
        let spec = """
            Parse a duration.
            >>> parse_duration("1h30m")
            5400
            >>> parse_duration("")
            Traceback (most recent call last):
              ...
            ValueError: empty
            - parse_duration("90s") returns 90

            A stack:
            >>> s = Stack()
            >>> s.push(1)
            >>> s.pop()
            1
            """
        let examples = try await examples(spec)
        #expect(examples.map(\.expectation) == [.equals("5400"), .raises("ValueError"), .script, .equals("90")])
        #expect(examples[2].call == "s = Stack()\ns.push(1)\nassert (s.pop()) == (1)")
        #expect(examples[2].function == "Stack")
    }

    @Test func proseIsNotAnExample() async throws {
        #expect(try await read("takes a list of numbers, returns the median, handles empty lists") == SpecReading())
        #expect(try await read("the result -> a float") == SpecReading())
        #expect(try await read("Write a function next_smallest() that returns the 2nd smallest element.") == SpecReading())
    }

    @Test func looserFormsAndBackticks() async throws {
        let spec = """
            clamp(5, 0, 3) ➞ 3
            is_even(4) ==> True
            is_even(7)==>False
            is_even(9) => false
            area(2, 3) = 6
            slug("A B")   # returns "a-b"
            slug("x#y") # => 'x#y'
            for total([]) == 0
            total([2, 3]) -> 2 + 3 = 5
            total([1, 3]) == 1 + 3 = 4
            For example, `is_palindrome('abba')` returns `True` and `is_palindrome('ab')` returns False.
            check("1a.dll") # => 'No' (the name should start with a letter)
            clamp(9, 0, 3) ➞ 3 (the upper bound)
            """
        let examples = try await examples(spec)
        #expect(
            examples.map(\.call) == [
                "clamp(5, 0, 3)", "is_even(4)", "is_even(7)", "is_even(9)", "area(2, 3)", "slug('A B')", "slug('x#y')",
                "total([])", "total([2, 3])", "total([1, 3])", "is_palindrome('abba')", "is_palindrome('ab')",
                "check('1a.dll')", "clamp(9, 0, 3)",
            ])
        #expect(
            examples.map(\.expectation) == [
                "3", "True", "False", "False", "6", "'a-b'", "'x#y'", "0", "5", "4", "True", "False", "'No'", "3",
            ].map(SpecExample.Expectation.equals))
        // A prose comment after a call states no value: not an example, and nothing to report.
        #expect(try await read("slug(\"A B\")  # returns the slug of the title") == SpecReading())
    }

    @Test func notationIsNotAnExample() async throws {
        // Free names and formulas are notation: neither examples nor unreadable.
        let spec = """
            fib(n) -> fib(n - 1) + fib(n - 2)
            fibfib(n) == fibfib(n-1) + fibfib(n-2)
            is_even(x) => true
            step(2) = 1 + 2 / 2
            """
        #expect(try await read(spec) == SpecReading())
        // `seq(n) = ...` defines seq by a formula, so `seq(0) = 1` belongs to the definition.
        #expect(try await examples("seq(0) = 1\nseq(n) = seq(n - 1) + 2").isEmpty)
        #expect(try await examples("seq(0) = 1").count == 1)
    }

    /// Signatures and method names in prose are how specs are written, not examples (each of these
    /// was once read as an example or reported unreadable).
    @Test func signaturesAndMethodNamesInProseAreNotExamples() async throws {
        let specs = [
            "Write a Python function is_valid_iban(value: str) -> bool for a payments form.",
            "Write add_business_days(start: date, days: int, holidays: Iterable[date] = ()) -> date for computing due dates.",
            "parse_env(text: str) -> dict[str, str] that parses a .env file",
            "Write a Stack class with push(item), pop(), peek() and is_empty() methods. pop() and peek() raise IndexError when the stack is empty.",
            "Write a Rectangle class with methods area(), perimeter() and is_square().",
            "a class named Tally whose add(n) method adds n to a running total that total() returns",
        ]
        for spec in specs {
            #expect(try await read(spec) == SpecReading(), "\(spec)")
        }
    }

    @Test func anExampleThatCannotBeReadIsReportedNotDropped() async throws {
        let reading = try await read(
            "median([1, 2, 3) == 2\nfind([\"a\"]) == \"\"a\"\nsign(-2) -> negative one\nsign(5)  # => positive one")
        #expect(reading.examples.isEmpty)
        #expect(reading.unreadable.map(\.line) == [1, 2, 3, 4])
        #expect(reading.unreadable[2].reason.contains("`negative one` is not a Python value"))
        #expect(reading.unreadable[3].reason.contains("`positive one` is not a Python value"))
        #expect(reading.findings.count == 4)
        #expect(reading.findings.allSatisfy { $0.rule == "spec/unreadable-example" && $0.severity == .warning })
    }

    @Test func codeBlocksOfAssertsAndPytestRaises() async throws {
        let spec = """
            Implement f.
            ```python
            assert f(1)==2
            with pytest.raises(ValueError):
                f(-1)
            ```
            """
        let examples = try await examples(spec)
        #expect(examples.map(\.call) == ["f(1)", "f(-1)"])
        #expect(examples.map(\.expectation) == [.equals("2"), .raises("ValueError")])
    }

    /// A block cut off in the middle of a line (a model's reply at its token limit): the checks
    /// before the cut are read; a two-line `pytest.raises` block read line by line would be lost.
    @Test func theChecksBeforeTheCutOfABlockCutOffMidLineAreRead() async throws {
        let spec = "```python\nassert f(1) == 2\nwith pytest.raises(ValueError):\n    f(-1)\nwith pytest.raises(ValueError):\n    f(\"x\n"
        let examples = try await examples(spec)
        #expect(examples.map(\.call) == ["f(1)", "f(-1)"])
        #expect(examples.map(\.expectation) == [.equals("2"), .raises("ValueError")])
    }

    /// How small models write results: exact numbers as `Decimal("1.50")`, an error as
    /// `== pytest.raises(E)` or `== E("message")`, `is None`, a number as arithmetic. Each is read as the call and its
    /// result (an error), never as a claim that carries its own answer in the call.
    @Test func decimalsAnErrorAsAValueIsNoneAndArithmeticAreReadAsResults() async throws {
        let spec = """
            ```python
            assert split(Decimal("10.00"), 2) == [Decimal("5.00"), Decimal('5.00')]
            assert split(Decimal("1"), 0) == pytest.raises(ValueError)
            assert split(Decimal("1"), -1) == ValueError("parts must be positive")
            assert find([]) is None
            assert seconds("2d4h") == 86400 * 2 + 3600 * 4
            ```
            """
        let examples = try await examples(spec)
        #expect(
            examples.map(\.call) == ["split(Decimal('10.00'), 2)", "split(Decimal('1'), 0)", "split(Decimal('1'), -1)", "find([])", "seconds('2d4h')"])
        #expect(
            examples.map(\.expectation) == [
                .equals("[Decimal('5.00'), Decimal('5.00')]"), .raises("ValueError"), .raises("ValueError"), .equals("None"), .equals("187200"),
            ])
        #expect(examples.map(\.function) == ["split", "split", "split", "find", "seconds"])
    }

    /// Dates, times and durations are values too (`datetime(..., tzinfo=timezone.utc)`,
    /// `timedelta(hours=2)`), keywords included; a signature written in words with a parameter
    /// named `date` is still notation, not an example. The test module imports them, and two
    /// datetimes in different zones compare as the instants they are.
    @Test func datesTimesAndDurationsAreReadAsResultsAndImportedForTheirTests() async throws {
        let spec = """
            shift(date, days) -> date
            ```python
            assert merge([(datetime(2024, 1, 1, 9, tzinfo=timezone.utc), datetime(2024, 1, 1, 10, tzinfo=timezone.utc))]) == [(datetime(2024, 1, 1, 9, tzinfo=timezone.utc), datetime(2024, 1, 1, 10, tzinfo=timezone.utc))]
            assert shift(date(2024, 1, 30), 2) == date(2024, 2, 1)
            assert span(timedelta(hours=2)) == 7200
            ```
            """
        let reading = try await read(spec)
        #expect(reading.unreadable.isEmpty, "\(reading.unreadable)")
        #expect(reading.examples.map(\.function) == ["merge", "shift", "span"])
        #expect(reading.examples.map(\.expectation) == [
            .equals("[(datetime(2024, 1, 1, 9, tzinfo=timezone.utc), datetime(2024, 1, 1, 10, tzinfo=timezone.utc))]"),
            .equals("date(2024, 2, 1)"), .equals("7200"),
        ])

        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The code keeps each slot in another zone: the same instants.
        try """
            import datetime as dt


            def merge(slots):
                east = dt.timezone(dt.timedelta(hours=2))
                return [(start.astimezone(east), end.astimezone(east)) for start, end in slots]


            def shift(day, days):
                return day + dt.timedelta(days=days)


            def span(duration):
                return int(duration.total_seconds())

            """.write(to: directory.appendingPathComponent("solution.py"), atomically: true, encoding: .utf8)
        var module = PythonSpecTests.module(reading.examples, module: "solution")
        #expect(module.contains("from datetime import date, datetime, timedelta, timezone\nfrom solution import *"))
        module = module.replacingOccurrences(of: "import pytest\n", with: "")
            + "\nfor test in (test_spec_example_1, test_spec_example_2, test_spec_example_3):\n    test()\nprint('held')\n"
        try module.write(to: directory.appendingPathComponent("check.py"), atomically: true, encoding: .utf8)
        let run = try await ProcessRunner.run(
            try #require(TestPaths.python).path, ["check.py"], currentDirectory: directory, timeout: .seconds(60))
        #expect(String(decoding: run.stdout, as: UTF8.self) == "held\n", "\(String(decoding: run.stderr, as: UTF8.self))")
    }

    @Test func doctestCommentsAndOutputsOverSeveralLines() async throws {
        let spec = """
            >>> round(root([1, 2]), 2)  # f(x) = 1 + 2x
            -0.5
            >>> words(["a b", "c"])
            ["a", "b",
             "c"]
            >>> count([1, 1, 2]) == 3
            \"\"\"
            """
        let examples = try await examples(spec)
        #expect(examples.map(\.call) == ["round(root([1, 2]), 2)", "words(['a b', 'c'])", "count([1, 1, 2])"])
        #expect(examples.map(\.expectation) == [.equals("-0.5"), .equals("['a', 'b', 'c']"), .equals("3")])
    }

    @Test func examplesOfFunctionsTheSpecDoesNotDeclareAreDropped() async throws {
        let spec = #"""
            def total(xs: list[int]) -> int:
                """Sums xs.
                sum_all([1, 2]) == 3
                total([1, 2]) == 3
                round(total([1, 2]) / 2) == 2
                """
            """#
        #expect(try await examples(spec).map(\.call) == ["total([1, 2])", "round(total([1, 2]) / 2)"])
    }

    /// A failed example's message names both types when they differ (HumanEval/137's repairs
    /// read "returned 2.3, expected '2,3'" and kept returning the float), and only then.
    @Test func aFailedExampleSaysWhenTheTypesDiffer() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "def f(x):\n    return 2.3 if x else 4\n".write(
            to: directory.appendingPathComponent("solution.py"), atomically: true, encoding: .utf8)
        var module = PythonSpecTests.module(
            [
                SpecExample(call: "f(1)", expectation: .equals("'2,3'"), function: "f"),
                SpecExample(call: "f(0)", expectation: .equals("5"), function: "f"),
            ],
            module: "solution")
        // Run without pytest: each test function called, its assertion message printed.
        module = module.replacingOccurrences(of: "import pytest\n", with: "")
        module += "\nfor test in (test_spec_example_1, test_spec_example_2):\n    try:\n        test()\n    except AssertionError as failure:\n        print(failure)\n"
        try module.write(to: directory.appendingPathComponent("check.py"), atomically: true, encoding: .utf8)
        let run = try await ProcessRunner.run(
            try #require(TestPaths.python).path, ["check.py"], currentDirectory: directory, timeout: .seconds(60))
        let output = String(decoding: run.stdout, as: UTF8.self)
        #expect(output == "f(1) returned 2.3, expected '2,3' (type float, where the expected value has type str)\nf(0) returned 4, expected 5\n")
    }

    /// An example's `Decimal` is imported by its test module (the code may use `decimal.Decimal`
    /// and never bind the name).
    @Test func anExactNumberAnExampleStatesIsImportedForItsTest() async throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "import decimal\n\n\ndef half(x):\n    return x / 2\n".write(
            to: directory.appendingPathComponent("solution.py"), atomically: true, encoding: .utf8)
        var module = PythonSpecTests.module(
            [SpecExample(call: "half(Decimal('3'))", expectation: .equals("Decimal('1.5')"), function: "half")], module: "solution")
        #expect(module.contains("from decimal import Decimal\nfrom solution import *"))
        #expect(!module.contains("Fraction"))
        module = module.replacingOccurrences(of: "import pytest\n", with: "") + "\ntest_spec_example_1()\nprint('held')\n"
        try module.write(to: directory.appendingPathComponent("check.py"), atomically: true, encoding: .utf8)
        let run = try await ProcessRunner.run(
            try #require(TestPaths.python).path, ["check.py"], currentDirectory: directory, timeout: .seconds(60))
        #expect(String(decoding: run.stdout, as: UTF8.self) == "held\n", "\(String(decoding: run.stderr, as: UTF8.self))")
    }

    @Test func examplesBecomeAPytestModule() {
        let module = PythonSpecTests.module(
            [
                SpecExample(call: "f(1)", expectation: .equals("2"), function: "f"),
                SpecExample(call: "f(-1)", expectation: .raises("ValueError"), function: "f"),
                SpecExample(call: "f(2) > 1", expectation: .holds, function: "f", text: "f(2) > 1"),
                SpecExample(call: "s = S()\nassert (s.f()) == (1)", expectation: .script, function: "S"),
            ],
            module: "solution")
        #expect(module.contains("from solution import *"))
        #expect(module.contains("def test_spec_example_1():\n    result = f(1)\n    expected = 2\n"))
        #expect(module.contains(#"assert result == expected, "f(1)" + " returned %r, expected %r" % (result, expected) + "# + PythonSpecTests.typeNote))
        #expect(module.contains("    with pytest.raises(ValueError):\n        f(-1)"))
        #expect(module.contains("def test_spec_example_3():\n    assert f(2) > 1, \"the spec says `f(2) > 1`, which does not hold\""))
        #expect(module.contains("def test_spec_example_4():\n    s = S()\n    assert (s.f()) == (1)\n"))
        #expect(PythonSpecTests.pythonString("g(\"a\\b\")\n") == #""g(\"a\\b\")\n""#)
    }
}
