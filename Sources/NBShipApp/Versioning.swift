import ArchiveKit
import Foundation
import NBCore
import PackageGenerator

/// Picks the version of a new archive from what changed since the newest archive of the same name.
///
/// - A breaking change to the input or output contract: the next major version.
/// - A changed model, weights or preprocessing: the next minor version.
/// - Parameters, documentation or regeneration only: the next patch version.
/// - Nothing at all: no new version; the existing one is identical.
///
/// An explicit version must be above the newest and move at least the part the change calls for; otherwise it is
/// refused unless an override reason is given, which the changelog records.
package enum Versioning {
    package struct Plan {
        var version: String
        /// The newest archive of the same name in the output folder, if any.
        var previous: PackageArchive?
        /// What the new manifest records about the previous version.
        var entry: ChangelogEntry?
        var unchanged: Bool
    }

    /// The newest `<name>-<x.y.z>.tar.gz` in `folder`, by semantic version (pre-releases below their release).
    package static func newest(name: String, in folder: String) -> (path: String, version: SemanticVersion)? {
        let prefix = "\(name)-"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var best: (String, SemanticVersion)?
        for entry in entries where entry.hasPrefix(prefix) && entry.hasSuffix(".tar.gz") {
            let text = String(entry.dropFirst(prefix.count).dropLast(".tar.gz".count))
            guard let version = SemanticVersion(text) else { continue }
            if best.map({ $0.1 < version }) ?? true {
                best = ((folder as NSString).appendingPathComponent(entry), version)
            }
        }
        return best
    }

    /// - Parameter regenerate: the package this spec gives at a version, to tell "identical" from "regenerated"
    ///   (a newer nbship or other templates) when the specs are equal.
    package static func plan(
        spec: ModelSpec, folder: String, requested: String?, overrideReason: String?,
        regenerate: (String) throws(DiagnosticError) -> GeneratedPackage
    ) throws(DiagnosticError) -> Plan {
        guard let (path, newest) = newest(name: spec.name, in: folder) else {
            return Plan(version: requested ?? "1.0.0", previous: nil, entry: nil, unchanged: false)
        }
        let previous: PackageArchive
        do {
            previous = try PackageArchive.open(path)
        } catch {
            throw DiagnosticError(
                error.diagnostics.map { diagnostic in
                    var diagnostic = diagnostic
                    diagnostic.help.append(
                        "nbship compares with the newest archive of the same name to pick the version; move \(path) away or pass --out"
                    )
                    return diagnostic
                })
        }
        guard let old = previous.spec else {
            throw DiagnosticError(
                .error(
                    PackageDiagnosticID.versionUnreadablePrevious,
                    "cannot compare with \(path): \(previous.specProblem ?? "no model-spec.json")",
                    help: ["move it away, or pass --out to write elsewhere"]))
        }
        var diff = SpecDiff.compare(old, spec.portable())
        if diff.level == nil {
            let files = try regenerate(newest.text).files.filter {
                !["manifest.json", Checksums.fileName].contains($0.path)
            }
            let before = previous.package.files.filter { !["manifest.json", Checksums.fileName].contains($0.path) }
            if files != before {
                let changed = Set(files.map(\.path)).symmetricDifference(before.map(\.path))
                    .union(
                        files.filter { file in before.first { $0.path == file.path }?.contents != file.contents }.map(
                            \.path))
                diff.changes.append(
                    SpecDiff.Change(
                        area: "regeneration", level: .patch,
                        summary: "regenerated: same spec, different generated files"
                            + (previous.manifest.generator == "nbship \(PackageGenerator.toolVersion)"
                                ? ""
                                : " (\(previous.manifest.generator ?? "an older nbship") -> nbship \(PackageGenerator.toolVersion))")
                            + ": \(changed.sorted().prefix(5).joined(separator: ", "))"
                            + (changed.count > 5 ? " and \(changed.count - 5) more" : "")))
            }
        }
        let minimum = diff.level.map { newest.bumped($0) }
        var reason = diff.reason
        let version: SemanticVersion
        if let requested {
            guard let explicit = SemanticVersion(requested) else {
                throw DiagnosticError(
                    .error(PackageDiagnosticID.versionInvalid, "'\(requested)' is not a semantic version"))
            }
            var problem: String?
            if !(newest < explicit) {
                problem = "\(requested) is not above the newest archive, \(newest.text) (\(path))"
            } else if let minimum, explicit < minimum {
                problem =
                    "\(requested) under-states the change: it calls for at least \(minimum.text) (\(diff.reason))"
            } else if diff.level == nil {
                problem = "nothing changed since \(newest.text): the packages would be equivalent"
            }
            if let problem {
                guard let overrideReason, !overrideReason.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw DiagnosticError(
                        .error(
                            PackageDiagnosticID.versionRefused, problem,
                            help: [
                                minimum.map { "leave out --version to get \($0.text)" }
                                    ?? "leave out --version: nothing would be written",
                                "or pass --version-override-reason \"why\" to write \(requested) anyway (recorded in the manifest)",
                            ]))
                }
                reason = "\(reason); version \(requested) chosen by hand: \(overrideReason)"
            }
            version = explicit
        } else {
            guard let minimum else {
                return Plan(version: newest.text, previous: previous, entry: nil, unchanged: true)
            }
            version = minimum
        }
        let entry = ChangelogEntry(
            version: version.text, previousVersion: newest.text,
            previousArchiveSHA256: Checksums.sha256Hex(previous.bytes),
            command: "nbship convert", reason: reason,
            parameters: parameterChanges(old, spec), examples: SpecDiff.exampleChanges(from: old, to: spec.portable()),
            verification: "not run at conversion (nbship verify builds and tests)",
            changes: diff.changes.filter { $0.area != "example" }.map {
                "[\($0.level)] \($0.area): \($0.summary)"
            })
        return Plan(version: version.text, previous: previous, entry: entry, unchanged: false)
    }

    package static func parameterChanges(_ old: ModelSpec, _ new: ModelSpec) -> [ChangelogEntry.ParameterChange] {
        new.editableParameters.compactMap { parameter in
            guard let was = old.editableParameters.first(where: { $0.name == parameter.name }),
                was.value != parameter.value
            else { return nil }
            return ChangelogEntry.ParameterChange(
                name: parameter.name, from: was.value.description, to: parameter.value.description)
        }
    }
}

