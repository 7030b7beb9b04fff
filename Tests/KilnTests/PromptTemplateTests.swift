import Foundation
import KilnCore
import KilnValidation
import Testing

@testable import KilnPrompts

@Suite("Prompt templates as code")
struct PromptTemplateTests {
    static let valid = """
        ---
        name: team-function
        version: 2.1.0
        pattern: function
        language: python
        description: Our house style.
        required: [spec]
        optional: [context]
        parameters:
          temperature: 0.1
          max_tokens: 800
          stop: ["###"]
        system: You write {{language}} for the payments team.
        ---
        Spec: {{spec}}
        {{#context}}Context: {{context}}{{/context}}
        Quote: <{{spec}}> & "done"
        """

    @Test func aValidTemplateParsesAndRendersPlainText() throws {
        let template = try PromptTemplate.parse(Self.valid, source: "team.md")
        #expect(template.name == "team-function")
        #expect(template.version == "2.1.0")
        #expect(template.parameters == GenerationParameters(temperature: 0.1, maxTokens: 800, stop: ["###"]))
        #expect(template.sha256.count == 64)
        let messages = try template.render(["spec": "a < b && c"])
        #expect(messages.first == .system("You write Python for the payments team."))
        #expect(messages.last?.content == "Spec: a < b && c\n\nQuote: <a < b && c> & \"done\"")
    }

    @Test func optionalSectionsAppearOnlyWithTheirField() throws {
        let template = try PromptTemplate.parse(Self.valid, source: "team.md")
        #expect(
            try template.render(["spec": "x", "context": "def helper(): ..."]).last?.content.contains(
                "Context: def helper(): ...") == true)
    }

    @Test func aMissingRequiredFieldIsNamed() throws {
        let template = try PromptTemplate.parse(Self.valid, source: "team.md")
        #expect(throws: TemplateError(file: "team.md", line: nil, message: "template 'team-function' needs the field 'spec'")) {
            _ = try template.render([:])
        }
    }

    @Test(arguments: [
        ("no front matter", "Just a body {{spec}}", 1, "YAML front matter"),
        ("bad YAML", "---\nname: x\nversion: [1.0\n---\nbody\n", 4, "bad YAML"),
        (
            "unknown placeholder",
            "---\nname: f\nversion: 1.0.0\npattern: function\nrequired: [spec]\n---\nDo {{spec}}\nwith {{specs}}\n", 8,
            "unknown placeholder {{specs}}"
        ),
        ("missing version", "---\nname: f\npattern: function\n---\nbody\n", 2, "no 'version'"),
        ("bad pattern", "---\nname: f\nversion: 1.0.0\npattern: poem\n---\nbody\n", 4, "'pattern' must be one of"),
        (
            "unknown setting", "---\nname: f\nversion: 1.0.0\npattern: function\ntemprature: 0.2\n---\nbody\n", 5,
            "unknown setting 'temprature'"
        ),
        (
            "bad temperature", "---\nname: f\nversion: 1.0.0\npattern: function\nparameters:\n  temperature: 9\n---\nbody\n", 6,
            "'temperature' must be"
        ),
        (
            "bad second sample", "---\nname: f\nversion: 1.0.0\npattern: function\nsecond_sample: plain\n---\nbody\n", 5,
            "'second_sample' must be one of same, without-system"
        ),
        (
            "bad repair", "---\nname: f\nversion: 1.0.0\npattern: function\nrepair: rewrite\n---\nbody\n", 5,
            "'repair' must be one of reply, restate"
        ),
    ])
    func malformedTemplatesNameFileAndLine(label: String, text: String, line: Int, message: String) {
        #expect(
            performing: { _ = try PromptTemplate.parse(text, source: "bad.md") },
            throws: { error in
                guard let error = error as? TemplateError else { return false }
                return error.file == "bad.md" && error.line == line && error.message.contains(message)
            })
    }

    @Test func theBuiltInTemplatesParse() throws {
        let function = try TemplateCatalog.builtin(named: "function", in: PythonToolchain.builtinTemplateTexts)
        #expect(function.pattern == "function")
        let messages = try function.render(["spec": "median of a list", "language_version": "3.11"])
        #expect(messages.count == 2)
        #expect(messages.last?.content.contains("Target: Python 3.11.") == true)
        #expect(messages.last?.content.contains("Code it must fit with") == false)
    }

    @Test func aTemplateSaysHowItsSecondSampleIsAsked() throws {
        // Without the setting, later samples repeat the template's messages.
        let same = try PromptTemplate.parse(Self.valid, source: "team.md")
        #expect(same.secondSampleOpening(of: try same.render(["spec": "x"])) == nil)
        let other = try PromptTemplate.parse(
            Self.valid.replacingOccurrences(of: "system: You", with: "second_sample: without-system\nsystem: You"),
            source: "team.md")
        #expect(other.secondSample == .withoutSystem)
        let messages = try other.render(["spec": "x"])
        #expect(messages.map(\.role) == [.system, .user])
        #expect(other.secondSampleOpening(of: messages) == [messages[1]])
        // The built-in function template asks every later sample the same way (the other way
        // was measured and not adopted: BENCHMARKS.md, "A second sample asked another way").
        let function = try TemplateCatalog.builtin(named: "function", in: PythonToolchain.builtinTemplateTexts)
        #expect(function.secondSample == .same)
    }

    @Test func aTemplateSaysHowItsRepairsAreAsked() throws {
        // Without the setting a repair is the next turn after the failed answer.
        #expect(try PromptTemplate.parse(Self.valid, source: "team.md").repair == .reply)
        let restating = try PromptTemplate.parse(
            Self.valid.replacingOccurrences(of: "system: You", with: "repair: restate\nsystem: You"), source: "team.md")
        #expect(restating.repair == .restate)
        // The built-in function template restates (BENCHMARKS.md, "Repairs asked as a restated
        // request"); the other patterns' repairs stay replies.
        let builtin = { (name: String) in try TemplateCatalog.builtin(named: name, in: PythonToolchain.builtinTemplateTexts) }
        #expect(try builtin("function").repair == .restate)
        #expect(try builtin("class").repair == .reply)
    }

    @Test func aRepositoryTemplateOverridesTheBuiltInOne() throws {
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent(".kiln/prompts"), withIntermediateDirectories: true)
        let text = Self.valid.replacingOccurrences(of: "name: team-function", with: "name: function")
        try text.write(to: root.appendingPathComponent(".kiln/prompts/function.md"), atomically: true, encoding: .utf8)
        let nested = root.appendingPathComponent("src")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        let template = try TemplateCatalog.load(workingDirectory: nested, builtins: PythonToolchain.builtinTemplateTexts).template(named: "function")
        #expect(template.version == "2.1.0")
        #expect(template.source.hasSuffix(".kiln/prompts/function.md"))
        #expect(template.sha256 != (try TemplateCatalog.builtin(named: "function", in: PythonToolchain.builtinTemplateTexts)).sha256)
    }
}
