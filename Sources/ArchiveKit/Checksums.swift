import Crypto

/// SHA-256 digests and the `SHA256SUMS` file that `sha256sum -c SHA256SUMS` checks.
public enum Checksums {
    /// The name of the checksum file at the package root.
    public static let fileName = "SHA256SUMS"

    /// The SHA-256 digest of `bytes` as 64 lowercase hex digits.
    public static func sha256Hex(_ bytes: some Sequence<UInt8>) -> String {
        var hasher = SHA256()
        Array(bytes).withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return hex(hasher.finalize())
    }

    /// `SHA256SUMS` text for `package`: one `<hex>  <path>\n` line per file, sorted by path bytes.
    ///
    /// Files named in `excluding` are left out; by default that is the checksum file itself, so the text
    /// can be computed before or after `SHA256SUMS` joins the package. Paths are checked by
    /// ``GeneratedPackage``, so they need no `sha256sum` escaping (no backslash, no newline).
    public static func sha256sums(for package: GeneratedPackage, excluding: Set<String> = [fileName]) -> String {
        package.files
            .filter { !excluding.contains($0.path) }
            .map { "\(sha256Hex($0.contents))  \($0.path)\n" }
            .joined()
    }

    /// `package` with a `SHA256SUMS` file at its root listing every other file.
    public static func addingSHA256SUMS(to package: GeneratedPackage) throws(ArchiveError) -> GeneratedPackage {
        try package.replacing(GeneratedFile(path: fileName, text: sha256sums(for: package)))
    }

    /// The `(path, hex digest)` pairs of a `SHA256SUMS` text, in file order.
    ///
    /// Accepts the text-mode (`<hex>  <path>`) and binary-mode (`<hex> *<path>`) forms `sha256sum` writes.
    /// - Throws: ``ArchiveError/malformedChecksumLine(line:text:)`` for any other line, including escaped ones.
    public static func parseSHA256SUMS(_ text: String) throws(ArchiveError) -> [(path: String, sha256: String)] {
        var result: [(path: String, sha256: String)] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            if line.isEmpty && index == lines.count - 1 { break }
            let bytes = Array(line.utf8)
            let isHex = bytes.count > 66 && bytes[..<64].allSatisfy { hexDigits.utf8.contains($0) }
            guard isHex, bytes[64] == UInt8(ascii: " "),
                bytes[65] == UInt8(ascii: " ") || bytes[65] == UInt8(ascii: "*")
            else { throw .malformedChecksumLine(line: index + 1, text: String(line)) }
            result.append(
                (String(decoding: bytes[66...], as: UTF8.self), String(decoding: bytes[..<64], as: UTF8.self)))
        }
        return result
    }

    /// Paths whose digest in `sums` differs from `files`, or that are listed but missing, sorted by path bytes.
    ///
    /// An empty result means every listed file is present with the listed digest (what `sha256sum -c` checks).
    public static func mismatches(in sums: String, files: [String: [UInt8]]) throws(ArchiveError) -> [String] {
        try parseSHA256SUMS(sums)
            .filter { entry in files[entry.path].map { sha256Hex($0) != entry.sha256 } ?? true }
            .map(\.path)
            .sorted(by: RelativePath.precedes)
    }

    private static let hexDigits = "0123456789abcdef"

    private static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array(hexDigits.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
