#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Thin, errno-checked wrappers over the POSIX calls ArchiveKit needs to write files.
enum FileIO {
    /// Writes all of `bytes` to `fd`, retrying on `EINTR` and short writes.
    static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(ArchiveError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw .fileSystem(operation: "write", path: path, errno: errno)
            }
            offset += written
        }
    }

    /// `fsync`s `fd`, then closes it; both failures are errors because they can mean lost data.
    static func syncAndClose(_ fd: Int32, path: String) throws(ArchiveError) {
        if fsync(fd) != 0 {
            let code = errno
            close(fd)
            throw .fileSystem(operation: "fsync", path: path, errno: code)
        }
        if close(fd) != 0 { throw .fileSystem(operation: "close", path: path, errno: errno) }
    }

    /// Best-effort `fsync` of a folder, so that a new name in it survives a crash.
    static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// The folder part and the last component of `path` (`dist/a.tar.gz` gives `dist`, `a.tar.gz`).
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }
}
