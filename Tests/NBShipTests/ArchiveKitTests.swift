import ArchiveKit
import Foundation
import Testing

/// Tests of the deterministic archive writer, the safe reader, checksums and no-clobber file creation.
///
/// Several tests run the system `tar`, `gzip` and `sha256sum` (GNU versions on Linux) to check the archive
/// against the tools users will actually run.
@Suite("ArchiveKit")
struct ArchiveKitTests {
    static let root = "churn-1.0.0"

    static func samplePackage() throws -> GeneratedPackage {
        let files = [
            GeneratedFile(path: "Package.swift", text: "// swift-tools-version: 6.0\nimport PackageDescription\n"),
            GeneratedFile(path: "README.md", text: "# Churn\n\nA model.\n"),
            GeneratedFile(path: "Sources/Churn/Churn.swift", text: "public struct Churn: Sendable {}\n"),
            GeneratedFile(path: "Sources/Churn/Parameters.swift", text: "public let threshold = 0.5\n"),
            GeneratedFile(path: "Sources/churn-predict/main.swift", text: "print(\"ok\")\n"),
            GeneratedFile(path: "Tests/ChurnTests/ChurnTests.swift", text: "import Testing\n"),
            GeneratedFile(path: "scripts/predict.sh", text: "#!/bin/sh\necho ok\n", executable: true),
            GeneratedFile(path: "empty.txt", contents: []),
        ]
        return try Checksums.addingSHA256SUMS(to: GeneratedPackage(files: files))
    }

    static func write(
        _ package: GeneratedPackage, mtime: Int64 = ArchiveWriter.defaultModificationTime
    ) throws
        -> [UInt8]
    {
        try ArchiveWriter(rootDirectory: root, modificationTime: mtime).archive(package)
    }

    // MARK: Determinism

    @Test("The same package written twice gives identical bytes")
    func sameInputSameBytes() throws {
        let package = try Self.samplePackage()
        #expect(try Self.write(package) == Self.write(package))
    }

    @Test("The order files are given in does not change the bytes")
    func orderIndependent() throws {
        let package = try Self.samplePackage()
        let reversed = try GeneratedPackage(files: package.files.reversed())
        var generator = SystemRandomNumberGenerator()
        let shuffled = try GeneratedPackage(files: package.files.shuffled(using: &generator))
        let bytes = try Self.write(package)
        #expect(try Self.write(reversed) == bytes)
        #expect(try Self.write(shuffled) == bytes)
    }

    @Test("A different modification time changes the bytes but not the contents")
    func modificationTimeChangesBytesOnly() throws {
        let package = try Self.samplePackage()
        let first = try Self.write(package, mtime: 946_684_800)
        let second = try Self.write(package, mtime: 1_700_000_000)
        #expect(first != second)
        #expect(try ArchiveReader().entries(in: first) == ArchiveReader().entries(in: second))
    }

    @Test("The bytes do not depend on the folder the archive is written to")
    func independentOfDestinationFolder() throws {
        let package = try Self.samplePackage()
        try ArchiveTestTools.withTemporaryDirectory { one in
            try ArchiveTestTools.withTemporaryDirectory { two in
                try AtomicFile.create(Self.write(package), at: "\(one)/a.tar.gz")
                try AtomicFile.create(Self.write(package), at: "\(two)/a.tar.gz")
                let first = try Data(contentsOf: URL(fileURLWithPath: "\(one)/a.tar.gz"))
                let second = try Data(contentsOf: URL(fileURLWithPath: "\(two)/a.tar.gz"))
                #expect(first == second)
                let mode = try FileManager.default.attributesOfItem(atPath: "\(one)/a.tar.gz")[.posixPermissions]
                #expect(mode as? Int == 0o644)
            }
        }
    }

    // MARK: Format

    @Test("The gzip header has no timestamp and no file name")
    func gzipHeader() throws {
        let bytes = try Self.write(Self.samplePackage())
        #expect(Array(bytes[0..<3]) == [0x1F, 0x8B, 0x08])
        #expect(bytes[3] == 0, "no FNAME, FEXTRA or FCOMMENT flags")
        #expect(Array(bytes[4..<8]) == [0, 0, 0, 0], "MTIME is zero")
        #expect(bytes.count < 2_048, "no zero padding to 10 KiB blocks after the gzip stream")
        try ArchiveTestTools.withTemporaryDirectory { dir in
            try Data(bytes).write(to: URL(fileURLWithPath: "\(dir)/a.tar.gz"))
            let test = try ArchiveTestTools.run("gzip", "-t", "\(dir)/a.tar.gz")
            #expect(test.status == 0 && test.stderr.isEmpty, "\(test.stderr)")
        }
    }

