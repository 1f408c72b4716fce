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
/// there, atomically. Readers never see a partial archive. The temporary file is removed on every path.
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
        var template = Array("\(directory)/.\(name).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .fileSystem(operation: "mkstemp", path: directory, errno: errno) }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        try fill(fd, with: bytes, permissions: UInt32(status.st_mode & 0o7777), path: temporary)
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

    /// Writes, sets permissions, syncs and closes `fd`; closes it on failure too.
    private static func fill(_ fd: Int32, with bytes: [UInt8], permissions: UInt32, path: String) throws(ArchiveError) {
        var closed = false
        defer { if !closed { close(fd) } }
        try FileIO.writeAll(bytes, to: fd, path: path)
        if fchmod(fd, mode_t(permissions)) != 0 { throw .fileSystem(operation: "fchmod", path: path, errno: errno) }
        closed = true
        try FileIO.syncAndClose(fd, path: path)
    }
}
