import Foundation
import KilnCore

/// Generated code after the parser has looked at it.
public struct PreparedCode: Sendable, Equatable {
    /// The code with top-level demo statements removed (unchanged when it does not parse).
    public var code: String
    /// First lines of the statements that were removed, with their line numbers in the original.
    public var removed: [RemovedStatement]
    /// Set when the code does not parse.
    public var syntaxError: Finding?
    /// Import statements added because the code reads a name only they bind: the spec's own
    /// imports (the stub the spec shows) and standard-library modules used as `math.sqrt`.
    public var addedImports: [String]
    /// Star imports of standard modules written out as the names the code reads from them
    /// ("from typing import * → from typing import List"; "→ nothing" when it reads none): with a
    /// star import, a name the code never imported is only a warning until the code runs.
    public var explicitImports: [String]

    public init(
        code: String, removed: [RemovedStatement] = [], syntaxError: Finding? = nil, addedImports: [String] = [],
        explicitImports: [String] = []
    ) {
        self.code = code
        self.removed = removed
        self.syntaxError = syntaxError
        self.addedImports = addedImports
        self.explicitImports = explicitImports
    }

    public struct RemovedStatement: Codable, Sendable, Equatable {
        public var line: Int
        public var text: String

        public init(line: Int, text: String) {
            self.line = line
            self.text = text
        }
    }
}

/// A function, class or method of a source file, as the language's own parser reads it.
/// A definition waiting for its body: the signature it must keep and what its documentation says.
public struct Stub: Sendable, Equatable {
    public var signature: String
    /// The docstring and comments, as written.
    public var documentation: String

    public init(signature: String, documentation: String) {
        self.signature = signature
        self.documentation = documentation
    }
}

public struct CodeDefinition: Codable, Sendable, Equatable {
    /// Dotted within the module: `train_model`, `User.validate`.
    public var qualifiedName: String
    public var kind: String
    public var line: Int
    public var endLine: Int
    public var source: String
    public var docstring: String?
    /// Parameter names without `self` and `cls`.
    public var parameters: [String]
    /// Whether it returns a value somewhere.
    public var returnsValue: Bool
    /// Exceptions it raises itself (`raise ValueError(...)`), not those of what it calls.
    public var raises: [String]
    /// Where it rejects an input by itself: `if <test of a parameter>: raise E`, with the kinds
    /// of input the test singles out (zero, negative, none, empty).
    public var guards: [Guard]? = nil
    /// The line of a call in its code that is part of a cycle of calls (it recurses, directly, in
    /// a nested helper or through other functions); nil when it does not.
    public var recursiveCall: Int? = nil

    public struct Guard: Codable, Sendable, Equatable {
        public var kinds: [String]
        public var exception: String
        public var line: Int
        public var condition: String
    }

    public init(
        qualifiedName: String, kind: String, line: Int, endLine: Int, source: String, docstring: String? = nil,
        parameters: [String] = [], returnsValue: Bool = false, raises: [String] = []
    ) {
        self.qualifiedName = qualifiedName
        self.kind = kind
        self.line = line
        self.endLine = endLine
        self.source = source
        self.docstring = docstring
        self.parameters = parameters
        self.returnsValue = returnsValue
        self.raises = raises
    }

    enum CodingKeys: String, CodingKey {
        case qualifiedName = "qualified_name"
        case kind, line
        case endLine = "end_line"
        case source, docstring, parameters
        case returnsValue = "returns_value"
        case raises, guards
        case recursiveCall = "recursive_call"
    }
}

/// One import of a source file.
public struct SourceImport: Codable, Sendable, Equatable {
    /// The top-level module: `requests` for `from requests.adapters import HTTPAdapter`.
    public var module: String
    /// The full dotted name as written.
    public var name: String
    public var line: Int
    public var column: Int
    /// Optional: the code carries on without it (Python: inside `try: ... except ImportError`).
    public var guarded: Bool
    /// Only a type checker reads it; it never runs (Python: under `if TYPE_CHECKING:`, or in a stub).
    public var typingOnly: Bool

    public init(module: String, name: String, line: Int, column: Int, guarded: Bool, typingOnly: Bool = false) {
        self.module = module
        self.name = name
        self.line = line
        self.column = column
        self.guarded = guarded
        self.typingOnly = typingOnly
    }

    enum CodingKeys: String, CodingKey {
        case module, name, line, column, guarded
        case typingOnly = "typing_only"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        module = try container.decode(String.self, forKey: .module)
        name = try container.decode(String.self, forKey: .name)
        line = try container.decode(Int.self, forKey: .line)
        column = try container.decode(Int.self, forKey: .column)
        guarded = try container.decode(Bool.self, forKey: .guarded)
        typingOnly = try container.decodeIfPresent(Bool.self, forKey: .typingOnly) ?? false
    }
}

/// What to read imports from: a file, or source text under a name.
public enum ImportSource: Sendable {
    case file(URL)
    case source(name: String, code: String)
}

/// Repository context for a prompt: the imports, type definitions, signatures, class outlines and
/// docstrings of the given files and of the repository modules they import, most relevant first,
/// cut to fit a character budget. Read with the language's own parser, never with regular expressions.
public struct RepositoryContext: Sendable, Equatable {
    /// One file's outline.
    public struct Outline: Codable, Sendable, Equatable {
        public var path: String
        public var text: String
        /// 0 for a file named on the command line, 1 for a module it imports, and so on.
        public var distance: Int

        public init(path: String, text: String, distance: Int) {
            self.path = path
            self.text = text
            self.distance = distance
        }
    }

    public var outlines: [Outline]
    /// Files left out to respect the budget.
    public var omitted: [String]

    public init(outlines: [Outline], omitted: [String]) {
        self.outlines = outlines
        self.omitted = omitted
    }

    /// The text for the prompt.
    public var rendered: String {
        outlines.map { "# \($0.path)\n\($0.text)" }.joined(separator: "\n\n")
    }
}
