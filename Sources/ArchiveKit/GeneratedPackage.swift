import Foundation

/// One file of a generated package: a relative path, its bytes and whether it is executable.
///
/// A `GeneratedFile` is a plain value; its path is checked when it joins a ``GeneratedPackage``.
public struct GeneratedFile: Sendable, Hashable {
    /// Path inside the package folder, `/`-separated and relative (`Sources/Churn/Model.swift`).
    public var path: String
    /// The file's bytes, exactly as they go into the archive.
    public var contents: [UInt8]
    /// Whether the file gets mode 0755 instead of 0644.
    public var executable: Bool

    /// Creates a file from raw bytes.
    public init(path: String, contents: [UInt8], executable: Bool = false) {
        self.path = path
        self.contents = contents
        self.executable = executable
    }

    /// Creates a file from text, stored as UTF-8 without a byte order mark.
    public init(path: String, text: String, executable: Bool = false) {
        self.init(path: path, contents: Array(text.utf8), executable: executable)
    }
}

/// The files of a generated package, valid by construction: clean relative paths, no duplicates, sorted.
///
/// Paths are converted to Unicode NFC, the form libarchive writes into the archive and macOS file systems
/// expect, so `SHA256SUMS` names exactly the bytes that are extracted. Files are then sorted by the UTF-8
/// bytes of their paths (the order of `LC_ALL=C sort`), so the same set of files always gives the same
/// package, whatever order or normalisation form they were produced in.
public struct GeneratedPackage: Sendable, Hashable {
    /// The files, sorted by path bytes.
    public let files: [GeneratedFile]

    /// Checks and sorts `files`.
    ///
    /// - Throws: ``ArchiveError/invalidPath(_:reason:)`` for an absolute path, a `..`, `.` or empty
    ///   component, a control character or a backslash; ``ArchiveError/duplicatePath(_:)`` when two files share
    ///   a path (including paths that differ only in Unicode normalisation, which collide on macOS);
    ///   ``ArchiveError/pathConflict(file:folderOf:)`` when a file's path is another file's folder.
    public init(files: [GeneratedFile]) throws(ArchiveError) {
        let files = files.map { file in
            var file = file
            file.path = file.path.precomposedStringWithCanonicalMapping
            return file
        }
        var seen = Set<String>()
        for file in files {
            if let reason = RelativePath.problem(in: file.path) { throw .invalidPath(file.path, reason: reason) }
            if !seen.insert(file.path).inserted { throw .duplicatePath(file.path) }
        }
        for file in files {
            if let folder = RelativePath.parents(of: file.path).first(where: seen.contains) {
                throw .pathConflict(file: folder, folderOf: file.path)
            }
        }
        self.files = files.sorted { RelativePath.precedes($0.path, $1.path) }
    }

    /// The file at `path`, if any.
    public func file(at path: String) -> GeneratedFile? {
        files.first { $0.path == path }
    }

    /// A package with `file` added, or replacing the file at the same path.
    public func replacing(_ file: GeneratedFile) throws(ArchiveError) -> GeneratedPackage {
        try GeneratedPackage(files: files.filter { $0.path != file.path } + [file])
    }

    /// Every folder that holds a file, sorted by path bytes (`Sources`, `Sources/Churn`, ...).
    public var directories: [String] {
        Set(files.flatMap { RelativePath.parents(of: $0.path) }).sorted(by: RelativePath.precedes)
    }
}
