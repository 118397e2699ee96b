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

    public static func read(_ path: String) throws(Failure) -> [UInt8] {
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
        let bytes = try read(path)
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

    /// The default criteria file: `$SEULA_MODEL`, else `models/seula-v1.json` next to the
    /// working directory or the executable's package.
    public static func defaultPath() -> String {
        if let env = ProcessInfo.processInfo.environment["SEULA_MODEL"], !env.isEmpty { return env }
        // The running executable (found through /proc, so `seula` on the PATH works too):
        // <package>/.build/<triple>/<configuration>/seula → <package>/models/seula-v1.json.
        var candidates = ["models/seula-v1.json"]
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let dir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for up in ["../../../models/seula-v1.json", "../../models/seula-v1.json", "../share/seula/models/seula-v1.json"] {
            candidates.append(dir.appendingPathComponent(up).standardized.path)
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0) } ?? candidates[0]
    }
}
