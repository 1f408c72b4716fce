/// One entry read from a tar archive: a file or a folder, with its contents held in memory.
public struct ArchiveEntry: Sendable, Hashable {
    /// What an entry is. ``ArchiveReader`` only returns files and folders; the other kinds name rejected entries.
    public enum Kind: Sendable, Hashable, CustomStringConvertible {
        case file, directory, symlink, hardlink
        /// A device, FIFO, socket or unknown type.
        case other

        public var description: String {
            switch self {
            case .file: "file"
            case .directory: "folder"
            case .symlink: "symbolic link"
            case .hardlink: "hard link"
            case .other: "special file"
            }
        }
    }

    /// The entry's path, `/`-separated and relative, without a leading `./` or a trailing `/`.
    public let path: String
    /// Whether the entry is a file or a folder.
    public let kind: Kind
    /// Permission bits (`0o644`, `0o755`), without the file type.
    public let mode: UInt32
    /// The file's contents; empty for folders.
    public let contents: [UInt8]

    /// The contents' size in bytes.
    public var size: Int { contents.count }

    /// Whether any execute bit is set.
    public var isExecutable: Bool { mode & 0o111 != 0 }

    /// Creates an entry; ``ArchiveReader`` makes these, tests may too. Paths are checked again on extraction.
    public init(path: String, kind: Kind, mode: UInt32, contents: [UInt8] = []) {
        self.path = path
        self.kind = kind
        self.mode = mode
        self.contents = contents
    }
}
