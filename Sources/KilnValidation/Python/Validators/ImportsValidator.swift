import Foundation
import KilnCore

/// The hallucinated-import firewall as a validator.
public struct ImportsValidator: Validator {
    public let name = "imports"
    public let isStatic = true
    public var confirmedOnline: Set<String>
    public let toolchain: PythonToolchain

    public init(toolchain: PythonToolchain, confirmedOnline: Set<String> = []) {
        self.toolchain = toolchain
        self.confirmedOnline = confirmedOnline
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
        return ValidatorReport(
            validator: name, findings: firewall.check(imports, path: file.path),
            seconds: (ContinuousClock.now - started).seconds)
    }
}
