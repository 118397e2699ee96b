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

    /// Loads `path`, or without one the default criteria in force `today` (the evaluators judge
    /// one criteria file at a time).
    public static func loadModel(_ path: String?, today: CalendarDate) -> Result<(model: CriteriaModel, bytes: [UInt8], path: String), Failure> {
        let p = path ?? ModelFile.defaultPath(on: today)
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
        if !force, FileManager.default.fileExists(atPath: path), !OutputFile.isSpecial(path) {
            return .failure(Failure(code: 1, message: "\(path) exists; give --force to replace it, or --out another path"))
        }
        if let error = OutputFile.write(bytes, to: path) { return .failure(Failure(code: 1, message: error)) }
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

    /// A new criteria version, checked, optionally written, with what changed in the file.
    public struct Publication: Sendable {
        public var model: CriteriaModel
        public var changes: [DocumentDiff.Change]
        /// Where it was written; nil with --no-write or when writing failed.
        public var written: String?
        /// Why it could not be written (the caller reports it and exits with its code).
        public var writeFailure: Failure?

        /// "New criteria version … written to …; file changes:" and one line per change.
        public var summary: String {
            var text = "New criteria version \(model.id) \(model.version)" + (written.map { " written to \($0)" } ?? (writeFailure == nil ? " (not written: --no-write)" : " (not written)")) + "; file changes:\n"
            for c in changes { text += "  \(c.text)\n" }
            return text
        }
    }

    /// Applies `revision` to the loaded criteria file, checks the result loads, and writes it
    /// to `out` (default: beside the model, named by id and version) unless `noWrite`.
    public static func publish(_ revision: CriteriaRevision, loaded: (model: CriteriaModel, bytes: [UInt8], path: String),
                               out: String?, noWrite: Bool, force: Bool) -> Result<Publication, Failure> {
        switch revise(revision, modelBytes: loaded.bytes, model: loaded.model) {
        case .failure(let f):
            return .failure(f)
        case .success(let (newBytes, newModel)):
            var p = Publication(model: newModel, changes: DocumentDiff.changes(loaded.model.document.value, newModel.document.value),
                                written: nil, writeFailure: nil)
            if !noWrite {
                let path = out ?? defaultRevisionPath(modelPath: loaded.path, id: loaded.model.id, version: newModel.version)
                switch write(newBytes, to: path, force: force) {
                case .failure(let f): p.writeFailure = f
                case .success: p.written = path
                }
            }
            return .success(p)
        }
    }

    /// The criteria file and the caseload every evaluator command starts from.
    public static func loadModelAndData(_ modelPath: String?, _ input: String, today: CalendarDate) -> Result<(loaded: (model: CriteriaModel, bytes: [UInt8], path: String), data: [UInt8]), Failure> {
        loadModel(modelPath, today: today).flatMap { loaded in readData(input).map { (loaded, $0) } }
    }
}
