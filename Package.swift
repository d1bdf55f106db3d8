// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "DealSync",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "dealsyncd", targets: ["dealsyncd"]),
        .executable(name: "dealsyncctl", targets: ["dealsyncctl"]),
        .executable(name: "dealsync-sandbox", targets: ["dealsync-sandbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .target(name: "DealSyncCore"),
        .target(
            name: "DealSyncStore",
            dependencies: [
                "DealSyncCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "DealSyncResolver", dependencies: ["DealSyncCore"]),
        .target(
            name: "DealSyncSync",
            dependencies: [
                "DealSyncCore", "DealSyncResolver", "DealSyncStore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "DealSyncQueue",
            dependencies: [
                "DealSyncCore", "DealSyncStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        .target(
            name: "DealSyncConnectors",
            dependencies: [
                "DealSyncCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(name: "DealSyncMail", dependencies: ["DealSyncCore"]),
        .target(name: "DealSyncHooks", dependencies: ["DealSyncCore"]),
        .target(name: "DealSyncControl", dependencies: ["DealSyncCore"]),
        .target(
            name: "DealSyncDaemon",
            dependencies: [
                "DealSyncCore", "DealSyncStore", "DealSyncResolver", "DealSyncSync", "DealSyncQueue",
                "DealSyncConnectors", "DealSyncMail", "DealSyncHooks", "DealSyncControl", "DealSyncSandbox",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "dealsyncd",
            dependencies: [
                "DealSyncDaemon",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "dealsyncctl",
            dependencies: [
                "DealSyncControl",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "DealSyncSandbox",
            dependencies: [
                "DealSyncCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "dealsync-sandbox",
            dependencies: [
                "DealSyncSandbox",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "dealsync-bench", dependencies: ["DealSyncStore", "DealSyncQueue", "DealSyncCore", "DealSyncHooks", "DealSyncMail", "DealSyncDaemon"],
            path: "Benchmarks/dealsync-bench"),
        .target(
            name: "DealSyncTestSupport",
            dependencies: ["DealSyncCore", "DealSyncStore", .product(name: "GRDB", package: "GRDB.swift")]
        ),

        .testTarget(name: "DealSyncCoreTests", dependencies: ["DealSyncCore", "DealSyncTestSupport"]),
        .testTarget(name: "DealSyncStoreTests", dependencies: ["DealSyncStore", "DealSyncTestSupport"]),
        .testTarget(name: "DealSyncResolverTests", dependencies: ["DealSyncResolver", "DealSyncTestSupport"]),
        .testTarget(name: "DealSyncSyncTests", dependencies: ["DealSyncSync", "DealSyncTestSupport"]),
        .testTarget(name: "DealSyncQueueTests", dependencies: ["DealSyncQueue", "DealSyncTestSupport"]),
        .testTarget(name: "DealSyncControlTests", dependencies: ["DealSyncControl"]),
        .testTarget(name: "DealSyncHooksTests", dependencies: ["DealSyncHooks"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DealSyncMailTests", dependencies: ["DealSyncMail", "DealSyncSandbox"], exclude: ["Fixtures"]),
        .testTarget(
            name: "DealSyncEnrichmentTests",
            dependencies: ["DealSyncHooks", "DealSyncMail", "DealSyncDaemon"], exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "DealSyncConnectorsTests",
            dependencies: ["DealSyncConnectors", "DealSyncSandbox", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "DealSyncDaemonTests",
            dependencies: ["DealSyncDaemon", "DealSyncTestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "DealSyncSandboxTests",
            dependencies: ["DealSyncSandbox", .product(name: "AsyncHTTPClient", package: "async-http-client")]
        ),
        .testTarget(
            name: "DealSyncEndToEndTests",
            dependencies: [
                "DealSyncControl", "DealSyncSandbox", "DealSyncTestSupport", "DealSyncConnectors",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
