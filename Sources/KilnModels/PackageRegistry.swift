import AsyncHTTPClient
import Foundation
import KilnCore
import NIOCore

/// Asks PyPI whether projects exist: the firewall's online check, used only when the user turns
/// it on (`--online-imports` or `online_imports = true`), because it sends the names of the
/// code's imports to the registry.
public struct PackageRegistry: Sendable {
    /// PyPI's JSON API root; `KILN_PYPI_URL` points it at a mirror.
    public var baseURL: String

    public init(baseURL: String = ProcessInfo.processInfo.environment["KILN_PYPI_URL"] ?? "https://pypi.org/pypi") {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    /// The subset of `names` (normalised project names) that PyPI knows.
    public func existing(_ names: Set<String>) async throws -> Set<String> {
        guard !names.isEmpty else { return [] }
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(15))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        var found: Set<String> = []
        var failure: Error?
        for name in names.sorted() {
            var request = HTTPClientRequest(url: "\(baseURL)/\(name)/json")
            request.method = .GET
            do {
                let response = try await client.execute(request, timeout: .seconds(20))
                _ = try? await response.body.collect(upTo: 8 << 20)
                if response.status == .ok { found.insert(name) }
            } catch {
                failure = error
                break
            }
        }
        try? await client.shutdown()
        if let failure {
            throw ModelError.unreachable(
                endpoint: baseURL, reason: "the online import check could not reach the registry: \(failure)")
        }
        return found
    }
}
