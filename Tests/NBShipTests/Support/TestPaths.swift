import Foundation

/// Paths the tests need, resolved from this file's location so tests run from any working directory.
enum TestPaths {
    /// The package root (`/…/nbship`).
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func sample(_ name: String) -> URL { root.appendingPathComponent("Samples").appendingPathComponent(name) }

    static let references = root.appendingPathComponent("Tests/NBShipTests/References")

    /// The folder holding the built products (`nbship`), next to the test bundle.
    static var productsDirectory: URL {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0])
        var directory = executable.deletingLastPathComponent()
        // swift test runs `…/debug/nbshipPackageTests.xctest` on Linux; products live beside it.
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("nbship").path),
            directory.path != "/"
        {
            directory = directory.deletingLastPathComponent()
        }
        return directory
    }

    static var nbship: URL { productsDirectory.appendingPathComponent("nbship") }

    /// A fresh temporary folder.
    static func temporaryDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nbship-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Every bundled sample: each converts, builds, passes its generated tests and agrees with scikit-learn.
    static let samples = [
        "diabetes-linear", "breast-cancer-logistic", "wine-multiclass", "adult-onehot", "imputed-missing",
        "iris-decision-tree", "diabetes-random-forest", "breast-cancer-gradient-boosting", "wine-xgboost",
        "diabetes-lightgbm", "iris-mlp", "credit-scorecard",
    ]

    /// Samples whose model is saved in a booster's own format (XGBoost JSON or UBJSON, LightGBM text) or as ONNX,
    /// no PMML.
    static let nativeSamples = [
        "wine-xgboost-json", "breast-cancer-xgboost-ubj", "diabetes-xgboost-json", "diabetes-lightgbm-text",
        "iris-lightgbm-text", "breast-cancer-lightgbm-text", "diabetes-random-forest-onnx", "iris-random-forest-onnx",
        "wine-logistic-onnx", "loans-onehot-onnx",
    ]

    /// Samples whose model is a hand-written Python function (Samples/make_function_samples.py).
    static let functionSamples = ["dosing-rule-python", "triage-score-python", "price-table-python"]

    /// A sample's model file: `model.pmml`, else the booster or ONNX file (`model.json`, `.ubj`, `.txt`, `.onnx`).
    static func modelFile(in folder: URL) -> URL {
        for name in ["model.pmml", "model.json", "model.ubj", "model.txt", "model.onnx"] {
            let url = folder.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        return folder.appendingPathComponent("model.pmml")
    }

    /// The samples whose generated packages are committed byte for byte under References/: one of each code
    /// shape (linear, nested-conditional tree, boosting chain, tree table, network).
    static let referenceSamples = [
        "diabetes-linear", "breast-cancer-logistic", "wine-multiclass", "adult-onehot", "imputed-missing",
        "iris-decision-tree", "breast-cancer-gradient-boosting", "diabetes-random-forest", "iris-mlp",
        "credit-scorecard",
    ]
}

/// Runs a program and captures its output.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum Run {
    static func program(
        _ executable: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
        stdin: Data? = nil
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        // Write standard input and read both pipes concurrently: a program that streams its input writes output
        // before it has read all of it, and a full pipe either way would deadlock.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            if let stdin { input.fileHandleForWriting.write(stdin) }
            try? input.fileHandleForWriting.close()
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs `executable` `steps` times, killing it with SIGKILL after delays spread from 0 to 1.5 times
    /// `duration` (a full run's time), and calls `inspect` after each run: it answers whether that run's result is
    /// complete. A loaded machine runs slower than the measured run, so when no killed run got to finish, one more
    /// run is left to finish on its own: both a killed and a finished run are always inspected.
    /// Returns how many runs were interrupted and how many completed.
    static func killSweep(
        _ executable: URL, _ arguments: [String], duration: TimeInterval, steps: Int = 20,
        before: () throws -> Void, inspect: () throws -> Bool
    ) throws -> (interrupted: Int, completed: Int) {
        var interrupted = 0
        var completed = 0
        for step in 0...steps {
            let last = step == steps
            if last && completed > 0 { break }
            try before()
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            if !last {
                Thread.sleep(forTimeInterval: duration * 1.5 * Double(step) / Double(steps - 1))
                kill(process.processIdentifier, SIGKILL)
            }
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { interrupted += 1 }
            if try inspect() { completed += 1 }
        }
        return (interrupted, completed)
    }

    /// The `swift` driver on PATH.
    static var swift: URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("swift")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return URL(fileURLWithPath: "/usr/bin/swift")
    }
}

/// Reads a simple CSV (no quoted commas needed for the samples, but quotes are honoured).
enum SimpleCSV {
    static func parse(_ text: String) -> [[String: String]] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { split(String($0)) }
        guard !lines.isEmpty else { return [] }
        let header = lines.removeFirst()
        return lines.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    static func split(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = Array(line.replacingOccurrences(of: "\r", with: "")).makeIterator()
        while let character = iterator.next() {
            if character == "\"" { quoted.toggle(); continue }
            if character == "," && !quoted {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
