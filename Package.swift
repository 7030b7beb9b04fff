// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "kiln",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kiln", targets: ["kiln"]),
        .library(name: "KilnCore", targets: ["KilnCore"]),
        .library(name: "KilnModels", targets: ["KilnModels"]),
        .library(name: "KilnPipeline", targets: ["KilnPipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk.git", from: "0.12.1"),
    ],
    targets: [
        // Pure types and logic. No I/O.
        .target(name: "KilnCore"),
        // Processes, file locks, atomic writes, paths: the only place that talks to the OS directly.
        .target(name: "CKilnSystem"),
        .target(
            name: "KilnSystem",
            dependencies: [
                "KilnCore",
                "CKilnSystem",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "KilnModels",
            dependencies: [
                "KilnCore",
                "KilnSystem",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            // The runtime's helper programs, compiled in as RuntimeHelperSource+Generated.swift.
            exclude: ["Helpers"]
        ),
        // The LanguageToolchain seam and its conformances (Python/), the sandbox and the validators.
        .target(
            name: "KilnValidation",
            dependencies: ["KilnCore", "KilnSystem", .product(name: "TOMLKit", package: "TOMLKit")],
            // Python's helper programs, compiled in as PythonHelperSource+Generated.swift.
            exclude: ["Python/Helpers", "Python/Templates"]
        ),
        // Prompt templates kept as code: Markdown with YAML front matter, rendered with Mustache.
        .target(
            name: "KilnPrompts",
            dependencies: [
                "KilnCore", "KilnSystem", .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // Git, provenance records, review, stats and project set-up: nothing here knows a model or a language.
        .target(name: "KilnWorkflow", dependencies: ["KilnCore", "KilnSystem"]),
        // The one repair loop, the five patterns, and the library-side front end every front end calls.
        .target(
            name: "KilnPipeline",
            dependencies: ["KilnCore", "KilnSystem", "KilnModels", "KilnValidation", "KilnPrompts", "KilnWorkflow"],
            exclude: ["Helpers"]),
        // `kiln mcp`: the agent front end, translating MCP tool calls to the library flow and back.
        .target(
            name: "KilnMCP",
            dependencies: [
                "KilnCore", "KilnSystem", "KilnModels", "KilnValidation", "KilnPipeline", "KilnPrompts", "KilnWorkflow",
                .product(name: "MCP", package: "swift-sdk"),
            ]),
        // `kiln lsp`: the editor front end (LSP over stdio), translating to the library flow and back.
        .target(
            name: "KilnLSP",
            dependencies: ["KilnCore", "KilnSystem", "KilnModels", "KilnValidation", "KilnPipeline"]),
        // Test doubles shipped beside the protocols they stand in for: a scripted model and a fake toolchain.
        .target(name: "KilnTesting", dependencies: ["KilnCore", "KilnModels", "KilnValidation"]),
        .executableTarget(
            name: "kiln",
            dependencies: [
                "KilnCore", "KilnSystem", "KilnModels", "KilnValidation", "KilnPipeline", "KilnPrompts", "KilnMCP", "KilnLSP", "KilnWorkflow",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "KilnTests",
            dependencies: [
                "KilnCore", "KilnSystem", "KilnModels", "KilnValidation", "KilnPipeline", "KilnPrompts", "KilnTesting", "KilnMCP", "KilnLSP", "KilnWorkflow", "kiln",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
    ]
)
