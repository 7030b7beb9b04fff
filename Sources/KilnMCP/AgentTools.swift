import Foundation
import KilnCore
import KilnPipeline
import KilnValidation
import MCP

/// A tool `kiln mcp` offers: its name, what it is for, its arguments (schema and reading), the
/// shape of its structured result, and hints a client may show.
struct AgentTool: Sendable {
    var name: String
    var title: String
    var description: String
    var parameters: [ToolParameter]
    var output: Value
    var annotations: Tool.Annotations

    var definition: Tool {
        Tool(
            name: name, title: title, description: description,
            inputSchema: .object([
                "type": "object",
                "properties": .object(Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0.schema) })),
                "required": .array(parameters.filter(\.required).map { .string($0.name) }),
                "additionalProperties": false,
            ]),
            annotations: annotations, outputSchema: output)
    }

    func arguments(_ values: [String: Value]?) throws -> ToolArguments {
        try ToolArguments(tool: name, parameters: parameters, values: values)
    }
}

extension AgentTool {
    static let all: [AgentTool] = [
        generateFunction, generateClass, generateTests, refactor, generateDocs, check, validate, lintPrompt,
    ]

    static func named(_ name: String) -> AgentTool? { all.first { $0.name == name } }

    // MARK: - generation

    static let statusText =
        "status is passed (every check ran clean and every requirement of the spec was checked by an executed case that held), unverified (every check that ran passed, but the requirements listed with status unchecked were checked by nothing), failed (an error or failing case remains; nothing was written) or unvalidated (checks were turned off)."

    /// Every generation tool's say over git.
    static let committing: [ToolParameter] = [
        ToolParameter(
            name: "commit", shape: .boolean,
            description:
                "Commit the written files and their provenance record (git), on a new branch kiln/<slug> that is checked out, or on the current branch with branch \"current\" (default: the repository's commit setting)."
        ),
        ToolParameter(name: "branch", shape: .choice(["new", "current"]), description: "With commit: a new kiln/ branch or the current one."),
    ]

    /// What the spec and test generation tools take besides their own inputs.
    static let sampling: [ToolParameter] = committing + [
        ToolParameter(
            name: "max_repairs", shape: .integer(minimum: 0),
            description: "Repair rounds per sample when the code fails a check (default 2)."),
        ToolParameter(
            name: "samples", shape: .integer(minimum: 1),
            description: "Independent samples to draw when repairs do not succeed."),
        ToolParameter(
            name: "template", shape: .string,
            description: "Prompt template: the pattern's built-in, or a repository template in .kiln/prompts/NAME.md."),
        ToolParameter(name: "temperature", shape: .number(minimum: 0), description: "Sampling temperature (default: the template's)."),
        ToolParameter(name: "max_tokens", shape: .integer(minimum: 16), description: "Most tokens the model may write per attempt."),
        ToolParameter(name: "seed", shape: .integer(minimum: nil), description: "Sampling seed, for repeatable output."),
        ToolParameter(
            name: "budget_seconds", shape: .number(minimum: 0), description: "Stop starting new attempts after this many seconds."),
        ToolParameter(
            name: "budget_tokens", shape: .integer(minimum: 1),
            description: "Stop starting new attempts after this many generated tokens."),
    ]

    static let fromSpec: [ToolParameter] =
        [
            ToolParameter(
                name: "out", shape: .string,
                description:
                    "Write the code to this new file in the workspace (atomically). Without out or into the code is only returned."),
            ToolParameter(
                name: "into", shape: .string,
                description: "Add the code to this existing module instead; its lines stay as they are (a .bak copy is kept)."),
            ToolParameter(
                name: "replace", shape: .boolean,
                description: "Replace an existing out file; the old one is kept as FILE.bak (default false: refuse)."),
            ToolParameter(name: "tests", shape: .strings, description: "Test files in the workspace the code must pass, run in the sandbox."),
            ToolParameter(
                name: "context", shape: .strings,
                description: "Workspace files whose outline the code must fit with (and the modules they import)."),
            ToolParameter(
                name: "agree", shape: .integer(minimum: 1),
                description:
                    "Draw samples until this many pass, then keep the one whose behaviour agrees most with the others (at most samples)."),
            ToolParameter(
                name: "requirement_cases", shape: .integer(minimum: 0),
                description:
                    "Samples of model-written cases for requirements nothing else checked; a case counts only when two samples write it alike and the code reproduces it (function only; 0 turns it off; default 3)."
            ),
            ToolParameter(
                name: "second_opinion", shape: .boolean,
                description:
                    "A candidate that passes only after a failed attempt waits for a second passing one and a vote between them (function only; default true)."
            ),
            ToolParameter(name: "strict", shape: .boolean, description: "Refuse a spec the prompt linter finds too vague."),
            ToolParameter(name: "validate", shape: .boolean, description: "false skips every check; the result is unvalidated."),
            ToolParameter(
                name: "language", shape: .choice(LanguageToolchains.supported),
                description: "Language of the code (default python)."),
        ] + sampling