/// `MAJOR.MINOR.PATCH` with optional pre-release and build suffixes; ordered by semantic-version precedence
/// (build metadata ignored, a pre-release below its release, pre-releases compared as text).
package struct SemanticVersion: Comparable, CustomStringConvertible {
    package let major, minor, patch: Int
    package let preRelease: String?
    package let text: String

    package init?(_ text: String) {
        let core = text.split(separator: "+", maxSplits: 1).first.map(String.init) ?? text
        let parts = core.split(separator: "-", maxSplits: 1).map(String.init)
        let main = parts.first ?? core
        let numbers = main.split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count == 3, let major = Int(numbers[0]), let minor = Int(numbers[1]), let patch = Int(numbers[2]),
            major >= 0, minor >= 0, patch >= 0,
            text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-+.".contains($0)) })
        else { return nil }
        (self.major, self.minor, self.patch) = (major, minor, patch)
        preRelease = parts.count > 1 ? parts[1] : nil
        self.text = text
    }

    private init(_ major: Int, _ minor: Int, _ patch: Int) {
        (self.major, self.minor, self.patch) = (major, minor, patch)
        preRelease = nil
        text = "\(major).\(minor).\(patch)"
    }

    package var description: String { text }

    /// The next version for a change of this level: 1.4.2 -> 2.0.0, 1.5.0 or 1.4.3.
    package func bumped(_ level: ChangeLevel) -> SemanticVersion {
        switch level {
        case .major: SemanticVersion(major + 1, 0, 0)
        case .minor: SemanticVersion(major, minor + 1, 0)
        case .patch: SemanticVersion(major, minor, patch + 1)
        }
    }

    package static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        if (lhs.major, lhs.minor, lhs.patch) != (rhs.major, rhs.minor, rhs.patch) {
            return (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
        }
        switch (lhs.preRelease, rhs.preRelease) {
        case (nil, _): return false
        case (_, nil): return true
        case (let a?, let b?): return a < b
        }
    }

    package static func == (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch, lhs.preRelease) == (rhs.major, rhs.minor, rhs.patch, rhs.preRelease)
    }
}
