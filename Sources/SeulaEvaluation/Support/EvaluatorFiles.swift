import Foundation
import SeulaCore
import SeulaService

/// The file handling every evaluator command shares: loading a criteria file, reading the
/// caseload, writing a new criteria version or a report. Failures carry the exit code of
/// PROTOCOL.md (65 bad data, 66 missing file, 1 cannot write).
public enum EvaluatorFiles {
    public struct Failure: Error, Sendable {
        public var code: Int32
        public var message: String
    }

    public static func loadModel(_ path: String?) -> Result<(model: CriteriaModel, bytes: [UInt8], path: String), Failure> {
        let p = path ?? ModelFile.defaultPath()
        do {
            let bytes = try ModelFile.read(p)
            let model = try ModelFile.load(p)
            return .success((model, bytes, p))
        } catch {
            if case .unreadable = error { return .failure(Failure(code: 66, message: error.description)) }
            return .failure(Failure(code: 65, message: error.description))
        }
    }

    public static func readData(_ path: String) -> Result<[UInt8], Failure> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(Failure(code: 66, message: "\(path): no such file or not readable"))
        }
        return .success([UInt8](data))
    }

    /// `models/seula-v1.json` + `seula-default` + `1.1.0` → `models/seula-default-1.1.0.json`.
    public static func defaultRevisionPath(modelPath: String, id: String, version: String) -> String {
        let dir = URL(fileURLWithPath: modelPath).deletingLastPathComponent()
        return dir.appendingPathComponent("\(id)-\(version).json").relativePath
    }

    /// Writes `bytes` to `path`; refuses to replace an existing file unless `force`.
    public static func write(_ bytes: [UInt8], to path: String, force: Bool) -> Result<Void, Failure> {
        if !force, FileManager.default.fileExists(atPath: path) {
            return .failure(Failure(code: 1, message: "\(path) exists; give --force to replace it, or --out another path"))
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            return .failure(Failure(code: 1, message: "\(path): cannot write"))
        }
        return .success(())
    }

    /// The new criteria file's bytes after a revision, checked by loading them back exactly as
    /// `seula model check` does.
    public static func revise(_ revision: CriteriaRevision, modelBytes: [UInt8], model: CriteriaModel) -> Result<(bytes: [UInt8], model: CriteriaModel), Failure> {
        let bytes: [UInt8]
        do {
            bytes = try revision.apply(to: modelBytes, model: model)
        } catch {
            return .failure(Failure(code: 1, message: "cannot write the new version: \(error.description)"))
        }
        do {
            let loaded = try ModelLoader.load(bytes: bytes, sha256: "")
            return .success((bytes, loaded))
        } catch {
            return .failure(Failure(code: 1, message: "internal: the new version does not load: \(error.issues.map(\.description).joined(separator: "; "))"))
        }
    }
}
