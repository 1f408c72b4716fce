import CLibArchive

/// Writes a ``GeneratedPackage`` as a deterministic gzip-compressed tar archive, in memory.
///
/// The same package, root folder and modification time always give the same bytes:
/// - every entry sits under `<rootDirectory>/`, with an explicit entry for every folder, sorted by path bytes;
/// - folders are 0755, files 0644 (0755 when executable), uid/gid 0 with empty user and group names;
/// - every entry carries `modificationTime`; no access, change or birth times are stored;
/// - the format is pax-restricted: plain ustar headers, plus a pax `path` record only for names ustar
///   cannot hold (long or non-ASCII), never times or ids;
/// - gzip runs at level 9 with no timestamp and no original file name in its header.
///
/// Nothing is read from disk, so the umask, the user and the working folder cannot leak into the archive.
public struct ArchiveWriter: Sendable {
    /// 2000-01-01T00:00:00Z, used when `SOURCE_DATE_EPOCH` is not set.
    public static let defaultModificationTime: Int64 = 946_684_800
    /// The largest time a ustar header holds without a pax extension (11 octal digits).
    public static let maximumModificationTime: Int64 = 0o77777777777
    /// The gzip level; fixed because the level changes the bytes. 6 (zlib's default), not 9: on a 300-tree forest
    /// (29 MB unpacked) level 9 took 2.3 s of CPU for a 7% smaller archive, level 6 0.7 s.
    public static let compressionLevel = 6

    /// The folder every entry lives in, conventionally `<name>-<version>`.
    public let rootDirectory: String
    /// Seconds since the Unix epoch stamped on every entry.
    public let modificationTime: Int64

    /// Creates a writer for archives rooted at `rootDirectory`.
    ///
    /// - Throws: ``ArchiveError/invalidRootDirectory(_:)`` unless `rootDirectory` is one clean path component;
    ///   ``ArchiveError/invalidModificationTime(_:)`` unless `0 <= modificationTime <= maximumModificationTime`.
    public init(rootDirectory: String, modificationTime: Int64 = defaultModificationTime) throws(ArchiveError) {
        if RelativePath.problem(in: rootDirectory) != nil || rootDirectory.contains("/") {
            throw .invalidRootDirectory(rootDirectory)
        }
        guard (0...Self.maximumModificationTime).contains(modificationTime) else {
            throw .invalidModificationTime(modificationTime)
        }
        self.rootDirectory = rootDirectory
        self.modificationTime = modificationTime
    }

    /// The conventional root folder name, `<name>-<version>`.
    public static func rootDirectory(name: String, version: String) -> String {
        "\(name)-\(version)"
    }

