import CLibArchive

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Creates files atomically and never over an existing one.
///
/// Released archives are immutable: writing `dist/churn-1.2.0.tar.gz` twice must fail, not replace the
/// published bytes. The bytes go to a temporary file in the destination's folder (same file system), are
/// `fsync`ed, and the file is then hard-linked to the destination, which fails with `EEXIST` if anything is
/// there, atomically. Readers never see a partial archive.
///
/// On Linux the temporary file is unnamed (`O_TMPFILE`): if the process is killed while writing, the kernel
/// frees it and nothing is left in the folder. Elsewhere, or on file systems without `O_TMPFILE`, it is a hidden
/// `.<name>.tmp-XXXXXX` file, removed on every path the process survives.
public enum AtomicFile {
    /// Writes `bytes` to a new file at `path` with the given permission bits (not subject to the umask).
    ///
    /// On file systems without hard links the file is created with `O_CREAT | O_EXCL` instead, which still
    /// never overwrites, but a crash could leave a partial file behind; it is removed on any reported failure.
    /// - Throws: ``ArchiveError/destinationExists(_:)`` when `path` exists (the existing file is untouched);
    ///   ``ArchiveError/fileSystem(operation:path:errno:)`` for any other failure, such as a missing folder.
    public static func create(_ bytes: [UInt8], at path: String, permissions: UInt32 = 0o644) throws(ArchiveError) {
        let (directory, name) = FileIO.split(path)
        guard !name.isEmpty, name != ".", name != ".." else {
            throw .fileSystem(operation: "create", path: path, errno: EISDIR)
        }
        var status = stat()
        if lstat(path, &status) == 0 { throw .destinationExists(path) }

        if let fd = unnamedFile(in: directory) {
            try fill(fd, with: bytes, permissions: permissions, path: path, keepOpen: true)
            defer { close(fd) }
            if linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0 {
                FileIO.syncDirectory(directory)
                return
            }
            if errno == EEXIST { throw .destinationExists(path) }
            // No /proc, or links refused: fall back to a named temporary file.
        }
        var template = Array("\(directory)/.\(name).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .fileSystem(operation: "mkstemp", path: directory, errno: errno) }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        defer { unlink(temporary) }
        try fill(fd, with: bytes, permissions: permissions, path: temporary)

        if link(temporary, path) == 0 {
            FileIO.syncDirectory(directory)
            return
        }
        let code = errno
        if code == EEXIST { throw .destinationExists(path) }
        guard [EPERM, EOPNOTSUPP, ENOTSUP, EMLINK, ENOSYS, EXDEV].contains(code) else {
            throw .fileSystem(operation: "link", path: path, errno: code)
        }
        try createExclusively(bytes, at: path, permissions: permissions)
        FileIO.syncDirectory(directory)
    }

    /// Replaces the existing file at `path` with `bytes`, atomically: a reader sees the old bytes or the new ones,
    /// never a mix, and an interrupted write leaves the old file as it was. The file keeps its permission bits.
    public static func replace(_ bytes: [UInt8], at path: String) throws(ArchiveError) {
        let (directory, name) = FileIO.split(path)
        var status = stat()
        guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw .fileSystem(operation: "replace", path: path, errno: ENOENT)
        }
        let permissions = UInt32(status.st_mode & 0o7777)
        var temporary: String?
        if let fd = unnamedFile(in: directory) {
            // Written and synced while unnamed; named only for the instant between link and rename.
            try fill(fd, with: bytes, permissions: permissions, path: path, keepOpen: true)
            defer { close(fd) }
            for _ in 0..<100 {
                let candidate = "\(directory)/.\(name).tmp-\(UInt32.random(in: 0...UInt32.max))"
                if linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, candidate, AT_SYMLINK_FOLLOW) == 0 {
                    temporary = candidate
                    break
                }
                // No /proc, or links refused: fall back to a named temporary file below.
                if errno != EEXIST { break }
            }
        }
        if temporary == nil {
            var template = Array("\(directory)/.\(name).tmp-XXXXXX".utf8CString)
            let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else { throw .fileSystem(operation: "mkstemp", path: directory, errno: errno) }
            let named = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            do {
                try fill(fd, with: bytes, permissions: permissions, path: named)
            } catch {
                unlink(named)
                throw error
            }
            temporary = named
        }
        guard let temporary else { return }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        guard rename(temporary, path) == 0 else { throw .fileSystem(operation: "rename", path: path, errno: errno) }
        renamed = true
        FileIO.syncDirectory(directory)
    }

    /// The fallback: `O_CREAT | O_EXCL` directly at `path`, removing the file if writing it fails.
    private static func createExclusively(_ bytes: [UInt8], at path: String, permissions: UInt32) throws(ArchiveError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(0o600))
        guard fd >= 0 else {
            if errno == EEXIST { throw .destinationExists(path) }
            throw .fileSystem(operation: "open", path: path, errno: errno)
        }
        var written = false
        defer { if !written { unlink(path) } }
        try fill(fd, with: bytes, permissions: permissions, path: path)
        written = true
    }

    /// An unnamed file in `directory` (Linux `O_TMPFILE`), or nil where the platform or file system has none.
    private static func unnamedFile(in directory: String) -> Int32? {
        // Where NBSHIP_O_TMPFILE is 0 this opens the folder for writing, which always fails (EISDIR).
        let fd = open(directory, NBSHIP_O_TMPFILE | O_WRONLY | O_CLOEXEC, mode_t(0o600))
        return fd >= 0 ? fd : nil
    }

    /// Writes, sets permissions and syncs `fd`, then closes it unless `keepOpen`; closes it on failure always.
    private static func fill(
        _ fd: Int32, with bytes: [UInt8], permissions: UInt32, path: String, keepOpen: Bool = false
    ) throws(ArchiveError) {
        var done = false
        defer { if !done { close(fd) } }
        try FileIO.writeAll(bytes, to: fd, path: path)
        if fchmod(fd, mode_t(permissions)) != 0 { throw .fileSystem(operation: "fchmod", path: path, errno: errno) }
        if keepOpen {
            if fsync(fd) != 0 { throw .fileSystem(operation: "fsync", path: path, errno: errno) }
        } else {
            try FileIO.syncAndClose(fd, path: path)
        }
        done = true
    }
}
