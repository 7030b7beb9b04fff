import Foundation
import KilnCore
import KilnPipeline
import KilnPrompts
import KilnValidation
import KilnTesting
import Testing

/// Choosing among passing candidates by how their behaviour agrees, with a scripted model and the
/// real sandbox.
@Suite("Candidate selection by agreement", .serialized, .enabled(if: TestPaths.python != nil))
struct AgreementSelectionTests {
    static let caseSensitive =
        "```python\ndef is_palindrome(text: str) -> bool:\n    \"\"\"Palindrome check.\"\"\"\n    return text == text[::-1]\n```"
    static let ignoresCase =
        "```python\ndef is_palindrome(text: str) -> bool:\n    \"\"\"Palindrome check, ignoring case.\"\"\"\n    return text.lower() == text.lower()[::-1]\n```"
    static let ignoresCaseToo =
        "```python\ndef is_palindrome(text: str) -> bool:\n    \"\"\"Palindrome check, ignoring case.\"\"\"\n    folded = text.casefold()\n    return folded == folded[::-1]\n```"
    static let inputs =
        "```python\nis_palindrome('Abba')\nis_palindrome('abc')\nis_palindrome('')\nis_palindrome(word)\nprint('x')\n```"
    static let spec = "is_palindrome(text: str) -> bool: True when text reads the same backwards, ignoring case."

