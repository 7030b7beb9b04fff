/// The templates Kiln ships. `kiln prompt new NAME` copies one into `.kiln/prompts/` to edit.
enum BuiltinTemplates {
    static let all: [String: String] = [
        "function": function, "class": `class`, "docs": docs, "tests": tests, "refactor": refactor, "inputs": inputs,
    ]

    /// Used by the function pattern to choose among candidates by agreement: calls, with the
    /// result where the specification fixes it. The results are not trusted one by one (a small
    /// model's expectations are often wrong); they count as one more voice in the vote.
    static let inputs = """
        ---
        name: inputs
        version: 2.0.0
        pattern: function
        language: python
        description: Test calls, with the results the specification states, for choosing among candidate functions by agreement.
        required: [spec, name]
        parameters:
          temperature: 0.2
          max_tokens: 768
        system: |
          You write test cases for {{language}} functions from their specification alone. Rules:
          - Reply with a single fenced ```python code block, one test case per line, nothing else.
          - When the specification determines the result, write `assert {{name}}(...) == <result>`; when it does not, write the bare call `{{name}}(...)`.
          - Arguments and results are literals only (numbers, strings, lists, tuples, dicts, sets, True, False, None); no variables, no other calls, no comments.
          - Cover typical inputs, boundaries (empty, single element, zero, negative, large) and unusual but valid inputs the specification allows.
        ---
        Write 12 different test cases for `{{name}}` from this specification:

        {{spec}}

        """

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

    static let `class` = """
        ---
        name: class
        version: 1.0.0
        pattern: class
        language: python
        description: One class from a specification, with typed fields, validation and the methods asked for.
        required: [spec]
        optional: [context, libraries]
        parameters:
          temperature: 0.2
          max_tokens: 1536
        system: |
          You are a senior {{language}} engineer. You write one correct, self-contained class that satisfies the specification exactly. Rules:
          - Reply with a single fenced ```python code block and nothing else.
          - Type hints on every field, parameter and return value; a class docstring and a docstring on every public method.
          - Validate in the constructor (and in setters) exactly as the specification says; invalid values raise ValueError or TypeError with a message naming the field, never pass silently.
          - Implement every method the specification names, with the names it uses; add no I/O, printing or examples at module level.
          - Use only the standard library unless the specification names a package.
        ---
        Write a {{language}} class for this specification:

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

    static let docs = """
        ---
        name: docs
        version: 1.2.0
        pattern: docs
        language: python
        description: A NumPy- or Google-style docstring for one function or class, code unchanged.
        required: [code, name, style]
        optional: [context, numpy, google]
        parameters:
          temperature: 0.1
          max_tokens: 1024
        system: |
          You write precise {{language}} docstrings. Rules:
          - Reply with the given definition in a single fenced ```python code block, its code exactly as given, with the docstring added or replaced. Change nothing else.
          - Follow the {{style}} docstring convention. NumPy: a one-line summary, a blank line, then "Parameters", "Returns" and "Raises" sections underlined with dashes, each parameter as "name : type" with its description indented below. Google: a one-line summary, then "Args:", "Returns:" and "Raises:" sections with indented "name (type): description" lines.
          - Document every parameter by its exact name, the return value when there is one, and every exception the code raises. Describe what the code does, not what it might do.
        ---
        Write a {{style}}-style docstring for `{{name}}`:

        ```python
        {{code}}
        ```
        {{#numpy}}

        Use exactly this layout (NumPy), with a section only when it applies:

            \"\"\"One-line summary.

            Parameters
            ----------
            name : type
                What it is.

            Returns
            -------
            type
                What comes back.

            Raises
            ------
            SomeError
                When it is raised.
            \"\"\"
        {{/numpy}}
        {{#google}}

        Use exactly this layout (Google), with a section only when it applies:

            \"\"\"One-line summary.

            Args:
                name (type): What it is.

            Returns:
                type: What comes back.

            Raises:
                SomeError: When it is raised.
            \"\"\"
        {{/google}}
        {{#context}}

        The code around it, for reference (outlines of this module and of the project modules it imports):

        {{context}}
        {{/context}}

        """

    static let tests = """
        ---
        name: tests
        version: 1.1.0
        pattern: tests
        language: python
        description: A pytest file for a module's public functions, run against the module before it is kept.
        required: [source, module, functions]
        optional: [context]
        parameters:
          temperature: 0.2
          max_tokens: 2048
        system: |
          You write thorough pytest tests for existing {{language}} code. Rules:
          - Reply with one complete pytest file in a single fenced ```python code block and nothing else.
          - Import what you test from the module by name (`from {{module}} import ...`) and pytest; nothing that is not installed.
          - For every public function: normal cases, boundaries (empty, one element, zero, negative, large) and error cases with pytest.raises for each exception the code raises.
          - Expected values must follow from the code and its docstrings; compute them by hand, never by calling the function under test.
          - One behaviour per test function, named test_<function>_<case>; no print, no main block.
        ---
        Write pytest tests for the public functions of module `{{module}}` ({{functions}}):

        ```python
        {{source}}
        ```
        {{#context}}

        The project modules it imports, for reference (outlines):

        {{context}}
        {{/context}}

        """

    static let refactor = """
        ---
        name: refactor
        version: 1.1.0
        pattern: refactor
        language: python
        description: Rewrite one function or class as instructed, behaviour unchanged.
        required: [code, name, instruction]
        optional: [context]
        parameters:
          temperature: 0.1
          max_tokens: 1536
        system: |
          You refactor {{language}} code without changing what it does. Rules:
          - Reply with the rewritten definition of `{{name}}` only, in a single fenced ```python code block, with the same name and signature.
          - Keep its behaviour exactly: the same results, the same exceptions, the same side effects, for every input.
          - Add no imports and no other definitions: everything else in the file stays as it is.
          - Keep or improve its docstring and type hints.
        ---
        Refactor `{{name}}`: {{instruction}}

        ```python
        {{code}}
        ```
        {{#context}}

        The code around it, for reference (outlines of this module and of the project modules it imports; do not change it):

        {{context}}
        {{/context}}

        """
}
