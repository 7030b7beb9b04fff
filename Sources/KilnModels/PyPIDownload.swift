import AsyncHTTPClient
import Foundation
import KilnCore
import KilnSystem
import NIOCore

/// One release file from PyPI (or the index in `$KILN_PYPI_URL`), found through the JSON API and
/// accepted only with the SHA-256 Kiln pins for it.
enum PyPIDownload {
    static var indexURL: String {
        let configured = ProcessInfo.processInfo.environment["KILN_PYPI_URL"] ?? ""
        return configured.isEmpty ? "https://pypi.org" : String(configured.trimmingCharacters(in: ["/"]))
    }

    private struct Project: Decodable {
        struct File: Decodable {
            var filename: String
            var url: String
            var size: Int64?
            var packagetype: String?
            var digests: [String: String]?
        }
        var releases: [String: [File]]
    }

    /// Downloads `fileName` of `project` to `destination` (replacing it), showing megabytes as they
    /// arrive; throws an environment error when it cannot be fetched or its hash differs.
    /// `fileName` nil: the release's one wheel. `sha256` nil: the hash the index lists (for files
    /// whose content Kiln checks afterwards against a hash it pins, as model parts).
    static func fetch(
        project: String, version: String, fileName: String?, sha256: String?, to destination: URL, progress: ProgressReporter
    ) async throws {
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: HTTPClient.Configuration(
                redirectConfiguration: .follow(max: 5, allowCycles: false),
                timeout: .init(connect: .seconds(20), read: .seconds(120))))
        do {
            try await download(
                client: client, project: project, version: version, fileName: fileName, sha256: sha256, to: destination,
                progress: progress)
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            try? FileManager.default.removeItem(at: destination)
            if error is EnvironmentError { throw error }
            throw EnvironmentError(
                "downloading \(fileName ?? "\(project)==\(version)") from \(indexURL) failed: \(error). Check the network (or set KILN_PYPI_URL to a PyPI mirror) and run the command again"
            )
        }
    }

    private static func download(
        client: HTTPClient, project: String, version: String, fileName: String?, sha256: String?, to destination: URL,
        progress: ProgressReporter
    ) async throws {
        let api = "\(indexURL)/pypi/\(project)/json"
        let listing = try await client.execute(HTTPClientRequest(url: api), timeout: .seconds(60))
        guard listing.status.code == 200 else { throw EnvironmentError("\(api) answered HTTP \(listing.status.code)") }
        let body = try await listing.body.collect(upTo: 64 << 20)
        let described = try JSONDecoder().decode(Project.self, from: Data(body.readableBytesView))
        let files = described.releases[version] ?? []
        let chosen =
            fileName.map { name in files.filter { $0.filename == name } } ?? files.filter { $0.packagetype == "bdist_wheel" }
        guard chosen.count == 1, let file = chosen.first,
            let url = URL(string: file.url, relativeTo: URL(string: api))?.absoluteURL,
            let expected = sha256 ?? file.digests?["sha256"]
        else {
            throw EnvironmentError("\(project) \(version) on \(indexURL) has no single file \(fileName ?? "wheel") to download")
        }
        let fileName = file.filename
        let response = try await client.execute(HTTPClientRequest(url: url.absoluteString), timeout: .seconds(3600))
        guard response.status.code == 200 else { throw EnvironmentError("\(url) answered HTTP \(response.status.code)") }
        let fm = FileManager.default
        try? fm.removeItem(at: destination)
        _ = fm.createFile(atPath: destination.path, contents: nil)
        let handle = try FileHandle(forWritingTo: destination)
        defer { try? handle.close() }
        let total = file.size.map { " of \($0 / 1_000_000)" } ?? ""
        var received: Int64 = 0
        var shown: Int64 = -1
        for try await chunk in response.body {
            try handle.write(contentsOf: Data(chunk.readableBytesView))
            received += Int64(chunk.readableBytes)
            if received / 5_000_000 != shown {
                shown = received / 5_000_000
                progress.status("kiln: downloading \(fileName): \(received / 1_000_000)\(total) MB")
            }
        }
        try handle.close()
        progress.clear()
        let digest = try FileDigest.sha256(of: destination)
        guard digest == expected else {
            try? fm.removeItem(at: destination)
            throw EnvironmentError(
                "\(fileName) from \(indexURL) has SHA-256 \(digest), not the expected \(expected): it was discarded and nothing was made from it"
            )
        }
    }
}
