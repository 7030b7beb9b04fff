/// The spec says nothing about what goes in.
public struct NoInputsRule: PromptLintRule {
    public let identifier = "no-inputs"
    public let severity = PromptLintFinding.Severity.error
    public let triggeringExamples = ["write code", "compute the median", "a function that returns a greeting string"]
    public let nonTriggeringExamples = [
        "takes a list of numbers, returns the median, handles empty lists",
        "Given two sorted lists of ints, merge them",
        "def slugify(title: str) -> str: lowercase, hyphens between words",
        "parse the ISO date string passed as the first argument",
    ]
    public init() {}

    public func check(_ spec: PromptSpec) -> PromptLintFinding? {
        let inputs = [
            "takes", "take", "given", "accepts", "accept", "receives", "input", "inputs", "parameter", "parameters", "argument",
            "arguments", "passed", "from a", "from an", "of a", "of an", "for a", "for an", "with a", "with an",
        ]
        if spec.mentions(inputs) || spec.matches([#"\w+\s*\([^)]*\w[^)]*\)"#, #"\bdef\s+\w+"#]) { return nil }
        return PromptLintFinding(
            rule: identifier, severity: severity,
            message: "the spec does not say what the code receives, so the model will invent the inputs and their shape",
            fix: "name each input with its type: \"takes a list of floats `values` and an int `k`\"",
            skeletonLine: "- Takes: <each input, with its name and type>")
    }
}

/// The spec says nothing about what comes out.
public struct NoOutputRule: PromptLintRule {
    public let identifier = "no-output"
    public let severity = PromptLintFinding.Severity.error
    public let triggeringExamples = ["write code", "a function that takes a list of numbers", "handle the user list"]
    public let nonTriggeringExamples = [
        "takes a list of numbers, returns the median, handles empty lists",
        "def area(r: float) -> float",
        "prints each line of the file with its number",
        "yields the primes below n",
    ]
    public init() {}

    public func check(_ spec: PromptSpec) -> PromptLintFinding? {
        let outputs = [
            "return", "returns", "returning", "output", "outputs", "produce", "produces", "yield", "yields", "print", "prints",
            "result", "results", "write", "writes", "emit", "emits", "raise", "raises", "convert", "converts", "compute",
            "computes",
            "calculate", "calculates", "count", "counts", "sort", "sorts", "build", "builds", "create", "creates",
        ]
        if spec.mentions(outputs) && !spec.lower.hasPrefix("write code") || spec.text.contains("->") { return nil }
        return PromptLintFinding(
            rule: identifier, severity: severity,
            message: "the spec does not say what the code returns or produces",
            fix: "state the result and its type: \"returns the median as a float\"",
            skeletonLine: "- Returns: <the result, with its type>")
    }
}

/// The spec names no edge case and no error behaviour.
public struct NoEdgeCasesRule: PromptLintRule {
    public let identifier = "no-edge-cases"
    public let severity = PromptLintFinding.Severity.warning
    public let triggeringExamples = ["takes a list of numbers and returns the median", "write code"]
    public let nonTriggeringExamples = [
        "takes a list of numbers, returns the median, handles empty lists",
        "returns None on parse error",
        "raises ValueError if n is negative",
        "for an invalid email address return False",
    ]
    public init() {}

    public func check(_ spec: PromptSpec) -> PromptLintFinding? {
        let edges = [
            "empty", "none", "null", "invalid", "error", "errors", "raise", "raises", "exception", "edge", "negative", "zero",
            "missing", "malformed", "duplicate", "duplicates", "overflow", "unicode", "whitespace", "boundary", "fails",
            "failure",
            "otherwise", "unless", "if", "when",
        ]
        if spec.mentions(edges) { return nil }
        return PromptLintFinding(
            rule: identifier, severity: severity,
            message:
                "no edge case or error behaviour is named; without one the model picks its own (often silently returning None)",
            fix: "say what happens on empty, missing or invalid input: \"an empty list raises ValueError\"",
            skeletonLine: "- Edge cases: <empty / invalid / missing input> → <raise WhichError | return what>")
    }
}

/// The spec gives no types.
public struct NoTypesRule: PromptLintRule {
    public let identifier = "no-types"
    public let severity = PromptLintFinding.Severity.warning
    public let triggeringExamples = ["write code", "takes some values and returns the middle one"]
    public let nonTriggeringExamples = [
        "takes a list of numbers, returns the median, handles empty lists",
        "takes a file path string and returns a dict",
        "def f(x: int) -> bool",
        "uses type hints",
    ]
    public init() {}

    public func check(_ spec: PromptSpec) -> PromptLintFinding? {
        let types = [
            "int", "ints", "integer", "integers", "float", "floats", "str", "string", "strings", "bool", "boolean", "list",
            "lists",
            "dict", "dicts", "dictionary", "dictionaries", "tuple", "tuples", "set", "sets", "bytes", "number", "numbers",
            "decimal", "datetime", "date", "array", "json", "none", "optional", "typing", "type", "types", "hints", "callable",
            "iterator", "iterable", "generator", "dataclass", "class",
        ]
        if spec.mentions(types) || spec.text.contains(":") && spec.text.contains("->") { return nil }
        return PromptLintFinding(
            rule: identifier, severity: severity,
            message: "no types are given, so the model guesses them and the code may not fit yours",
            fix: "give the types of inputs and result, or ask for type hints: \"takes list[float], returns float\"",
            skeletonLine: "- Types: <input types> → <result type>; use type hints")
    }
}