    static let codeResult: Value = [
        "type": "object",
        "properties": [
            "pattern": ["type": "string"],
            "status": ["type": "string", "enum": ["passed", "unverified", "failed", "unvalidated"]],
            "code": ["type": "string", "description": "The code: the chosen candidate, or the best one when status is failed."],
            "checks": ["type": "array", "items": ["type": "string"], "description": "The checks that ran."],
            "findings": ["type": "array", "items": ["type": "object"], "description": "What the checks found."],
            "tests": ["type": "array", "items": ["type": "object"], "description": "Every executed case and its outcome."],
            "requirements": [
                "type": "array", "items": ["type": "object"],
                "description": "The spec's requirements, each held, failed or unchecked, with the cases that checked it.",
            ],
            "output_path": ["type": "string", "description": "Where the code was written, if it was."],
            "backup_path": ["type": "string", "description": "The previous version of that file, if one was replaced."],
        ],
        "required": ["status", "code"],
    ]

    static let generateFunction = AgentTool(
        name: "generate_function", title: "Generate a function (checked)",
        description:
            "Writes one function from a specification with Kiln's local model and checks it before returning it: the spec's examples and your tests run in a sandbox, plus lint, security rules, secret and licence scans, a hallucinated-import firewall and behaviour probes; failures are repaired. The result lists each requirement of the spec and what checked it. "
            + statusText + " State inputs, output, edge cases and an example, e.g. \"takes a list of numbers, returns the median; None for an empty list; median([3, 1, 2]) == 2\".",
        parameters: [
            ToolParameter(
                name: "spec", shape: .string, description: "What the function takes, returns and does on edge cases.", required: true)
        ] + fromSpec,
        output: codeResult, annotations: .init(readOnlyHint: false, destructiveHint: false, openWorldHint: false))

    static let generateClass = AgentTool(
        name: "generate_class", title: "Generate a class (checked)",
        description:
            "Writes one class from a specification (fields and types, validation rules and what invalid input raises, methods), checked the same way as generate_function. "
            + statusText,
        parameters: [
            ToolParameter(
                name: "spec", shape: .string, description: "The class: its fields and types, validation rules, methods.", required: true)
        ] + fromSpec,
        output: codeResult, annotations: .init(readOnlyHint: false, destructiveHint: false, openWorldHint: false))

    static let generateTests = AgentTool(
        name: "generate_tests", title: "Generate a test file",
        description:
            "Writes a test file, in the language's usual test framework, for a module's public functions. The tests run in the sandbox against the module; a test that fails because of the module or itself is repaired, or kept marked as an expected failure with the reason. Also checked against deliberately broken copies of the module.",
        parameters: [
            ToolParameter(name: "source", shape: .string, description: "The module to test, a workspace path.", required: true),
            ToolParameter(
                name: "out", shape: .string, description: "Write the tests to this new file; without it they are only returned."),
            ToolParameter(name: "replace", shape: .boolean, description: "Replace an existing out file (the old one is kept as .bak)."),
            ToolParameter(
                name: "keep_expected_failures", shape: .boolean,
                description: "Keep tests still failing after the repairs, marked as expected failures (default true)."),
        ] + sampling,
        output: codeResult, annotations: .init(readOnlyHint: false, destructiveHint: false, openWorldHint: false))

    static let refactor = AgentTool(
        name: "refactor", title: "Refactor one definition (behaviour kept)",
        description:
            "Rewrites one function or method as instructed and proves the behaviour is unchanged: the repository's tests that import the module, or characterization tests written against the original, run against both versions in the sandbox. By default the source is rewritten in place (a .bak copy is kept); write false only returns the code.",
        parameters: [
            ToolParameter(name: "source", shape: .string, description: "The module, a workspace path.", required: true),
            ToolParameter(
                name: "target", shape: .string, description: "The definition to rewrite: a function name or Class.method.",
                required: true),
            ToolParameter(name: "instruction", shape: .string, description: "What to change, e.g. \"use a dict lookup\".", required: true),
            ToolParameter(name: "out", shape: .string, description: "Write the result to this file instead of the source."),
            ToolParameter(name: "replace", shape: .boolean, description: "Replace an existing out file (the old one is kept as .bak)."),
            ToolParameter(name: "write", shape: .boolean, description: "false returns the code without writing anything (default true)."),
            ToolParameter(
                name: "max_repairs", shape: .integer(minimum: 0), description: "Repair rounds when the rewrite fails (default 2)."),
        ] + committing,
        output: [
            "type": "object",
            "properties": [
                "status": ["type": "string"], "code": ["type": "string"], "target": ["type": "string"],
                "behaviour_oracle": ["type": "string"], "findings": ["type": "array", "items": ["type": "object"]],
                "output_path": ["type": "string"],
            ],
            "required": ["status", "code"],
        ],
        annotations: .init(readOnlyHint: false, destructiveHint: false, openWorldHint: false))

