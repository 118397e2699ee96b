import Foundation
import SeulaCore
import SeulaCrypto

/// Reading criteria files from disk: the only file I/O around the model.
public enum ModelFile {
    public enum Failure: Error, CustomStringConvertible {
        /// The file could not be read (exit 66).
        case unreadable(path: String, reason: String)
        /// The file was read but is not a valid criteria file (exit 65).
        case invalid(path: String, ModelLoadError)

        public var description: String {
            switch self {
            case .unreadable(let path, let reason): return "\(path): cannot read: \(reason)"
            case .invalid(let path, let e): return e.issues.map { "\(path): \($0)" }.joined(separator: "\n")
            }
        }
    }

    /// The file's bytes; `-` is stdin.
    public static func read(_ path: String) throws(Failure) -> [UInt8] {
        if path == "-" { return StandardInput.readAll() }
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let reason = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                ? (isDirectory.boolValue ? "it is a directory" : "permission denied") : "no such file"
            throw .unreadable(path: path, reason: reason)
        }
        return [UInt8](data)
    }

    /// Reads and loads one criteria file; the sha256 is of its exact bytes.
    public static func load(_ path: String) throws(Failure) -> CriteriaModel {
        try load(path, bytes: try read(path))
    }

    /// Loads criteria already read from `path` (named in the errors).
    public static func load(_ path: String, bytes: [UInt8]) throws(Failure) -> CriteriaModel {
        do {
            return try ModelLoader.load(bytes: bytes, sha256: Digest.sha256Hex(bytes))
        } catch {
            throw .invalid(path: path, error)
        }
    }

    /// Loads several versions into one set (their in-force periods must not overlap).
    public static func loadSet(_ paths: [String]) throws(Failure) -> CriteriaSet {
        var models: [CriteriaModel] = []
        for p in paths { models.append(try load(p)) }
        do {
            return try CriteriaSet(models)
        } catch {
            throw .invalid(path: paths.joined(separator: ", "), error)
        }
    }

    /// The criteria files loaded by default, oldest first: every version still used, so a case's
    /// `assessed_on` picks the one in force that day (MODEL-V1 until 2025-12-31, MODEL-V2 from
    /// 2026-01-01).
    public static let defaultFileNames = ["seula-v1.json", "seula-v2.json"]

    /// The default criteria files: `$SEULA_MODEL` (one path, or several separated by `:`), else
    /// `defaultFileNames` in the first `models/` directory found: the working directory's, the
    /// executable's package's (`<package>/.build/<triple>/<configuration>/seula`), or an
    /// installation's (`<prefix>/bin/seula` → `<prefix>/share/seula/models`).
    public static func defaultPaths() -> [String] {
        if let env = ProcessInfo.processInfo.environment["SEULA_MODEL"], !env.isEmpty {
            return env.split(separator: ":").map(String.init)
        }
        let dir = defaultDirectory()
        return defaultFileNames.map { URL(fileURLWithPath: dir).appendingPathComponent($0).relativePath }
    }

    /// The directory holding the default criteria files (the first candidate that has them).
    public static func defaultDirectory() -> String {
        var candidates = ["models"]
        // The running executable (found through /proc, so `seula` on the PATH works too).
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let dir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for up in ["../../../models", "../../models", "../share/seula/models"] {
            candidates.append(dir.appendingPathComponent(up).standardized.path)
        }
        return candidates.first { d in defaultFileNames.allSatisfy { FileManager.default.fileExists(atPath: "\(d)/\($0)") } } ?? candidates[0]
    }

    /// The default set's file in force on `date` (else the newest), for tools that judge one
    /// criteria file (the evaluators).
    public static func defaultPath(on date: CalendarDate) -> String {
        let paths = defaultPaths()
        if paths.count > 1, let set = try? loadSet(paths),
           let i = set.models.lastIndex(where: { $0.isInForce(on: date) }),
           let path = paths.first(where: { (try? load($0))?.sha256 == set.models[i].sha256 }) {
            return path
        }
        return paths[paths.count - 1]
    }
}
