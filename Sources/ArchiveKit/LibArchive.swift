import CLibArchive

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Small helpers around libarchive's C API: return-code checks and the UTF-8 locale it needs.
enum LibArchive {
    /// Throws ``ArchiveError/libarchive(operation:message:)`` unless `code` is `ARCHIVE_OK`.
    ///
    /// Warnings count as errors: for our own archives every call should succeed cleanly, and a warning
    /// (for example a path that cannot be converted) would otherwise silently change the output.
    static func check(_ code: Int32, _ archive: OpaquePointer, _ operation: String) throws(ArchiveError) {
        if code != NBSHIP_ARCHIVE_OK { throw failure(archive, operation) }
    }

    /// The archive's current error as an ``ArchiveError``.
    static func failure(_ archive: OpaquePointer, _ operation: String) -> ArchiveError {
        let message = archive_error_string(archive).map { String(cString: $0) } ?? "unknown libarchive error"
        return .libarchive(operation: operation, message: message)
    }

    /// Runs `body` with this thread's `LC_CTYPE` switched to UTF-8, then restores the previous locale.
    ///
    /// libarchive converts entry names through the current locale's multibyte charset, and 3.6 crashes on
    /// non-ASCII names in the "C" locale Swift programs run in. `uselocale` is per-thread, and `body` is
    /// synchronous, so no other code observes the switch.
    static func withUTF8Locale<Result>(_ body: () throws(ArchiveError) -> Result) throws(ArchiveError) -> Result {
        guard let utf8 = makeUTF8Locale() else { throw .utf8LocaleUnavailable }
        let previous = uselocale(utf8)
        defer {
            uselocale(previous)
            freelocale(utf8)
        }
        return try body()
    }

    private static func makeUTF8Locale() -> locale_t? {
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8", "UTF-8"] {
            if let locale = newlocale(NBSHIP_LC_CTYPE_MASK, name, nil) { return locale }
        }
        return nil
    }
}
