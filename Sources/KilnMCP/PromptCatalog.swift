import Foundation
import KilnCore
import KilnModels
import KilnPipeline
import KilnPrompts
import KilnSystem
import MCP

/// The workspace's prompt templates (built-ins with its `.kiln/prompts/` over them) as MCP
/// prompts: the exact messages Kiln would send its model, for an agent or a person to reuse.
struct PromptCatalog: Sendable {
    let settings: AgentServer.Settings
    let session: AgentSession

    func catalog(server: Server) async throws -> TemplateCatalog {
        let workspace = await session.workspace(server: server)
        return try settings.workbench(root: workspace.primary, progress: ProgressReporter(mode: settings.log))
            .templateCatalog()
    }

    func list(server: Server) async throws -> ListPrompts.Result {
        let templates = try await catalog(server: server).templates.values.sorted { $0.name < $1.name }
        return ListPrompts.Result(
            prompts: templates.map { template in
                Prompt(
                    name: template.name, title: "\(template.name) \(template.version) (\(template.pattern))",
                    description: "\(template.description) Version \(template.version), sha256 \(template.sha256.prefix(12)), from \(template.source). The first message carries the template's system instructions.",
                    arguments: Self.fields(of: template).map { field in
                        Prompt.Argument(name: field.name, description: nil, required: field.required)
                    })
            })
    }

    func get(_ parameters: GetPrompt.Parameters, server: Server) async throws -> GetPrompt.Result {
        let catalog = try await catalog(server: server)
        guard let template = catalog.templates[parameters.name] else {
            throw MCPError.invalidParams(
                "there is no prompt '\(parameters.name)'; the prompts are: \(catalog.templates.keys.sorted().joined(separator: ", "))")
        }
        let arguments = parameters.arguments ?? [:]
        let known = Set(Self.fields(of: template).map(\.name))
        if let unknown = arguments.keys.sorted().first(where: { !known.contains($0) }) {
            throw MCPError.invalidParams(
                "prompt '\(template.name)' takes no argument '\(unknown)'; it takes: \(known.sorted().joined(separator: ", "))")
        }
        let messages: [ChatMessage]
        do {
            messages = try template.render(arguments)
        } catch {
            throw MCPError.invalidParams(String(describing: error))
        }
        return GetPrompt.Result(
            description: "\(template.name) \(template.version): \(template.description)",
            messages: messages.map { message in
                message.role == .assistant
                    ? .assistant(.text(text: message.content)) : .user(.text(text: message.content))
            })
    }

    static func fields(of template: PromptTemplate) -> [(name: String, required: Bool)] {
        template.required.map { ($0, true) }
            + template.optional.filter { !PromptTemplate.builtinFields.contains($0) }.map { ($0, false) }
    }
}