    static let generateDocs = AgentTool(
        name: "generate_docs", title: "Write docstrings",
        description:
            "Writes docstrings (numpy or google style) for one definition or every undocumented public one, checking that only docstrings changed and that each documents the real parameters, returns and raises. By default the source is rewritten in place (a .bak copy is kept); write false only returns the code.",
        parameters: [
            ToolParameter(name: "source", shape: .string, description: "The module, a workspace path.", required: true),
            ToolParameter(
                name: "target", shape: .string,
                description: "One definition (name or Class.method) to document or re-document; without it, every undocumented public one."),
            ToolParameter(name: "style", shape: .choice(["numpy", "google"]), description: "Docstring convention (default numpy)."),
            ToolParameter(name: "out", shape: .string, description: "Write the documented module to this file instead of the source."),
            ToolParameter(name: "replace", shape: .boolean, description: "Replace an existing out file (the old one is kept as .bak)."),
            ToolParameter(name: "write", shape: .boolean, description: "false returns the code without writing anything (default true)."),
            ToolParameter(name: "max_repairs", shape: .integer(minimum: 0), description: "Repair rounds per docstring (default 2)."),
            ToolParameter(name: "template", shape: .string, description: "Prompt template (default docs)."),
        ] + committing,
        output: [
            "type": "object",
            "properties": [
                "status": ["type": "string"], "code": ["type": "string"],
                "documented": ["type": "array", "items": ["type": "object"]],
                "findings": ["type": "array", "items": ["type": "object"]], "output_path": ["type": "string"],
            ],
            "required": ["status", "code"],
        ],
        annotations: .init(readOnlyHint: false, destructiveHint: false, openWorldHint: false))

    // MARK: - checks

    static let findingsResult: Value = [
        "type": "object",
        "properties": [
            "passed": ["type": "boolean", "description": "No finding reaches fail_on."],
            "findings": [
                "type": "array",
                "items": [
                    "type": "object",
                    "properties": [
                        "rule": ["type": "string"], "category": ["type": "string"], "severity": ["type": "string"],
                        "path": ["type": "string"], "line": ["type": "integer"], "message": ["type": "string"],
                    ],
                ],
            ],
            "files": ["type": "array", "items": ["type": "string"]],
        ],
        "required": ["passed", "findings"],
    ]

    static let check = AgentTool(
        name: "check", title: "Check code (static)",
        description:
            "Kiln's CI gate without running anything: security rules, secrets, hallucinated or undeclared imports, licence-snippet matches and lint, over workspace paths or a code string. Give paths, or code (with filename, where it would live).",
        parameters: [
            ToolParameter(name: "paths", shape: .strings, description: "Files or directories in the workspace."),
            ToolParameter(name: "code", shape: .string, description: "Code to check instead of files."),
            ToolParameter(
                name: "filename", shape: .string,
                description: "Where code would live in the workspace, e.g. app/util.py (default snippet.py)."),
            ToolParameter(name: "diff_base", shape: .string, description: "Only findings on lines changed since this git revision."),
            ToolParameter(
                name: "fail_on", shape: .choice(["error", "warning", "info"]),
                description: "Lowest severity that makes passed false (default error)."),
        ],
        output: findingsResult, annotations: .init(readOnlyHint: true, openWorldHint: false))

    static let validate = AgentTool(
        name: "validate", title: "Validate a file and its tests",
        description:
            "Every validator on an existing workspace file: its tests (and doctests) run in the sandbox, lint, security, secrets, imports, licence snippets. Fixes are reported, never applied.",
        parameters: [
            ToolParameter(name: "file", shape: .string, description: "The source file, a workspace path.", required: true),
            ToolParameter(name: "tests", shape: .strings, description: "Test files to run against it."),
        ],
        output: [
            "type": "object",
            "properties": [
                "file": ["type": "string"], "passed": ["type": "boolean"], "checks": ["type": "array", "items": ["type": "string"]],
                "findings": ["type": "array", "items": ["type": "object"]], "tests": ["type": "array", "items": ["type": "object"]],
            ],
            "required": ["passed", "findings", "tests"],
        ],
        annotations: .init(readOnlyHint: true, openWorldHint: false))

    static let lintPrompt = AgentTool(
        name: "lint_prompt", title: "Lint a specification",
        description:
            "Checks that a spec states inputs, output, edge cases, types, names and security needs before generating from it; each finding says why it matters and how to fix it, with a more specific prompt to fill in.",
        parameters: [ToolParameter(name: "spec", shape: .string, description: "The specification to lint.", required: true)],
        output: [
            "type": "object",
            "properties": [
                "findings": ["type": "array", "items": ["type": "object"]], "has_errors": ["type": "boolean"],
            ],
            "required": ["findings"],
        ],
        annotations: .init(readOnlyHint: true, idempotentHint: true, openWorldHint: false))
}