    /// `variants`: the vote's variants of the cases (none by default, so each test sees only the
    /// cases it scripts).
    func generator(_ backend: ScriptedBackend, samples: Int, compare: Int, variants: Int = 0) async throws -> (CodeGenerator, URL) {
        let helpers = try TestPaths.temporaryDirectory()
        let toolchain = PythonToolchain(python: try #require(TestPaths.python), helperDirectory: helpers)
        let sandbox = Sandbox(isolation: await Sandbox.detect(), readablePaths: toolchain.sandboxReadablePaths)
        return (
            CodeGenerator(
                backend: backend, check: .parseOnly(CandidateValidator.parseOnly(toolchain, path: "candidate.py")),
                parameters: GenerationParameters(), maxRepairs: 0, samples: samples,
                toolchain: toolchain, template: try TemplateCatalog.builtin(named: "function", in: PythonToolchain.builtinTemplateTexts),
                agreement: try AgreementSelection(toolchain: toolchain, sandbox: sandbox, maximumVariants: variants),
                candidatesToCompare: compare),
            helpers
        )
    }

    @Test func theCandidateTheOthersAgreeWithWinsOverTheFirstToPass() async throws {
        let backend = ScriptedBackend([Self.caseSensitive, Self.ignoresCase, Self.ignoresCaseToo, Self.inputs])
        let (generator, helpers) = try await generator(backend, samples: 3, compare: 3)
        defer { try? FileManager.default.removeItem(at: helpers) }
        let result = try await generator.generate(spec: Self.spec)
        #expect(result.status == .passed)
        #expect(result.attempts.count == 3)
        let selection = try #require(result.selection)
        #expect(selection.method == "agreement")
        #expect(selection.function == "is_palindrome")
        // Only literal calls of the function count; `is_palindrome(word)` and `print` are left out.
        #expect(selection.inputs == ["is_palindrome('Abba')", "is_palindrome('abc')", "is_palindrome('')"])
        #expect(selection.scores == [4, 5, 5])
        #expect(selection.statedResults == 0)
        #expect(result.chosenAttempt == 2)
        #expect(result.code.contains("text.lower()"))
        // The vote's prompt is the versioned `inputs` template, with the spec and the function name.
        let votePrompt = backend.requests[3].messages.last?.content ?? ""
        #expect(votePrompt.contains("Write 12 different test cases for `is_palindrome`"))
        #expect(votePrompt.contains(Self.spec))
    }

    @Test func withOneCandidateToCompareTheFirstPassingIsKeptAndNoVoteIsHeld() async throws {
        let backend = ScriptedBackend([Self.caseSensitive, Self.ignoresCase])
        let (generator, helpers) = try await generator(backend, samples: 3, compare: 1)
        defer { try? FileManager.default.removeItem(at: helpers) }
        let result = try await generator.generate(spec: Self.spec)
        #expect(result.attempts.count == 1)
        #expect(result.selection == nil)
        #expect(backend.requests.count == 1)
    }

    @Test func aCandidateThatHangsOrCrashesAgreesWithNobody() async throws {
        let hangs = "```python\ndef is_palindrome(text: str) -> bool:\n    while True:\n        pass\n```"
        let crashes = "```python\nraise SystemExit(3)\n\ndef is_palindrome(text: str) -> bool:\n    return True\n```"
        let backend = ScriptedBackend([hangs, crashes, Self.ignoresCase, Self.ignoresCaseToo, Self.inputs])
        let (generator, helpers) = try await generator(backend, samples: 4, compare: 4)
        defer { try? FileManager.default.removeItem(at: helpers) }
        let result = try await generator.generate(spec: Self.spec)
        let selection = try #require(result.selection)
        #expect(selection.scores[0] == 0)
        #expect(selection.scores[1] == 0)
        #expect(result.chosenAttempt == 3)
    }

    @Test func resultsTheSpecStatesOutvoteTwoSamplesThatAreWrongTheSameWay() async throws {
        let alsoCaseSensitive =
            "```python\ndef is_palindrome(text: str) -> bool:\n    \"\"\"Palindrome check.\"\"\"\n    return list(text) == list(reversed(text))\n```"
        let cases =
            "```python\nassert is_palindrome('Abba') == True\nassert is_palindrome('abc') == False\nis_palindrome('')\n```"
        let backend = ScriptedBackend([Self.caseSensitive, alsoCaseSensitive, Self.ignoresCase, cases])
        let (generator, helpers) = try await generator(backend, samples: 3, compare: 3)
        defer { try? FileManager.default.removeItem(at: helpers) }
        let result = try await generator.generate(spec: Self.spec)
        let selection = try #require(result.selection)
        // Agreement alone would pick a case-sensitive sample (5, 5, 4); the stated results decide.
        #expect(selection.statedResults == 2)
        #expect(selection.matchesStated == [1, 1, 2])
        #expect(selection.scores == [7, 7, 8])
        #expect(result.chosenAttempt == 3)
    }

    /// Two passing candidates that disagree on an input no case states a result for, and tie on
    /// agreement: independent answers worked out from the spec settle that input, and the
    /// candidate that reproduces their common answer wins; answers that differ settle nothing.
    @Test func aSeparatingInputIsSettledByIndependentAnswersFromTheSpec() async throws {
        let inputs = "```python\nis_palindrome('Abba')\nis_palindrome('abc')\n```"
        let saysTrue = "```python\nassert is_palindrome('Abba') == True  # S1\n```"
        let saysFalse = "```python\nassert is_palindrome( 'Abba' ) == False  # S1\n```"
        func vote(_ answers: [String]) async throws -> (GenerationResult, ScriptedBackend) {
            let backend = ScriptedBackend([Self.caseSensitive, Self.ignoresCase, inputs] + answers)
            let (generator, helpers) = try await generator(backend, samples: 2, compare: 2)
            defer { try? FileManager.default.removeItem(at: helpers) }
            return (try await generator.generate(spec: Self.spec), backend)
        }
        let (settled, backend) = try await vote([saysTrue, saysTrue])
        let selection = try #require(settled.selection)
        #expect(selection.settled == ["assert is_palindrome('Abba') == True"])
        #expect(selection.matchesSettled == [0, 1])
        #expect(selection.scores == [1, 2])
        #expect(settled.chosenAttempt == 2)
        // The answers were asked with the separating call only, tagged, and the spec.
        #expect(backend.requests.count == 5)
        let answerPrompt = backend.requests[4].messages.last?.content ?? ""
        #expect(answerPrompt.contains("is_palindrome('Abba')  # S1"))
        #expect(!answerPrompt.contains("is_palindrome('abc')"))
        #expect(answerPrompt.contains(Self.spec))

        let (unsettled, _) = try await vote([saysTrue, saysFalse])
        #expect(unsettled.selection?.settled == [])
        #expect(unsettled.selection?.scores == [1, 1])
        #expect(unsettled.chosenAttempt == 1)
    }

    /// Two candidates agree on every scripted case; a variant of one (`'xy'` one letter shorter)
    /// is where they part. Answers that agree on its value settle it; answers that agree it
    /// raises do not (a variant may lie outside what the spec allows).
    @Test func aVariantOfTheCasesFindsWhereCandidatesPartAndOnlyAValueSettlesIt() async throws {
        let oneLetterIsNot =
            "```python\ndef is_palindrome(text: str) -> bool:\n    \"\"\"Palindrome check.\"\"\"\n    return len(text) > 1 and text == text[::-1]\n```"
        let plain =
            "```python\ndef is_palindrome(text: str) -> bool:\n    \"\"\"Palindrome check.\"\"\"\n    return text == text[::-1]\n```"
        let spec = "is_palindrome(text: str) -> bool: True when text reads the same backwards."
        func vote(_ answers: [String]) async throws -> (GenerationResult, ScriptedBackend) {
            let backend = ScriptedBackend([oneLetterIsNot, plain, "```python\nis_palindrome('xy')\n```"] + answers)
            let (generator, helpers) = try await generator(backend, samples: 2, compare: 2, variants: 8)
            defer { try? FileManager.default.removeItem(at: helpers) }
            return (try await generator.generate(spec: spec), backend)
        }
        let value = "```python\nassert is_palindrome('y') == True  # S1\nassert is_palindrome('x') == True  # S2\n```"
        let (settled, backend) = try await vote([value, value])
        let selection = try #require(settled.selection)
        #expect(selection.inputs.first == "is_palindrome('xy')")
        #expect(selection.variants == selection.inputs.count - 1)
        #expect(selection.inputs.contains("is_palindrome('y')"))
        #expect(selection.settled == ["assert is_palindrome('y') == True", "assert is_palindrome('x') == True"])
        #expect(settled.chosenAttempt == 2)
        // Only the variants the candidates part on were asked about.
        let asked = backend.requests[3].messages.last?.content ?? ""
        #expect(asked.contains("is_palindrome('y')  # S1\nis_palindrome('x')  # S2"))
        #expect(!asked.contains("is_palindrome('yx')"))

        let raises =
            "```python\nwith pytest.raises(ValueError): is_palindrome('y')  # S1\nwith pytest.raises(ValueError): is_palindrome('x')  # S2\n```"
        let (unsettled, _) = try await vote([raises, raises])
        #expect(unsettled.selection?.settled == [])
        #expect(unsettled.chosenAttempt == 1)
    }

    /// The spec's examples all pass a list of two strings: no variant changes that length, and a
    /// model-written call with one string is dropped, so candidates that differ only on inputs the
    /// spec never allows are not told apart by answers about them (HumanEval/119, where the vote
    /// kept a wrong candidate on `match_parens([')'])`).
    @Test func variantsKeepTheShapeTheSpecsExamplesFix() async throws {
        let ends =
            "```python\ndef same(pair: list[str]) -> bool:\n    \"\"\"Both equal.\"\"\"\n    return pair[0] == pair[-1]\n```"
        let both =
            "```python\ndef same(pair: list[str]) -> bool:\n    \"\"\"Both equal.\"\"\"\n    return len(pair) == 2 and pair[0] == pair[1]\n```"
        let spec = "same(pair) takes a list of two strings and returns True when they are equal.\nassert same(['a', 'a']) == True\nassert same(['a', 'b']) == False"
        let backend = ScriptedBackend([ends, both, "```python\nsame(['x'])\nsame(['x', 'x'])\n```"])
        let (generator, helpers) = try await generator(backend, samples: 2, compare: 2, variants: 8)
        defer { try? FileManager.default.removeItem(at: helpers) }
        let result = try await generator.generate(spec: spec)
        let selection = try #require(result.selection)
        #expect((selection.variants ?? 0) > 0)
        #expect(!selection.inputs.contains("same(['x'])"))
        #expect(selection.inputs.contains("same(['x', 'x'])"))
        let lengths = selection.inputs.map { $0.filter { $0 == "'" }.count / 2 }
        #expect(lengths.allSatisfy { $0 == 2 }, "\(selection.inputs)")
        // Nothing separates the two on pairs: no answers were asked for.
        #expect(backend.requests.count == 3)
        #expect((selection.settled ?? []).isEmpty)
    }

    @Test func scoresCountMatchingOutputsOverTheOtherCandidates() {
        let scores = AgreementSelection.scores([["=1", "=2", nil], ["=1", "=3", nil], ["=1", "=2", "!ValueError"]])
        #expect(scores == [3, 2, 3])
        // A stated result counts as much as all the other candidates together.
        let weighted = AgreementSelection.scores(
            [["=1", "=2", nil], ["=1", "=3", nil], ["=1", "=2", "!ValueError"]], expected: [nil, "=3", nil])
        #expect(weighted == [3, 4, 3])
    }

    @Test func separatingInputsAreTheUnstatedCasesOnWhichOutputsDiffer() {
        let outputs: [[String?]] = [["=1", "=2", "=5", nil], ["=1", "=3", "=6", "=7"], ["=1", "=2", "=5", "=7"]]
        // Case 2 differs but states its result; case 3 is run by two candidates only, who agree.
        #expect(AgreementSelection.separating(outputs, expected: [nil, nil, "=5", nil]) == [1])
    }
}
