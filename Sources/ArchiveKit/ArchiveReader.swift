import CLibArchive

/// Reads a tar or tar.gz archive from memory into ``ArchiveEntry`` values, refusing anything unsafe.
///
/// Nothing is unpacked to disk. The reader accepts regular files and folders only; symlinks, hardlinks and
/// special files are errors, as are absolute paths, `..` components, duplicate paths and paths that pass
/// through a file. Entry count and total size are bounded by ``Limits`` so a hostile archive cannot exhaust
/// memory.
public struct ArchiveReader: Sendable {
    /// Bounds on what an archive may hold.
    public struct Limits: Sendable, Hashable {
        /// The most entries (files and folders) an archive may hold.
        public var maxEntries: Int
        /// The most uncompressed file bytes, summed over all entries.
        public var maxTotalBytes: Int

        /// Generous defaults: 100 000 entries and 1 GiB, far above any generated package.
        public init(maxEntries: Int = 100_000, maxTotalBytes: Int = 1 << 30) {
            self.maxEntries = maxEntries
            self.maxTotalBytes = maxTotalBytes
        }
    }

    /// The limits this reader enforces.
    public var limits: Limits

    /// Creates a reader with the given limits.
    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// The entries of `archive` (gzip-compressed or plain tar), in archive order.
    ///
    /// A leading `./` and a folder's trailing `/` are dropped from paths; a bare `./` entry is skipped.
    /// - Throws: ``ArchiveError/unsafeEntryPath(_:reason:)``, ``ArchiveError/unsupportedEntry(_:kind:)``,
    ///   ``ArchiveError/duplicateEntry(_:)``, ``ArchiveError/tooManyEntries(limit:)``,
    ///   ``ArchiveError/contentsTooLarge(entry:limit:)``, or ``ArchiveError/libarchive(operation:message:)``
    ///   when the bytes are not a readable archive.
    public func entries(in archive: [UInt8]) throws(ArchiveError) -> [ArchiveEntry] {
        let entries = try LibArchive.withUTF8Locale { () throws(ArchiveError) in
            let result = archive.withUnsafeBytes { buffer in
                Result { () throws(ArchiveError) in try read(buffer) }
            }
            return try result.get()
        }
        try Self.checkParents(of: entries)
        return entries
    }

    /// The files of an archive whose entries all sit in one root folder, with that folder's name.
    ///
    /// File paths lose the `<root>/` prefix; a file is executable when its mode has an execute bit.
    /// - Throws: what ``entries(in:)`` throws, and ``ArchiveError/unsafeEntryPath(_:reason:)`` for an entry
    ///   outside the root folder.
    public func package(in archive: [UInt8]) throws(ArchiveError) -> (rootDirectory: String, package: GeneratedPackage)
    {
        let entries = try entries(in: archive)
        guard let root = entries.first?.path.split(separator: "/").first.map(String.init) else {
            throw .unsafeEntryPath("", reason: "the archive is empty")
        }
        var files: [GeneratedFile] = []
        for entry in entries where entry.path != root {
            guard entry.path.hasPrefix(root + "/") else {
                throw .unsafeEntryPath(entry.path, reason: "the entry is outside the root folder '\(root)'")
            }
            if entry.kind == .file {
                let path = String(entry.path.dropFirst(root.count + 1))
                files.append(GeneratedFile(path: path, contents: entry.contents, executable: entry.isExecutable))
            }
        }
        return (root, try GeneratedPackage(files: files))
    }

    private func read(_ buffer: UnsafeRawBufferPointer) throws(ArchiveError) -> [ArchiveEntry] {
        guard let archive = archive_read_new() else {
            throw .libarchive(operation: "archive_read_new", message: "out of memory")
        }
        defer { archive_read_free(archive) }
        try LibArchive.check(archive_read_support_filter_gzip(archive), archive, "archive_read_support_filter_gzip")
        try LibArchive.check(archive_read_support_format_tar(archive), archive, "archive_read_support_format_tar")
        // libarchive needs a non-null pointer even for an empty buffer; it then reports a truncated archive.
        let base = buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1)
        try LibArchive.check(
            archive_read_open_memory(archive, base, buffer.count), archive, "archive_read_open_memory")