    @Test("System tar lists sorted entries under the root folder, owned by 0/0, with the fixed time")
    func systemTarListing() throws {
        let package = try Self.samplePackage()
        let bytes = try Self.write(package)
        try ArchiveTestTools.withTemporaryDirectory { dir in
            try Data(bytes).write(to: URL(fileURLWithPath: "\(dir)/a.tar.gz"))
            let listing = try ArchiveTestTools.run("tar", "--numeric-owner", "--full-time", "-tvzf", "\(dir)/a.tar.gz")
            #expect(listing.status == 0, "\(listing.stderr)")
            let lines = listing.stdout.split(separator: "\n").map(String.init)
            let names = lines.compactMap {
                $0.split(separator: " ", omittingEmptySubsequences: true).last.map(String.init)
            }
            let expected =
                ["\(Self.root)/"] + package.directories.map { "\(Self.root)/\($0)/" }
                + package.files.map { "\(Self.root)/\($0.path)" }
            #expect(names == expected.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
            for line in lines {
                #expect(line.contains(" 0/0 "), "\(line)")
                #expect(line.contains(" 2000-01-01 00:00:00 "), "\(line)")
                #expect(
                    line.hasPrefix(line.hasSuffix("/") || line.contains("predict.sh") ? "-rwxr-xr-x" : "-rw-r--r--")
                        || line.hasPrefix("drwxr-xr-x"), "\(line)")
            }
        }
    }

    @Test("The tar stream carries no pax records with times or ids, and no user or group names")
    func noTimesOrIdsInHeaders() throws {
        var package = try Self.samplePackage()
        package = try package.replacing(GeneratedFile(path: "Sources/Naïve/Größe.swift", text: "// ü\n"))
        let tar = try ArchiveTestTools.decompress(Self.write(package))
        var offset = 0
        var paxRecords: [String] = []
        while offset + 512 <= tar.count, tar[offset..<offset + 512].contains(where: { $0 != 0 }) {
            let header = Array(tar[offset..<offset + 512])
            let size = Int(String(decoding: header[124..<135], as: UTF8.self), radix: 8) ?? 0
            #expect(header[265..<329].allSatisfy { $0 == 0 }, "uname and gname are empty")
            if header[156] == UInt8(ascii: "x") || header[156] == UInt8(ascii: "g") {
                paxRecords.append(String(decoding: tar[offset + 512..<offset + 512 + size], as: UTF8.self))
            }
            offset += 512 + (size + 511) / 512 * 512
        }
        #expect(paxRecords.count == 2, "only the two non-ASCII paths (folder and file) need pax records")
        for record in paxRecords {
            for key in ["mtime=", "atime=", "ctime=", "uid=", "gid=", "uname=", "gname="] {
                #expect(!record.contains(key), "\(record)")
            }
            #expect(
                record.hasSuffix(" path=\(Self.root)/Sources/Naïve/\n")
                    || record.hasSuffix(" path=\(Self.root)/Sources/Naïve/Größe.swift\n"))
        }
    }

    // MARK: Reading back

    @Test("Reading an archive back gives the package and root folder that were written")
    func roundTrip() throws {
        let package = try Self.samplePackage()
        let (root, readBack) = try ArchiveReader().package(in: Self.write(package))
        #expect(root == Self.root)
        #expect(readBack == package)
        let script = try #require(readBack.file(at: "scripts/predict.sh"))
        #expect(script.executable)
    }

    @Test("Non-ASCII file names round trip through the writer, the reader and system tar")
    func nonASCIINames() throws {
        let names = ["Sources/Naïve/Größe.swift", "docs/日本語.md", "docs/emoji-🙂.txt", "docs/e\u{301}.txt"]
        var package = try Self.samplePackage()
        for name in names { package = try package.replacing(GeneratedFile(path: name, text: name)) }
        package = try Checksums.addingSHA256SUMS(to: package)
        let bytes = try Self.write(package)
        let readBack = try ArchiveReader().package(in: bytes).package
        #expect(readBack == package)
        #expect(
            readBack.files.map { Array($0.path.utf8) } == package.files.map { Array($0.path.utf8) },
            "same bytes, not just canonically equal")
        #expect(
            package.files.contains { Array($0.path.utf8) == Array("docs/\u{E9}.txt".utf8) }, "paths are stored in NFC")
        try ArchiveTestTools.withTemporaryDirectory { dir in
            try Data(bytes).write(to: URL(fileURLWithPath: "\(dir)/a.tar.gz"))
            let extracted = try ArchiveTestTools.run(
                "tar", "-xzf", "a.tar.gz", in: dir, environment: ["LC_ALL": "C.UTF-8"])
            #expect(extracted.status == 0, "\(extracted.stderr)")
            let check = try ArchiveTestTools.run("sha256sum", "-c", "--strict", "SHA256SUMS", in: "\(dir)/\(Self.root)")
            #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        }
    }

    @Test("sha256sum -c passes after extracting with ArchiveReader, and executable bits survive")
    func extractAndCheck() throws {
        let bytes = try Self.write(Self.samplePackage())
        try ArchiveTestTools.withTemporaryDirectory { dir in
            try ArchiveReader().extract(bytes, to: "\(dir)/out")
            let check = try ArchiveTestTools.run(
                "sha256sum", "-c", "--strict", "SHA256SUMS", in: "\(dir)/out/\(Self.root)")
            #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
            #expect(check.stdout.contains("scripts/predict.sh: OK"))
            #expect(FileManager.default.isExecutableFile(atPath: "\(dir)/out/\(Self.root)/scripts/predict.sh"))
            #expect(!FileManager.default.isExecutableFile(atPath: "\(dir)/out/\(Self.root)/README.md"))
            #expect(throws: ArchiveError.destinationExists("\(dir)/out/\(Self.root)/Package.swift")) {
                try ArchiveReader().extract(bytes, to: "\(dir)/out")
            }
        }
    }

    @Test("Extraction refuses to follow a symlink already on disk")
    func extractRefusesSymlinkOnDisk() throws {
        let bytes = try Self.write(Self.samplePackage())
        try ArchiveTestTools.withTemporaryDirectory { dir in
            try FileManager.default.createDirectory(atPath: "\(dir)/elsewhere", withIntermediateDirectories: false)
            try FileManager.default.createDirectory(atPath: "\(dir)/out", withIntermediateDirectories: false)
            try FileManager.default.createSymbolicLink(
                atPath: "\(dir)/out/\(Self.root)", withDestinationPath: "../elsewhere")
            #expect(throws: ArchiveError.self) { try ArchiveReader().extract(bytes, to: "\(dir)/out") }
            #expect(try FileManager.default.contentsOfDirectory(atPath: "\(dir)/elsewhere").isEmpty)
        }
    }
}

