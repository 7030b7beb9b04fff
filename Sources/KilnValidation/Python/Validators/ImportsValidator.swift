import Foundation
import KilnCore

/// The hallucinated-import firewall as a validator.
public struct ImportsValidator: Validator {
    public let name = "imports"
    public let isStatic = true
    public var confirmedOnline: Set<String>
    /// Existing code's `# type: ignore[import-not-found]` marks are honoured; generated code's are not.
    public var origin: CodeOrigin
    public let toolchain: PythonToolchain

    public init(toolchain: PythonToolchain, confirmedOnline: Set<String> = [], origin: CodeOrigin = .generated) {
        self.toolchain = toolchain
        self.confirmedOnline = confirmedOnline
        self.origin = origin
    }

    public func validate(_ file: SourceFile, context: ValidationContext) async throws -> ValidatorReport {
        let started = ContinuousClock.now
        guard let facts = toolchain.facts else {
            throw EnvironmentError("the import check needs the project's Python (its standard library and installed packages)")
        }
        let imports = try await toolchain.imports(of: file.code)
        var project = toolchain.project
        project.localModules.formUnion(context.localModules)
        var firewall = ImportFirewall(environment: facts, project: project, confirmedOnline: confirmedOnline)
        if let lookup = context.onlineLookup {
            let unresolved = firewall.unresolvedCandidates(imports)
            if !unresolved.isEmpty { firewall.confirmedOnline.formUnion(try await lookup(unresolved)) }
        }
        var findings = firewall.check(imports, path: file.path)
        if origin == .existing { findings = PythonRulePolicy.honouringTypeCheckerMarks(findings, code: file.code) }
        return ValidatorReport(
            validator: name, findings: findings,
            seconds: (ContinuousClock.now - started).seconds)
    }
}