        var entries: [ArchiveEntry] = []
        var seen = Set<String>()
        var totalBytes = 0
        while true {
            var header: OpaquePointer?
            let status = archive_read_next_header(archive, &header)
            if status == NBSHIP_ARCHIVE_EOF { break }
            try LibArchive.check(status, archive, "archive_read_next_header")
            guard let header else { throw LibArchive.failure(archive, "archive_read_next_header") }
            guard entries.count < limits.maxEntries else { throw .tooManyEntries(limit: limits.maxEntries) }

            let (path, kind) = try Self.describe(header)
            guard let path else { continue }
            guard seen.insert(path).inserted else { throw .duplicateEntry(path) }
            var contents: [UInt8] = []
            if kind == .file {
                let declared = Int(clamping: max(0, archive_entry_size(header)))
                guard declared <= limits.maxTotalBytes - totalBytes else {
                    throw .contentsTooLarge(entry: path, limit: limits.maxTotalBytes)
                }
                contents = try readData(archive, path: path, budget: limits.maxTotalBytes - totalBytes)
                totalBytes += contents.count
            }
            entries.append(
                ArchiveEntry(path: path, kind: kind, mode: UInt32(archive_entry_perm(header)), contents: contents))
        }
        return entries
    }

    /// The entry's cleaned path (`nil` for a bare `./`) and kind, or an error naming it.
    private static func describe(_ header: OpaquePointer) throws(ArchiveError) -> (String?, ArchiveEntry.Kind) {
        guard let cPath = archive_entry_pathname_utf8(header) ?? archive_entry_pathname(header) else {
            throw .unsafeEntryPath("", reason: "the entry has no path")
        }
        guard var path = String(validatingCString: cPath) else {
            throw .unsafeEntryPath(String(cString: cPath), reason: "the path is not valid UTF-8")
        }
        let kind = kind(of: header)
        guard kind == .file || kind == .directory else { throw .unsupportedEntry(path, kind: kind) }
        if path.hasPrefix("/") { throw .unsafeEntryPath(path, reason: "the path is absolute") }
        let original = path
        while path.hasPrefix("./") { path.removeFirst(2) }
        if kind == .directory, path.hasSuffix("/") { path.removeLast() }
        if kind == .directory, path.isEmpty || path == "." { return (nil, kind) }
        if let reason = RelativePath.problem(in: path) { throw .unsafeEntryPath(original, reason: reason) }
        return (path, kind)
    }

    private static func kind(of header: OpaquePointer) -> ArchiveEntry.Kind {
        if archive_entry_hardlink(header) != nil { return .hardlink }
        switch UInt32(archive_entry_filetype(header)) {
        case NBSHIP_AE_IFREG: return .file
        case NBSHIP_AE_IFDIR: return .directory
        case NBSHIP_AE_IFLNK: return .symlink
        default: return .other
        }
    }

    /// Reads the current entry's data, failing as soon as it exceeds `budget` bytes.
    private func readData(_ archive: OpaquePointer, path: String, budget: Int) throws(ArchiveError) -> [UInt8] {
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { archive_read_data(archive, $0.baseAddress, $0.count) }
            if count == 0 { return contents }
            guard count > 0 else { throw LibArchive.failure(archive, "archive_read_data(\(path))") }
            guard count <= budget - contents.count else {
                throw .contentsTooLarge(entry: path, limit: limits.maxTotalBytes)
            }
            contents.append(contentsOf: chunk[..<count])
        }
    }

    /// Rejects entries whose parent folder is a file entry (`a` as a file, then `a/b`).
    static func checkParents(of entries: [ArchiveEntry]) throws(ArchiveError) {
        let files = Set(entries.filter { $0.kind == .file }.map(\.path))
        for entry in entries {
            if let file = RelativePath.parents(of: entry.path).first(where: files.contains) {
                throw .unsafeEntryPath(entry.path, reason: "its folder '\(file)' is a file")
            }
        }
    }
}
