import Foundation
import KilnCore
import KilnValidation
import Testing

@Suite("Code extraction from model replies")
struct CodeExtractorTests {
    let extractor = PythonToolchain(python: URL(fileURLWithPath: "/nonexistent"), helperDirectory: URL(fileURLWithPath: "/tmp")).codeExtractor

    @Test func dedentRemovesOnlyTheSharedIndentation() {
        #expect(
            CodeExtractor.dedent("    def f(self):\n\n        return 1\n")
                == "def f(self):\n\nreturn 1\n".replacingOccurrences(of: "\nreturn", with: "\n    return"))
        #expect(CodeExtractor.dedent("def f():\n    return 1") == "def f():\n    return 1")
    }

    @Test func takesTheFencedBlockAndDropsProse() throws {
        let reply = """
            Here is the function you asked for:

            ```python
            def median(xs: list[float]) -> float:
                return sorted(xs)[len(xs) // 2]
            ```

            It sorts the list first.
            """
        #expect(
            try extractor.extract(from: reply) == "def median(xs: list[float]) -> float:\n    return sorted(xs)[len(xs) // 2]\n")
    }

    @Test func leavesOutUsageBlocksThatDefineNothing() throws {
        let reply = """
            ```python
            import statistics

            def mid(xs):
                return statistics.median(xs)
            ```
            Usage:
            ```python
            print(mid([1, 2, 3]))
            ```
            """
        let code = try extractor.extract(from: reply)
        #expect(code.contains("def mid"))
        #expect(!code.contains("print("))
    }

    @Test func ignoresBlocksInOtherLanguages() throws {
        let reply = "```bash\npip install numpy\n```\n```py\ndef f():\n    return 1\n```\n"
        #expect(try extractor.extract(from: reply) == "def f():\n    return 1\n")
    }

    @Test func handlesTildeFencesAndACutOffLastFence() throws {
        #expect(try extractor.extract(from: "~~~python\nx = 1\n~~~\n") == "x = 1\n")
        #expect(try extractor.extract(from: "```python\ndef f():\n    return 2\n") == "def f():\n    return 2\n")
    }

    @Test func trimsProseAroundUnfencedCode() throws {
        let reply = """
            Sure! Here you go.
            def add(a: int, b: int) -> int:
                return a + b

            This adds two numbers.
            """
        #expect(try extractor.extract(from: reply) == "def add(a: int, b: int) -> int:\n    return a + b\n")
    }

    @Test func aReplyWithoutCodeIsAnError() {
        #expect(throws: CodeExtractor.Failure.self) {
            try extractor.extract(from: "I'm sorry, I cannot help with that request.")
        }
    }

    @Test(arguments: [
        ("```python\n```", true),
        ("", true),
        ("```python\nclass A:\n    pass\n```", false),
    ])
    func emptyBlocksAreNoCode(reply: String, fails: Bool) {
        let result = Result { try extractor.extract(from: reply) }
        #expect((try? result.get()) == nil ? fails : !fails)
    }
}
