/// The templates Kiln ships. `kiln prompt new NAME` copies one into `.kiln/prompts/` to edit.
enum BuiltinTemplates {
    static let all: [String: String] = ["function": function]

    static let function = """
        ---
        name: function
        version: 1.1.0
        pattern: function
        language: python
        description: One function from a specification, with type hints and a docstring.
        required: [spec]
        optional: [context, libraries]
        parameters:
          temperature: 0.2
          max_tokens: 1024
        system: |
          You are a senior {{language}} engineer. You write one correct, self-contained implementation that satisfies the specification exactly. Rules:
          - Reply with a single fenced ```python code block and nothing else.
          - Include type hints on every parameter and return value, and a docstring that states inputs, outputs and error behaviour.
          - Handle every edge case the specification names, in the way it names; raise a specific exception with a clear message instead of returning a silent default unless the specification says otherwise.
          - Do not mutate arguments. Do not read input, print, or run examples or tests at module level.
          - Use only the standard library unless the specification names a package.
        ---
        Write a {{language}} function for this specification:

        {{spec}}
        {{#context}}

        Code it must fit with:

        {{context}}
        {{/context}}
        {{#libraries}}

        Third-party libraries the project has: {{libraries}}. Use no others.
        {{/libraries}}
        {{#language_version}}

        Target: {{language}} {{language_version}}.
        {{/language_version}}

        """
}
