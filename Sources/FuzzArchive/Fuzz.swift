// libFuzzer target for the archive readers: bytes -> ArchiveReader.package(in:) and PackageArchive.open(bytes:...)
// (manifest, model-spec.json) with its integrity checks. Build and run with `bash .ci/fuzz`.
#if FUZZING
    import ArchiveKit
    import NBCore
    import NBShipApp

    /// Below the 1 GiB default, so a gzip bomb that the limit stops is not reported as running out of memory.
    private let limits = ArchiveReader.Limits(maxEntries: 10_000, maxTotalBytes: 64 << 20)

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        let bytes = size > 0 ? Array(UnsafeBufferPointer(start: data, count: size)) : []
        guard bytes.count >= 2, bytes[0] == 0x1F, bytes[1] == 0x8B else {
            // Not gzip: PackageArchive refuses it at once, so read it as a plain tar.
            do {
                let (root, package) = try ArchiveReader(limits: limits).package(in: bytes)
                precondition(!root.isEmpty, "an empty root folder")
                _ = package.files.count
            } catch {
                precondition(!error.diagnostic.message.isEmpty, "an archive error without a message: \(error)")
            }
            return 0
        }
        do {
            let archive = try PackageArchive.open(bytes: bytes, path: "fuzz.tar.gz", limits: limits)
            _ = archive.integrityChecks()
        } catch {
            precondition(
                error.diagnostics.contains { $0.severity == .error && !$0.message.isEmpty },
                "PackageArchive.open threw without an error diagnostic: \(error)")
        }
        return 0
    }
#else
    @main
    struct FuzzArchive {
        static func main() {
            print(
                "fuzz-archive is a libFuzzer target: `bash .ci/fuzz 60 archive` builds and runs it"
            )
        }
    }
#endif
