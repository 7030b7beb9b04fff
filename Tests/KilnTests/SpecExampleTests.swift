import Testing

@testable import KilnCore

@Suite("Examples written in a spec")
struct SpecExampleTests {
    @Test func inlineExamplesInOneSentence() {
        let examples = SpecExample.parse(
            "a function named median; an empty list raises ValueError. Examples: median([3, 1, 2]) == 2; median([4, 1, 3, 2]) -> 2.5; median([]) raises ValueError"
        )
        #expect(
            examples == [
                SpecExample(call: "median([3, 1, 2])", expectation: .equals("2"), function: "median"),
                SpecExample(call: "median([4, 1, 3, 2])", expectation: .equals("2.5"), function: "median"),
                SpecExample(call: "median([])", expectation: .raises("ValueError"), function: "median"),
            ])
    }

    @Test func doctestPairsAndBullets() {
        let spec = """
            Parse a duration.
            >>> parse_duration("1h30m")
            5400
            >>> parse_duration("")
            Traceback (most recent call last):
            - parse_duration("90s") returns 90
            """
        let examples = SpecExample.parse(spec)
        #expect(examples.map(\.call) == [#"parse_duration("1h30m")"#, #"parse_duration("")"#, #"parse_duration("90s")"#])
        #expect(examples[0].expectation == .equals("5400"))
        #expect(examples[2].expectation == .equals("90"))
    }

    @Test func proseIsNotAnExample() {
        #expect(SpecExample.parse("takes a list of numbers, returns the median, handles empty lists").isEmpty)
        #expect(SpecExample.parse("the result -> a float").isEmpty)
    }

    @Test func examplesBecomeAPytestModule() {
        let module = SpecExample.pytestModule(
            [
                SpecExample(call: "f(1)", expectation: .equals("2"), function: "f"),
                SpecExample(call: "f(-1)", expectation: .raises("ValueError"), function: "f"),
            ],
            module: "solution")
        #expect(module.contains("from solution import *"))
        #expect(module.contains("    result = f(1)\n    expected = 2\n"))
        #expect(module.contains(#"assert result == expected, "f(1)" + " returned %r, expected %r" % (result, expected)"#))
        #expect(module.contains("    with pytest.raises(ValueError):\n        f(-1)"))
        #expect(SpecExample.pythonString("g(\"a\\b\")\n") == #""g(\"a\\b\")\n""#)
    }
}
