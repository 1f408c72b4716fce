#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension ArchiveReader {
    /// Reads `archive` and writes its files and folders under `directory`, with the checks of the static `extract`.
    public func extract(_ archive: [UInt8], to directory: String) throws(ArchiveError) {
        try Self.extract(entries(in: archive), to: directory)
    }

    /// Writes `entries` under `directory`, which is created if missing (its parent must exist).
    ///
    /// Every path is checked again, so hand-made entries cannot escape either. Folders are walked with
    /// `openat(O_NOFOLLOW)`, so a symlink already on disk (say `root -> /etc`) stops extraction instead of
    /// being followed. Files are created with `O_EXCL` and never overwrite; their mode is the entry's permission
    /// bits limited to `0o755` (no set-id, sticky or group/other write bits), applied with `fchmod` so the
    /// umask does not drop execute bits. Folders are created with 0755 less the umask.
    /// - Throws: ``ArchiveError/unsafeEntryPath(_:reason:)``, ``ArchiveError/unsupportedEntry(_:kind:)``,
    ///   ``ArchiveError/destinationExists(_:)`` for a file that already exists, or
    ///   ``ArchiveError/fileSystem(operation:path:errno:)``.
    public static func extract(_ entries: [ArchiveEntry], to directory: String) throws(ArchiveError) {
        for entry in entries {
            guard entry.kind == .file || entry.kind == .directory else {
                throw .unsupportedEntry(entry.path, kind: entry.kind)
            }
            if let reason = RelativePath.problem(in: entry.path) { throw .unsafeEntryPath(entry.path, reason: reason) }
        }
        try checkParents(of: entries)

        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            throw .fileSystem(operation: "mkdir", path: directory, errno: errno)
        }
        let root = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { throw .fileSystem(operation: "open", path: directory, errno: errno) }
        defer { close(root) }

        for entry in entries {
            let components = entry.path.split(separator: "/").map(String.init)
            let folders = entry.kind == .directory ? components : Array(components.dropLast())
            let parent = try openFolders(folders, under: root, directory: directory, entry: entry.path)
            defer { close(parent) }
            if entry.kind == .file, let name = components.last {
                try writeFile(entry, named: name, in: parent, fullPath: "\(directory)/\(entry.path)")
            }
        }
    }

    /// Opens (creating as needed) each folder in turn below `root`, refusing symlinks; returns the last one.
    private static func openFolders(
        _ folders: [String], under root: Int32, directory: String, entry: String
    ) throws(ArchiveError) -> Int32 {
        var current = dup(root)
        guard current >= 0 else { throw .fileSystem(operation: "dup", path: directory, errno: errno) }
        var walked = directory
        for name in folders {
            walked += "/" + name
            var next = openat(current, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if next < 0 && errno == ENOENT {
                if mkdirat(current, name, 0o755) != 0 && errno != EEXIST {
                    let code = errno
                    close(current)
                    throw .fileSystem(operation: "mkdir", path: walked, errno: code)
                }
                next = openat(current, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            let code = errno
            close(current)
            guard next >= 0 else {
                if code == ELOOP || code == ENOTDIR {
                    throw .unsafeEntryPath(entry, reason: "'\(walked)' exists on disk and is not a folder")
                }
                throw .fileSystem(operation: "open", path: walked, errno: code)
            }
            current = next
        }
        return current
    }

    private static func writeFile(
        _ entry: ArchiveEntry, named name: String, in parent: Int32, fullPath: String
    ) throws(ArchiveError) {
        let fd = openat(parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(0o600))
        guard fd >= 0 else {
            if errno == EEXIST { throw .destinationExists(fullPath) }
            throw .fileSystem(operation: "open", path: fullPath, errno: errno)
        }
        var closed = false
        defer { if !closed { close(fd) } }
        try FileIO.writeAll(entry.contents, to: fd, path: fullPath)
        if fchmod(fd, mode_t(entry.mode & 0o755)) != 0 {
            throw .fileSystem(operation: "fchmod", path: fullPath, errno: errno)
        }
        closed = true
        if close(fd) != 0 { throw .fileSystem(operation: "close", path: fullPath, errno: errno) }
    }
}
