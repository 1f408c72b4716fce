import ArchiveKit
import Foundation
import NBShipApp

/// Compiles the generated code of many cases in one temporary Swift package and scores each case's input
/// with it: every case's library (`Sources/<Module>/` of its generated package, renamed to a unique module) is
/// a target, and one executable, `ConformanceScorer`, links them all. One `swift build` instead of one per case.
///
/// The package and the scratch folder live in the system temporary folder and are kept between runs, so a
/// second run rebuilds only what changed (files are rewritten only when their contents differ). A lock file
/// keeps two runs from using them at once.
package struct BatchBuild {
    /// One case's generated library in the batch package.
    package struct Member {
        /// Position of the case in the run.
        var index: Int
        /// The unique module name: `Case042LinearRegressionAuto`.
        var module: String
        /// The library's files, with paths relative to its module folder.
        var sources: [GeneratedFile]
        /// input.csv with the case's missing-value markers turned into empty cells (missing for generated code).
        var input: ConformanceCSV
    }

    /// How the build and the scoring went, per member.
    package struct Outcome {
        var rows: [Int: Result<[ScoredRow], BuildFailure>] = [:]
        var buildSeconds = 0.0
        var runSeconds = 0.0
        var builds = 0
    }

    package struct BuildFailure: Error {
        var message: String
    }

    package static let scorer = "ConformanceScorer"

    /// `<tmp>/nbship-conformance-<uid>`.
    package static var defaultDirectory: URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("nbship-conformance-\(getuid())")
    }

    package var directory: URL
    package var package: URL { directory.appendingPathComponent("package") }
    package var scratch: URL { directory.appendingPathComponent("scratch") }
    package var io: URL { directory.appendingPathComponent("io") }

    /// The member for a converted case, or nil when its generated package has no library folder.
    package static func member(
        index: Int, ordinal: Int, id: String, package: GeneratedPackage, input: ConformanceCSV,
        markers: Set<String>
    ) -> Member? {
        var byFolder: [String: [GeneratedFile]] = [:]
        for file in package.files {
            let parts = file.path.split(separator: "/", maxSplits: 2).map(String.init)
            guard parts.count == 3, parts[0] == "Sources" else { continue }
            var relative = file
            relative.path = parts[2]
            byFolder[parts[1], default: []].append(relative)
        }
        // The library is the one source folder without a main.swift (the other is `<name>-predict`).
        let libraries = byFolder.filter { !$0.value.contains { $0.path == "main.swift" } }
        guard libraries.count == 1, let sources = libraries.first?.value else { return nil }
        let normalized = ConformanceCSV(
            header: input.header, rows: input.rows.map { $0.map { markers.contains($0) ? "" : $0 } })
        return Member(index: index, module: moduleName(ordinal: ordinal, id: id), sources: sources, input: normalized)
    }

    /// `Case042LinearRegressionAuto`: the case's position in the index keeps names unique and stable.
    package static func moduleName(ordinal: Int, id: String) -> String {
        let name = id.split(separator: "/").last.map(String.init) ?? id
        let letters = name.unicodeScalars.filter {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))
        }
        var suffix = String(String.UnicodeScalarView(letters.prefix(40)))
        if let first = suffix.first { suffix = first.uppercased() + suffix.dropFirst() }
        let number = String(ordinal)
        return "Case" + String(repeating: "0", count: max(0, 3 - number.count)) + number + suffix
    }

    /// Writes the package, builds it (dropping members whose code does not compile, at most three builds) and
    /// scores every remaining member's input.
    package func run(_ members: [Member], log: (String) -> Void) throws -> Outcome {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let lock = try FileLock(directory.appendingPathComponent("lock"))
        defer { lock.unlock() }
        var outcome = Outcome()
        var remaining = members
        while !remaining.isEmpty {
            try write(remaining)
            log("building \(remaining.count) generated libraries in one package (\(package.path))")
            let start = Date()
            let build = try Subprocess.run(
                Subprocess.swift,
                [
                    "build", "--package-path", package.path, "--scratch-path", scratch.path, "-Xswiftc",
                    "-warnings-as-errors",
                ])
            outcome.buildSeconds += Date().timeIntervalSince(start)
            outcome.builds += 1
            if build.status == 0 { break }
            let errors = Self.compilerErrors(in: build.stdout + "\n" + build.stderr)
            let known = Set(remaining.map(\.module))
            let failing = errors.filter { known.contains($0.key) }
            if failing.isEmpty || failing.count == remaining.count || outcome.builds == 3 {
                let message = failing.values.first ?? Self.firstErrorLine(build.stdout + "\n" + build.stderr)
                for member in remaining {
                    outcome.rows[member.index] = .failure(
                        BuildFailure(
                            message: "the batch package does not build: " + (failing[member.module] ?? message)))
                }
                return outcome
            }
            for member in remaining where failing[member.module] != nil {
                outcome.rows[member.index] = .failure(
                    BuildFailure(message: "does not compile: " + (failing[member.module] ?? "")))
            }
            remaining.removeAll { failing[$0.module] != nil }
        }
        guard !remaining.isEmpty else { return outcome }
        let binPath = try Subprocess.run(
            Subprocess.swift,
            ["build", "--package-path", package.path, "--scratch-path", scratch.path, "--show-bin-path"])
        let binary = URL(fileURLWithPath: binPath.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            .appendingPathComponent(Self.scorer)
        let start = Date()
        for member in remaining {
            outcome.rows[member.index] = score(member, binary: binary)
        }
        outcome.runSeconds = Date().timeIntervalSince(start)
        return outcome
    }

    /// Runs the scorer on one member's input.
    package func score(_ member: Member, binary: URL) -> Result<[ScoredRow], BuildFailure> {
        let input = io.appendingPathComponent("\(member.module).csv")
        let output = io.appendingPathComponent("\(member.module).out.csv")
        do {
            try FileManager.default.createDirectory(at: io, withIntermediateDirectories: true)
            try Data(member.input.text.utf8).write(to: input)
            try? FileManager.default.removeItem(at: output)
            let run = try Subprocess.run(binary, [member.module, input.path, output.path])
            guard run.status == 0, let data = FileManager.default.contents(atPath: output.path) else {
                let reason = run.stderr.split(separator: "\n").last.map(String.init) ?? "no message"
                return .failure(BuildFailure(message: "the scorer exited with status \(run.status): \(reason)"))
            }
            return .success(Self.rows(ConformanceCSV(parsing: String(decoding: data, as: UTF8.self))))
        } catch {
            return .failure(BuildFailure(message: "cannot run the scorer: \(error)"))
        }
    }

    /// Scored rows from the scorer's output: the generated `Output.columnNames` plus an error column.
    package static func rows(_ table: ConformanceCSV) -> [ScoredRow] {
        let errorColumn = table.header.firstIndex(of: BatchSources.errorColumn)
        let columns = table.header.map { $0 == BatchSources.errorColumn ? nil : ResultColumn(outputColumn: $0) }
        return table.rows.map { cells in
            if let errorColumn, errorColumn < cells.count, !cells[errorColumn].isEmpty {
                return ScoredRow(values: [:], error: cells[errorColumn])
            }
            var values: [ResultColumn: ResultValue] = [:]
            for (index, column) in columns.enumerated() {
                guard let column, index < cells.count else { continue }
                let cell = cells[index]
                if cell.isEmpty {
                    values[column] = .missing
                } else if table.header[index] == "label" || table.header[index].hasPrefix("reasonCode(") {
                    values[column] = .text(cell)
                } else {
                    values[column] = Double(cell).map(ResultValue.number) ?? .text(cell)
                }
            }
            return ScoredRow(values: values)
        }
    }

    /// The first compiler error per module: `…/Sources/<Module>/File.swift:3:4: error: …` or the module's file
    /// in the scorer, `…/Sources/ConformanceScorer/<Module>.swift`.
    package static func compilerErrors(in output: String) -> [String: String] {
        var errors: [String: String] = [:]
        for line in output.split(separator: "\n") {
            guard let range = line.range(of: ": error: ") else { continue }
            let path = line[..<range.lowerBound].split(separator: ":").first.map(String.init) ?? ""
            let components = path.split(separator: "/").map(String.init)
            guard let sources = components.lastIndex(of: "Sources"), sources + 2 < components.count else { continue }
            var module = components[sources + 1]
            if module == scorer { module = (components[sources + 2] as NSString).deletingPathExtension }
            if errors[module] == nil {
                let location = line[..<range.lowerBound]
                let file = location.lastIndex(of: "/").map { location.index(after: $0) } ?? location.startIndex
                errors[module] = String(line[file...])
            }
        }
        return errors
    }

    package static func firstErrorLine(_ output: String) -> String {
        let lines = output.split(separator: "\n").map(String.init)
        return lines.first { $0.contains("error:") } ?? lines.last ?? "no output"
    }

    /// Writes the package, rewriting only files whose contents changed and removing stale modules.
    package func write(_ members: [Member]) throws {
        let sources = package.appendingPathComponent("Sources")
        let scorerFolder = sources.appendingPathComponent(Self.scorer)
        try FileManager.default.createDirectory(at: scorerFolder, withIntermediateDirectories: true)
        let modules = Set(members.map(\.module))
        for folder in try FileManager.default.contentsOfDirectory(atPath: sources.path)
        where folder != Self.scorer && !modules.contains(folder) {
            try FileManager.default.removeItem(at: sources.appendingPathComponent(folder))
        }
        let scorerFiles = Set(members.map { "\($0.module).swift" } + ["main.swift", "CSV.swift"])
        for file in try FileManager.default.contentsOfDirectory(atPath: scorerFolder.path)
        where !scorerFiles.contains(file) {
            try FileManager.default.removeItem(at: scorerFolder.appendingPathComponent(file))
        }
        for member in members {
            let folder = sources.appendingPathComponent(member.module)
            let wanted = Set(member.sources.map(\.path))
            if FileManager.default.fileExists(atPath: folder.path) {
                for file in try FileManager.default.subpathsOfDirectory(atPath: folder.path)
                where !wanted.contains(file) {
                    var isDirectory: ObjCBool = false
                    let url = folder.appendingPathComponent(file)
                    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
                        !isDirectory.boolValue
                    {
                        try FileManager.default.removeItem(at: url)
                    }
                }
            }
            for file in member.sources {
                try Self.write(file.contents, to: folder.appendingPathComponent(file.path))
            }
            try Self.write(
                Array(BatchSources.caseScorer(module: member.module).utf8),
                to: scorerFolder.appendingPathComponent("\(member.module).swift"))
        }
        let names = members.map(\.module).sorted()
        try Self.write(
            Array(BatchSources.main(modules: names).utf8), to: scorerFolder.appendingPathComponent("main.swift"))
        try Self.write(Array(BatchSources.csv.utf8), to: scorerFolder.appendingPathComponent("CSV.swift"))
        try Self.write(
            Array(BatchSources.manifest(modules: names).utf8), to: package.appendingPathComponent("Package.swift"))
    }

    package static func write(_ bytes: [UInt8], to url: URL) throws {
        if let existing = FileManager.default.contents(atPath: url.path), [UInt8](existing) == bytes { return }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url, options: .atomic)
    }
}

/// An exclusive `flock` on a file, held until `unlock()`.
package struct FileLock {
    private let descriptor: Int32

    package init(_ url: URL) throws {
        descriptor = open(url.path, O_CREAT | O_RDWR, 0o644)
        guard descriptor >= 0 else { throw CorpusError("cannot open the lock file '\(url.path)'") }
        guard flock(descriptor, LOCK_EX) == 0 else {
            close(descriptor)
            throw CorpusError("cannot lock '\(url.path)'")
        }
    }

    package func unlock() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
