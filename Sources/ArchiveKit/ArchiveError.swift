import NBCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Everything that can go wrong while building, writing, reading or extracting a package archive.
///
/// Each case names the path or entry concerned, so that the CLI can turn it into a `Diagnostic`
/// (see ``diagnostic``) without guessing.
public enum ArchiveError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A generated file path is not a clean relative path (absolute, `..`, empty component, control character).
    case invalidPath(String, reason: String)
    /// Two generated files have the same path.
    case duplicatePath(String)
    /// A generated file path is also used as a folder by another file (`a` and `a/b`).
    case pathConflict(file: String, folderOf: String)
    /// The archive root folder name is not a single clean path component.
    case invalidRootDirectory(String)
    /// The modification time is negative or does not fit a ustar header.
    case invalidModificationTime(Int64)
    /// `SOURCE_DATE_EPOCH` is set but is not a whole number of seconds.
    case invalidSourceDateEpoch(String)
    /// No UTF-8 locale could be created for libarchive's path conversions.
    case utf8LocaleUnavailable
    /// libarchive reported an error; `operation` is the libarchive call, `message` its `archive_error_string`.
    case libarchive(operation: String, message: String)
    /// The destination file already exists; it was left untouched.
    case destinationExists(String)
    /// A system call on a file failed; `errno` is the C error number.
    case fileSystem(operation: String, path: String, errno: Int32)
    /// An archive entry's path is absolute, contains `..` or is otherwise unsafe to extract.
    case unsafeEntryPath(String, reason: String)
    /// An archive entry is a symlink, hardlink, device or other non-regular, non-folder entry.
    case unsupportedEntry(String, kind: ArchiveEntry.Kind)
    /// The same path occurs twice in an archive.
    case duplicateEntry(String)
    /// An archive holds more entries than the reader's limit.
    case tooManyEntries(limit: Int)
    /// An archive's uncompressed contents exceed the reader's limit; `entry` is where the limit was crossed.
    case contentsTooLarge(entry: String, limit: Int)
    /// A `SHA256SUMS` line is not `<64 hex digits>  <path>`.
    case malformedChecksumLine(line: Int, text: String)

    public var description: String {
        switch self {
        case .invalidPath(let path, let reason): "invalid file path '\(path)': \(reason)"
        case .duplicatePath(let path): "duplicate file path '\(path)'"
        case .pathConflict(let file, let other): "file '\(file)' is also a folder of '\(other)'"
        case .invalidRootDirectory(let name): "invalid archive root folder name '\(name)'"
        case .invalidModificationTime(let time):
            "modification time \(time) is outside 0...\(ArchiveWriter.maximumModificationTime)"
        case .invalidSourceDateEpoch(let value): "SOURCE_DATE_EPOCH '\(value)' is not a whole number of seconds"
        case .utf8LocaleUnavailable: "no UTF-8 locale (C.UTF-8 or en_US.UTF-8) is available for libarchive"
        case .libarchive(let operation, let message): "\(operation) failed: \(message)"
        case .destinationExists(let path): "'\(path)' already exists"
        case .fileSystem(let operation, let path, let code):
            "\(operation) '\(path)' failed: \(String(cString: strerror(code)))"
        case .unsafeEntryPath(let path, let reason): "archive entry '\(path)' is unsafe: \(reason)"
        case .unsupportedEntry(let path, let kind):
            "archive entry '\(path)' is a \(kind), only files and folders are allowed"
        case .duplicateEntry(let path): "archive entry '\(path)' occurs more than once"
        case .tooManyEntries(let limit): "archive has more than \(limit) entries"
        case .contentsTooLarge(let entry, let limit): "archive contents exceed \(limit) bytes at entry '\(entry)'"
        case .malformedChecksumLine(let line, let text): "SHA256SUMS line \(line) is malformed: '\(text)'"
        }
    }

    /// A stable identifier for the error, used as the diagnostic id (`archive.destination-exists`).
    public var id: String {
        switch self {
        case .invalidPath: ArchiveDiagnosticID.invalidPath
        case .duplicatePath: ArchiveDiagnosticID.duplicatePath
        case .pathConflict: ArchiveDiagnosticID.pathConflict
        case .invalidRootDirectory: ArchiveDiagnosticID.invalidRoot
        case .invalidModificationTime: ArchiveDiagnosticID.invalidModificationTime
        case .invalidSourceDateEpoch: ArchiveDiagnosticID.invalidSourceDateEpoch
        case .utf8LocaleUnavailable: ArchiveDiagnosticID.noUTF8Locale
        case .libarchive: ArchiveDiagnosticID.libarchive
        case .destinationExists: ArchiveDiagnosticID.destinationExists
        case .fileSystem: ArchiveDiagnosticID.fileSystem
        case .unsafeEntryPath: ArchiveDiagnosticID.unsafeEntryPath
        case .unsupportedEntry: ArchiveDiagnosticID.unsupportedEntry
        case .duplicateEntry: ArchiveDiagnosticID.duplicateEntry
        case .tooManyEntries: ArchiveDiagnosticID.tooManyEntries
        case .contentsTooLarge: ArchiveDiagnosticID.tooLarge
        case .malformedChecksumLine: ArchiveDiagnosticID.malformedChecksums
        }
    }

    /// The error as a compiler-style diagnostic, with a `help:` line where there is something to do.
    public var diagnostic: Diagnostic {
        var help: [String] = []
        switch self {
        case .destinationExists:
            help = ["bump the version, or remove the existing archive if it was never published"]
        case .invalidModificationTime, .invalidSourceDateEpoch:
            help = ["SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01T00:00:00Z"]
        case .utf8LocaleUnavailable:
            help = ["install a UTF-8 locale (Debian: the 'locales' package) or use ASCII file names"]
        default:
            break
        }
        return .error(id, description, help: help)
    }
}
