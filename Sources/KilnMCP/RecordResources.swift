import Foundation
import KilnCore
import KilnWorkflow
import MCP

/// The workspace's provenance records (`.kiln/records/`) as MCP resources, `kiln-record:///ID`:
/// an agent reads what was asked, what ran and what nobody checked of code Kiln wrote.
struct RecordResources: Sendable {
    let session: AgentSession

    static let scheme = "kiln-record:///"

    func list(server: Server) async throws -> ListResources.Result {
        let root = await session.workspace(server: server).primary
        let records = try RecordStore(root: root).all()
        return ListResources.Result(
            resources: records.reversed().map { record in
                Resource(
                    name: record.id, uri: Self.scheme + record.id,
                    title: "\(record.request.pattern) \(record.outputs.map(\.path).joined(separator: ", "))",
                    description: "\(record.status), review \(record.review.state.rawValue)", mimeType: "application/json")
            })
    }

    func read(_ parameters: ReadResource.Parameters, server: Server) async throws -> ReadResource.Result {
        guard parameters.uri.hasPrefix(Self.scheme) else {
            throw MCPError.invalidParams("\(parameters.uri) is not a Kiln record; records are \(Self.scheme)ID (resources/list)")
        }
        let id = String(parameters.uri.dropFirst(Self.scheme.count))
        guard !id.contains("/"), !id.contains("..") else { throw MCPError.invalidParams("\(id) is not a record id") }
        let root = await session.workspace(server: server).primary
        let store = RecordStore(root: root)
        let record: ProvenanceRecord
        do {
            record = try store.load(id)
        } catch {
            throw MCPError.invalidParams(String(describing: error))
        }
        let text = try String(contentsOf: store.url(of: record.id), encoding: .utf8)
        return ReadResource.Result(contents: [.text(text, uri: parameters.uri, mimeType: "application/json")])
    }
}
