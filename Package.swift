// swift-tools-version: 6.0
import PackageDescription

/// Tests that read `../shared/corpus` (PMML and notebooks of other projects, read in place) are compiled only with
/// `NBSHIP_CORPUS_TESTS=1` in the environment: the suite README names runs on a clone of this repository alone, and
/// CI runs the corpus tests as their own step (README "Conformance").
let corpusSettings: [SwiftSetting] =
    Context.environment["NBSHIP_CORPUS_TESTS"] != nil ? [.define("NBSHIP_CORPUS_TESTS")] : []

let package = Package(
    name: "nbship",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "nbship", targets: ["nbship"]),
        .library(
            name: "NBShipKit", targets: ["NBCore", "NotebookReader", "PMMLReader", "PackageGenerator", "ArchiveKit"]),
        // libFuzzer targets for the readers of untrusted input; `bash .ci/fuzz` builds them with -DFUZZING and runs them.
        .executable(name: "fuzz-notebook", targets: ["FuzzNotebook"]),
        .executable(name: "fuzz-python-literal", targets: ["FuzzPythonLiteral"]),
        .executable(name: "fuzz-pmml", targets: ["FuzzPMML"]),
        .executable(name: "fuzz-parameters", targets: ["FuzzParameters"]),
        .executable(name: "fuzz-archive", targets: ["FuzzArchive"]),
        .executable(name: "fuzz-xgboost", targets: ["FuzzXGBoost"]),
        .executable(name: "fuzz-lightgbm", targets: ["FuzzLightGBM"]),
        .executable(name: "fuzz-onnx", targets: ["FuzzONNX"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"4.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // The library only: Sources/ONNXReader/Generated/onnx-ml.pb.swift is generated once and committed
        // (scripts/gen-onnx-proto), so no build plugin and no protoc. Pinned: the generated code needs this version.
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]),
        .systemLibrary(
            name: "CLibArchive", path: "Sources/CLibArchive", pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"]), .brew(["libarchive"])]),
        /// The scoring primitives generated packages carry byte for byte (Link.swift, Runtime.swift), compiled here.
        /// No dependencies.
        .target(name: "NBRuntime"),
        /// Spec types, diagnostics, validation, reference evaluator (built on NBRuntime's primitives).
        .target(name: "NBCore", dependencies: ["NBRuntime"]),
        .target(name: "NotebookReader", dependencies: ["NBCore"]),
        .target(name: "PMMLReader", dependencies: ["NBCore", "CLibXML2"]),
        /// XGBoost JSON/UBJSON and LightGBM text models (Foundation only).
        .target(name: "BoosterReader", dependencies: ["NBCore"]),
        /// ONNX models (ONNX-ML), parsed with SwiftProtobuf.
        .target(
            name: "ONNXReader",
            dependencies: ["NBCore", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: ["Generated/onnx-ml.proto", "Generated/README.md", "Generated/LICENSE-onnx"]),
        .target(
            name: "NBShipTemplates", path: "Templates",
            exclude: ["README.md"],
            resources: [.embedInCode("Swift"), .embedInCode("Text")]),
        .target(
            name: "PackageGenerator",
            dependencies: ["NBCore", "NBShipTemplates", .product(name: "Mustache", package: "swift-mustache")]),
        .target(
            name: "ArchiveKit",
            dependencies: ["NBCore", "CLibArchive", .product(name: "Crypto", package: "swift-crypto")]),
        /// parameters.yaml: reading and checking the domain experts' file.
        .target(name: "ParameterFile", dependencies: ["NBCore", .product(name: "Yams", package: "Yams")]),
        /// The application layer: the conversion pipeline, package assembly, versioning, archive integrity,
        /// `params apply`, the toolchain runner. What the commands call; no command-line parsing.
        .target(
            name: "NBShipApp",
            dependencies: [
                "NBCore", "NotebookReader", "PMMLReader", "BoosterReader", "ONNXReader", "PackageGenerator",
                "ArchiveKit",
                "ParameterFile",
            ]),
        /// `nbship conformance`'s runner: corpus cases, batch builds, comparison rules, the table.
        .target(
            name: "NBShipConformance",
            dependencies: ["NBCore", "PMMLReader", "PackageGenerator", "ArchiveKit", "NBShipApp"]),
        /// Commands, option groups and diagnostic printing only.
        .target(
            name: "NBShipCLI",
            dependencies: [
                "NBCore", "NotebookReader", "PMMLReader", "PackageGenerator", "ArchiveKit", "ParameterFile",
                "NBShipApp",
                "NBShipConformance", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        /// glibc malloc tuning for the executable (headers only).
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .executableTarget(name: "nbship", dependencies: ["NBShipCLI", "CMalloc"]),
        /// Fuzz targets (one file each; without -DFUZZING they only print how to build them).
        .executableTarget(
            name: "FuzzNotebook", dependencies: ["NBCore", "NotebookReader", "PMMLReader", "PackageGenerator"]),
        .executableTarget(name: "FuzzPythonLiteral", dependencies: ["NBCore", "NotebookReader"]),
        .executableTarget(name: "FuzzPMML", dependencies: ["NBCore", "PMMLReader", "PackageGenerator"]),
        .executableTarget(name: "FuzzParameters", dependencies: ["NBCore", "ParameterFile"]),
        .executableTarget(name: "FuzzArchive", dependencies: ["NBCore", "ArchiveKit", "NBShipApp"]),
        .executableTarget(name: "FuzzXGBoost", dependencies: ["NBCore", "BoosterReader", "PackageGenerator"]),
        .executableTarget(name: "FuzzLightGBM", dependencies: ["NBCore", "BoosterReader", "PackageGenerator"]),
        .executableTarget(name: "FuzzONNX", dependencies: ["NBCore", "ONNXReader", "PackageGenerator"]),
        .testTarget(name: "NBCoreTests", dependencies: ["NBCore"]),
        .testTarget(name: "NBRuntimeTests", dependencies: ["NBRuntime"]),
        .testTarget(name: "NotebookReaderTests", dependencies: ["NotebookReader"], swiftSettings: corpusSettings),
        .testTarget(name: "PMMLReaderTests", dependencies: ["PMMLReader"], swiftSettings: corpusSettings),
        .testTarget(name: "ParameterFileTests", dependencies: ["ParameterFile"]),
        .testTarget(name: "BoosterReaderTests", dependencies: ["BoosterReader"]),
        .testTarget(
            name: "ONNXReaderTests",
            dependencies: ["ONNXReader", .product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        .testTarget(
            name: "NBShipTests",
            dependencies: [
                "NBShipCLI", "NBShipApp", "NBShipConformance", "PackageGenerator", "ArchiveKit", "NotebookReader",
                "PMMLReader", "NBShipTemplates",
            ],
            exclude: ["References", "Fixtures", "BadInputs", "Conformance.md"], swiftSettings: corpusSettings),
    ],
    swiftLanguageModes: [.v6]
)
