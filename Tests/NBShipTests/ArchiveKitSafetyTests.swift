import ArchiveKit
import Foundation
import Testing

/// Tests of ArchiveKit's refusals: bad package paths, hostile archives, limits, and clobbering an archive.
@Suite("ArchiveKit safety")
struct ArchiveKitSafetyTests {
    typealias Tools = ArchiveTestTools

    // MARK: Package paths

    @Test(
        "Package paths must be clean and relative",
        arguments: ["", "/etc/passwd", "a/../b", "..", "./a", "a//b", "a/", "a\\b", "a\nb", "a\u{0}b"])
    func rejectsBadPaths(path: String) {
        #expect {
            try GeneratedPackage(files: [GeneratedFile(path: path, text: "x")])
        } throws: { error in
            guard case .invalidPath(let rejected, _) = error as? ArchiveError else { return false }
            return rejected == path
        }
    }

    @Test("Duplicate paths and a file used as a folder are rejected")
    func rejectsDuplicatesAndConflicts() {
        #expect(throws: ArchiveError.duplicatePath("a")) {
            try GeneratedPackage(files: [GeneratedFile(path: "a", text: "1"), GeneratedFile(path: "a", text: "2")])
        }
        #expect(throws: ArchiveError.pathConflict(file: "a", folderOf: "a/b")) {
            try GeneratedPackage(files: [GeneratedFile(path: "a/b", text: "1"), GeneratedFile(path: "a", text: "2")])
        }
    }

    @Test("The root folder and modification time are checked")
    func writerParameters() {
        for root in ["", "a/b", "..", "."] {
            #expect(throws: ArchiveError.invalidRootDirectory(root)) { try ArchiveWriter(rootDirectory: root) }
        }
        #expect(throws: ArchiveError.invalidModificationTime(-1)) {
            try ArchiveWriter(rootDirectory: "x", modificationTime: -1)
        }
    }

    @Test("SOURCE_DATE_EPOCH is parsed strictly, with a fixed default")
    func sourceDateEpoch() throws {
        #expect(try ArchiveWriter.modificationTime(sourceDateEpoch: nil) == 946_684_800)
        #expect(try ArchiveWriter.modificationTime(sourceDateEpoch: "") == 946_684_800)
        #expect(try ArchiveWriter.modificationTime(sourceDateEpoch: "0") == 0)
        #expect(try ArchiveWriter.modificationTime(sourceDateEpoch: "1700000000") == 1_700_000_000)
        for bad in ["-5", "1.5", " 1", "abc", "1e9"] {
            #expect(throws: ArchiveError.invalidSourceDateEpoch(bad)) {
                try ArchiveWriter.modificationTime(sourceDateEpoch: bad)
            }
        }
        #expect(throws: ArchiveError.self) { try ArchiveWriter.modificationTime(sourceDateEpoch: "99999999999999") }
    }

    // MARK: Checksums

    @Test("SHA-256 digests and SHA256SUMS text have the sha256sum format")
    func checksumFormat() throws {
        #expect(
            Checksums.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        )
        let package = try GeneratedPackage(files: [
            GeneratedFile(path: "b", text: "b"), GeneratedFile(path: "B", text: "B"),
            GeneratedFile(path: "a/z", text: ""),
        ])
        let sums = Checksums.sha256sums(for: package)
        let paths = sums.split(separator: "\n").map { String($0.dropFirst(66)) }
        #expect(paths == ["B", "a/z", "b"], "LC_ALL=C byte order")
        #expect(sums.hasPrefix("\(Checksums.sha256Hex(Array("B".utf8)))  B\n"))
        let parsed = try Checksums.parseSHA256SUMS(sums)
        #expect(parsed.map(\.path) == paths)
        #expect(
            try Checksums.mismatches(in: sums, files: ["B": Array("B".utf8), "a/z": [], "b": Array("x".utf8)]) == ["b"])
        #expect(throws: ArchiveError.malformedChecksumLine(line: 1, text: "nonsense")) {
            try Checksums.parseSHA256SUMS("nonsense\n")
        }
    }

    // MARK: Hostile archives

    /// Builds an archive with the system `tar` from files created by `setup` in a fresh folder.
    static func systemArchive(_ setup: String, tar arguments: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try Tools.withTemporaryDirectory { dir in
            let result = try Tools.run("sh", "-c", "set -e; \(setup); tar \(arguments)", in: dir)
            try #require(result.status == 0, "\(result.stderr)")
            bytes = try Array(Data(contentsOf: URL(fileURLWithPath: "\(dir)/out.tar")))
        }
        return bytes
    }

    @Test("Entries with '..' or absolute paths are rejected, naming the entry")
    func rejectsEscapingPaths() throws {
        let dotdot = try Self.systemArchive("echo x > evil", tar: "-czf out.tar -P --transform 's,^,../,' evil")
        #expect {
            try ArchiveReader().entries(in: dotdot)
        } throws: { error in
            guard case .unsafeEntryPath(let path, _) = error as? ArchiveError else { return false }
            return path == "../evil"
        }
        let nested = try Self.systemArchive("echo x > evil", tar: "-czf out.tar -P --transform 's,^,a/../../,' evil")
        #expect(throws: ArchiveError.unsafeEntryPath("a/../../evil", reason: "the path has a '..' component")) {
            try ArchiveReader().entries(in: nested)
        }
        let absolute = try Self.systemArchive("echo x > evil", tar: "-czf out.tar -P --transform 's,^,/tmp/,' evil")
        #expect(throws: ArchiveError.unsafeEntryPath("/tmp/evil", reason: "the path is absolute")) {
            try ArchiveReader().entries(in: absolute)
        }
    }

    @Test("Symlinks, hardlinks and FIFOs are rejected, naming the entry")
    func rejectsLinksAndSpecialFiles() throws {
        let symlink = try Self.systemArchive("ln -s /etc/passwd link", tar: "-czf out.tar link")
        #expect(throws: ArchiveError.unsupportedEntry("link", kind: .symlink)) {
            try ArchiveReader().entries(in: symlink)
        }
        let hardlink = try Self.systemArchive("echo x > a; ln a b", tar: "-czf out.tar a b")
        #expect(throws: ArchiveError.unsupportedEntry("b", kind: .hardlink)) {
            try ArchiveReader().entries(in: hardlink)
        }
        let fifo = try Self.systemArchive("mkfifo p", tar: "-czf out.tar p")
        #expect(throws: ArchiveError.unsupportedEntry("p", kind: .other)) { try ArchiveReader().entries(in: fifo) }
        let entries = [ArchiveEntry(path: "link", kind: .symlink, mode: 0o777)]
        #expect(throws: ArchiveError.unsupportedEntry("link", kind: .symlink)) {
            try ArchiveReader.extract(entries, to: "/nonexistent")
        }
    }

    @Test("Duplicate entries and files used as folders are rejected")
    func rejectsDuplicateEntries() throws {
        let duplicate = try Self.systemArchive("echo x > a", tar: "-cf out.tar a && tar -rf out.tar a")
        #expect(throws: ArchiveError.duplicateEntry("a")) { try ArchiveReader().entries(in: duplicate) }
        let conflict = try Self.systemArchive(
            "echo x > a; mkdir c; echo y > c/b", tar: "-cf out.tar --no-recursion --transform 's,^c/,a/,' a c/b")
        #expect(throws: ArchiveError.unsafeEntryPath("a/b", reason: "its folder 'a' is a file")) {
            try ArchiveReader().entries(in: conflict)
        }
    }

    @Test("Entry count and total size limits are enforced")
    func limits() throws {
        let bytes = try ArchiveWriter(rootDirectory: "r").archive(ArchiveKitTests.samplePackage())
        #expect(throws: ArchiveError.tooManyEntries(limit: 3)) {
            try ArchiveReader(limits: .init(maxEntries: 3)).entries(in: bytes)
        }
        #expect {
            try ArchiveReader(limits: .init(maxTotalBytes: 40)).entries(in: bytes)
        } throws: { error in
            guard case .contentsTooLarge(_, let limit) = error as? ArchiveError else { return false }
            return limit == 40
        }
    }

    @Test("Bytes that are not an archive give a libarchive error, not a crash")
    func rejectsGarbage() {
        for bytes in [[], [0x1F, 0x8B, 0x08, 0x00], Array("not an archive".utf8)] as [[UInt8]] {
            #expect {
                try ArchiveReader().entries(in: bytes)
            } throws: { error in
                guard case .libarchive = error as? ArchiveError else { return false }
                return true
            }
        }
    }

    // MARK: Writing the archive file

    @Test("A second write to an existing destination throws and leaves the original bytes untouched")
    func noClobber() throws {
        try Tools.withTemporaryDirectory { dir in
            let path = "\(dir)/churn-1.0.0.tar.gz"
            try AtomicFile.create([1, 2, 3], at: path)
            #expect(throws: ArchiveError.destinationExists(path)) { try AtomicFile.create([4, 5, 6], at: path) }
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data([1, 2, 3]))
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["churn-1.0.0.tar.gz"])
            #expect(ArchiveError.destinationExists(path).diagnostic.id == "archive.destination-exists")
        }
    }

    @Test("Replacing a file swaps its bytes atomically, keeps its permissions and leaves no temporary file")
    func atomicReplace() throws {
        try Tools.withTemporaryDirectory { dir in
            let path = "\(dir)/parameters.yaml"
            try AtomicFile.create(Array("threshold: 0.35\n".utf8), at: path, permissions: 0o640)
            try AtomicFile.replace(Array("threshold: 0.4\n".utf8), at: path)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "threshold: 0.4\n")
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o640)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["parameters.yaml"])
            #expect(throws: ArchiveError.self) { try AtomicFile.replace([1], at: "\(dir)/missing.yaml") }
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["parameters.yaml"])
        }
    }

    @Test("A failed write leaves no temporary file behind")
    func failedWriteCleansUp() throws {
        try Tools.withTemporaryDirectory { dir in
            #expect(throws: ArchiveError.self) { try AtomicFile.create([1], at: "\(dir)/missing/a.tar.gz") }
            try FileManager.default.createDirectory(atPath: "\(dir)/folder", withIntermediateDirectories: false)
            #expect(throws: ArchiveError.destinationExists("\(dir)/folder")) {
                try AtomicFile.create([1], at: "\(dir)/folder")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["folder"])
        }
    }
}
