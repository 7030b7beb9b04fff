import Testing

@testable import KilnValidation

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

    @Test func looserFormsCountWhenArgumentsAndValuesAreLiterals() {
        let spec = """
            clamp(5, 0, 3) ➞ 3
            is_even(4) ==> True
            is_even(7)==>False
            area(2, 3) = 6
            slug("A B")   # returns "a-b"
            slug("x#y") # => 'x#y'
            assert total([1, 2]) => 3
            for total([]) == 0
            total([2, 3]) -> 2 + 3 = 5
            """
        let examples = SpecExample.parse(spec)
        #expect(
            examples.map(\.call) == [
                "clamp(5, 0, 3)", "is_even(4)", "is_even(7)", "area(2, 3)", #"slug("A B")"#, #"slug("x#y")"#, "total([1, 2])",
                "total([])", "total([2, 3])",
            ])
        #expect(
            examples.map(\.expectation) == [
                "3", "True", "False", "6", #""a-b""#, "'x#y'", "3", "0", "5",
            ].map(SpecExample.Expectation.equals))
    }

    @Test func notationIsNotAnExample() {
        // Free names, lower-case constants, arithmetic and trailing prose are notation.
        let spec = """
            fib(n) -> fib(n - 1) + fib(n - 2)
            is_even(x) => true
            is_even(3) => false
            step(2) = 1 + 2 / 2
            check("a.txt") # => 'Yes' (the name starts with a letter)
            """
        #expect(SpecExample.parse(spec).isEmpty)
        // `seq(n) = ...` defines seq by a formula, so `seq(0) = 1` belongs to the definition.
        #expect(SpecExample.parse("seq(0) = 1\nseq(n) = seq(n - 1) + 2").isEmpty)
        #expect(SpecExample.parse("seq(0) = 1").count == 1)
    }

    @Test func doctestCommentsAndOutputsOverSeveralLines() {
        let spec = """
            >>> round(root([1, 2]), 2)  # f(x) = 1 + 2x
            -0.5
            >>> words(["a b", "c"])
            ["a", "b",
             "c"]
            """
        let examples = SpecExample.parse(spec)
        #expect(examples.map(\.call) == ["round(root([1, 2]), 2)", #"words(["a b", "c"])"#])
        #expect(examples.map(\.expectation) == [.equals("-0.5"), .equals(#"["a", "b", "c"]"#)])
    }

    @Test func examplesOfFunctionsTheSpecDoesNotDeclareAreDropped() {
        let spec = #"""
            def total(xs: list[int]) -> int:
                """Sums xs.
                sum_all([1, 2]) == 3
                total([1, 2]) == 3
                round(total([1, 2]) / 2) == 2
                """
            """#
        #expect(SpecExample.parse(spec).map(\.call) == ["total([1, 2])", "round(total([1, 2]) / 2)"])
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