// MARK: - Helpers

/// Temporary folders and system tools for the ArchiveKit tests; namespaced so other test files' helpers
/// cannot clash with these names.
enum ArchiveTestTools {
    /// Runs `body` with a fresh temporary folder, removed afterwards.
    static func withTemporaryDirectory(_ body: (String) throws -> Void) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("archivekit-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(path)
    }

    /// The result of a finished process.
    struct ProcessResult {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a system tool found on `PATH`, in `directory`, and waits for it.
    static func run(
        _ arguments: String..., in directory: String? = nil, environment: [String: String] = [:]
    ) throws
        -> ProcessResult
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.environment = ProcessInfo.processInfo.environment.merging(["TZ": "UTC"].merging(environment) { $1 }) {
            $1
        }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// The tar stream inside gzip `bytes`, decompressed by the system `gzip`.
    static func decompress(_ bytes: [UInt8]) throws -> [UInt8] {
        var result: [UInt8] = []
        try ArchiveTestTools.withTemporaryDirectory { dir in
            try Data(bytes).write(to: URL(fileURLWithPath: "\(dir)/a.tar.gz"))
            #expect(try ArchiveTestTools.run("gzip", "-d", "\(dir)/a.tar.gz").status == 0)
            result = try Array(Data(contentsOf: URL(fileURLWithPath: "\(dir)/a.tar")))
        }
        return result
    }
}