    /// The modification time for a `SOURCE_DATE_EPOCH` value: ``defaultModificationTime`` when `nil` or empty.
    ///
    /// The CLI reads the environment and passes the value in, so the library stays free of ambient state.
    /// - Throws: ``ArchiveError/invalidSourceDateEpoch(_:)`` unless the value is decimal digits only;
    ///   ``ArchiveError/invalidModificationTime(_:)`` when it is too large for a ustar header.
    public static func modificationTime(sourceDateEpoch value: String?) throws(ArchiveError) -> Int64 {
        guard let value, !value.isEmpty else { return defaultModificationTime }
        guard value.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw .invalidSourceDateEpoch(value)
        }
        guard let seconds = Int64(value), seconds <= maximumModificationTime else {
            throw .invalidModificationTime(Int64(value) ?? Int64.max)
        }
        return seconds
    }

    /// The archive of `package` as gzip-compressed tar bytes.
    ///
    /// - Throws: ``ArchiveError/libarchive(operation:message:)`` when any libarchive call fails or warns,
    ///   ``ArchiveError/utf8LocaleUnavailable`` when no UTF-8 locale exists.
    public func archive(_ package: GeneratedPackage) throws(ArchiveError) -> [UInt8] {
        let sink = ByteSink()
        try LibArchive.withUTF8Locale { () throws(ArchiveError) in
            guard let archive = archive_write_new() else {
                throw .libarchive(operation: "archive_write_new", message: "out of memory")
            }
            defer { archive_write_free(archive) }
            try open(archive, into: sink)
            guard let entry = archive_entry_new() else {
                throw .libarchive(operation: "archive_entry_new", message: "out of memory")
            }
            defer { archive_entry_free(entry) }
            for item in entries(of: package) {
                try write(item, entry: entry, to: archive)
            }
            try LibArchive.check(archive_write_close(archive), archive, "archive_write_close")
        }
        return sink.bytes
    }

    /// One tar entry to write: its full path, and its file when it is not a folder.
    private struct Item {
        var path: String
        var file: GeneratedFile?
    }

    /// The root folder, every parent folder and every file, with full paths, sorted by path bytes.
    ///
    /// A folder's path is a prefix of its children's, so it sorts before them and `tar` sees parents first.
    private func entries(of package: GeneratedPackage) -> [Item] {
        var items = [Item(path: rootDirectory)]
        items += package.directories.map { Item(path: "\(rootDirectory)/\($0)") }
        items += package.files.map { Item(path: "\(rootDirectory)/\($0.path)", file: $0) }
        return items.sorted { RelativePath.precedes($0.path, $1.path) }
    }

    private func open(_ archive: OpaquePointer, into sink: ByteSink) throws(ArchiveError) {
        try LibArchive.check(
            archive_write_set_format_pax_restricted(archive), archive, "archive_write_set_format_pax_restricted")
        try LibArchive.check(archive_write_add_filter_gzip(archive), archive, "archive_write_add_filter_gzip")
        // libarchive pads its output to whole 10 KiB blocks, which for a gzip stream is only trailing zeros.
        try LibArchive.check(
            archive_write_set_bytes_in_last_block(archive, 1), archive, "archive_write_set_bytes_in_last_block")
        let options = "gzip:!timestamp,gzip:compression-level=\(Self.compressionLevel)"
        try LibArchive.check(archive_write_set_options(archive, options), archive, "archive_write_set_options")
        let client = Unmanaged.passUnretained(sink).toOpaque()
        let opened = archive_write_open2(
            archive, client, nil,
            { _, client, buffer, length in
                guard let client, let buffer else { return -1 }
                let sink = Unmanaged<ByteSink>.fromOpaque(client).takeUnretainedValue()
                sink.bytes.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: length))
                return length
            }, nil, nil)
        try LibArchive.check(opened, archive, "archive_write_open2")
    }

    private func write(_ item: Item, entry: OpaquePointer, to archive: OpaquePointer) throws(ArchiveError) {
        archive_entry_clear(entry)
        archive_entry_set_pathname_utf8(entry, item.path)
        archive_entry_set_mtime(entry, Int(modificationTime), 0)
        archive_entry_set_uid(entry, 0)
        archive_entry_set_gid(entry, 0)
        if let file = item.file {
            archive_entry_set_filetype(entry, NBSHIP_AE_IFREG)
            archive_entry_set_perm(entry, file.executable ? 0o755 : 0o644)
            archive_entry_set_size(entry, Int64(file.contents.count))
        } else {
            archive_entry_set_filetype(entry, NBSHIP_AE_IFDIR)
            archive_entry_set_perm(entry, 0o755)
            archive_entry_set_size(entry, 0)
        }
        try LibArchive.check(archive_write_header(archive, entry), archive, "archive_write_header(\(item.path))")
        if let contents = item.file?.contents, !contents.isEmpty {
            let written = contents.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) }
            guard written == contents.count else {
                throw LibArchive.failure(archive, "archive_write_data(\(item.path))")
            }
        }
        try LibArchive.check(archive_write_finish_entry(archive), archive, "archive_write_finish_entry")
    }
}

/// The growable buffer libarchive's write callback appends to.
private final class ByteSink {
    var bytes: [UInt8] = []
}
