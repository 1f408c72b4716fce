/// Checks on `/`-separated relative paths, shared by the package model, the writer, the reader and extraction.
///
/// One rule set everywhere: a path is non-empty, relative, has no empty, `.` or `..` components, and holds no
/// control characters or backslashes (which would need escaping in `SHA256SUMS` and mean something else on
/// Windows). Anything that passes can be joined under a folder without leaving it.
enum RelativePath {
    /// Why `path` is not a clean relative path, or `nil` when it is.
    static func problem(in path: String) -> String? {
        if path.isEmpty { return "the path is empty" }
        if path.hasPrefix("/") { return "the path is absolute" }
        for byte in path.utf8 {
            if byte < 0x20 || byte == 0x7F { return "the path contains a control character" }
            if byte == UInt8(ascii: "\\") { return "the path contains a backslash" }
        }
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            switch component {
            case "": return "the path has an empty component"
            case ".": return "the path has a '.' component"
            case "..": return "the path has a '..' component"
            default: continue
            }
        }
        return nil
    }

    /// The folders that contain `path`, outermost first: `a/b/c` gives `a`, `a/b`.
    static func parents(of path: String) -> [String] {
        let components = path.split(separator: "/")
        guard components.count > 1 else { return [] }
        return (1..<components.count).map { components[..<$0].joined(separator: "/") }
    }

    /// Byte-wise (LC_ALL=C) ordering of UTF-8 strings; Swift's `<` compares by canonical equivalence instead.
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}
