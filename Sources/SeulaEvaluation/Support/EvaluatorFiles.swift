import Foundation
import SeulaCore
import SeulaJSON
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
            let model = try ModelFile.load(p, bytes: bytes)
            return .success((model, bytes, p))
        } catch {
            if case .unreadable = error { return .failure(Failure(code: 66, message: error.description)) }
            return .failure(Failure(code: 65, message: error.description))
        }
    }

    /// The caseload's bytes; `-` is stdin.
    public static func readData(_ path: String) -> Result<[UInt8], Failure> {
        if path == "-" { return .success(StandardInput.readAll()) }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(Failure(code: 66, message: "\(path): no such file or not readable"))
        }
        return .success([UInt8](data))
    }

    /// `seula-default` + `2.1.0` → `seula-default-2.1.0.json` in `directory` (default: the
    /// working directory — never next to the default criteria).
    public static func defaultRevisionPath(id: String, version: String, directory: String? = nil) -> String {
        let name = "\(id)-\(version).json"
        guard let directory, directory != "." else { return name }
        return URL(fileURLWithPath: directory).appendingPathComponent(name).relativePath
    }

    /// The criteria versions of `id` already on disk: every `*.json` file of at most 8 MB in
    /// `directories` whose top-level `id` is `id`, with its `version` and path.
    ///
    /// Complexity: O(files × their size).
    public static func existingVersions(of id: String, in directories: [String]) -> [(version: String, path: String)] {
        var seen = Set<String>()
        var out: [(String, String)] = []
        let fm = FileManager.default
        for dir in directories {
            let d = dir.isEmpty ? "." : dir
            let canonical = URL(fileURLWithPath: d).standardizedFileURL.path
            guard seen.insert(canonical).inserted, let names = try? fm.contentsOfDirectory(atPath: d) else { continue }
            for name in names.sorted() where name.hasSuffix(".json") {
                let path = URL(fileURLWithPath: d).appendingPathComponent(name).path
                guard let attrs = try? fm.attributesOfItem(atPath: path), (attrs[.type] as? FileAttributeType) == .typeRegular,
                      let size = attrs[.size] as? Int, size <= 8 << 20,
                      let data = fm.contents(atPath: path),
                      let doc = try? JSONReader.parse([UInt8](data)),
                      doc["id"]?.stringValue == id, let version = doc["version"]?.stringValue else { continue }
                out.append((version, path))
            }
        }
        return out
    }

    /// The version a new revision of `model` gets: `requested` when given (refused when it is
    /// not MAJOR.MINOR.PATCH or that version of the id already exists), else the next free
    /// minor version of the source's major: one above the highest minor of any version of the id
    /// found in `directories` or the source itself (`2.0.0` → `2.1.0`; with a `2.1.0` on disk,
    /// `2.2.0`), so tune → fit → tune never name two files alike.
    public static func newVersion(for model: CriteriaModel, requested: String?, directories: [String]) -> Result<String, Failure> {
        let existing = existingVersions(of: model.id, in: directories)
        if let requested {
            guard CriteriaRevision.parts(requested) != nil else {
                return .failure(Failure(code: 64, message: "--new-version needs MAJOR.MINOR.PATCH, not '\(requested)'"))
            }
            if requested == model.version {
                return .failure(Failure(code: 1, message: "version \(requested) is the version of the criteria it derives from; give another --new-version"))
            }
            if let clash = existing.first(where: { $0.version == requested }) {
                return .failure(Failure(code: 1, message: "\(model.id) \(requested) already exists (\(clash.path)); give another --new-version"))
            }
            return .success(requested)
        }
        guard let (major, minor, _) = CriteriaRevision.parts(model.version) else {
            return .failure(Failure(code: 1, message: "version '\(model.version)' is not MAJOR.MINOR.PATCH; give --new-version"))
        }
        var highest = minor
        for e in existing { if let (a, b, _) = CriteriaRevision.parts(e.version), a == major { highest = max(highest, b) } }
        return .success("\(major).\(highest + 1).0")
    }

    /// Writes `bytes` to `path` (`-`: stdout) through `Output`; refuses to replace an existing
    /// file unless `force`.
    public static func write(_ bytes: [UInt8], to path: String, force: Bool) -> Result<Void, Failure> {
        if !force, path != "-", FileManager.default.fileExists(atPath: path), !Output.isSpecial(path) {
            return .failure(Failure(code: 1, message: "\(path) exists; give --force to replace it, or -o another path"))
        }
        if let error = Output.write(bytes, to: path) { return .failure(Failure(code: 1, message: error)) }
        return .success(())
    }

    /// The new criteria file's bytes after a revision, checked by loading them back exactly as
    /// `seula model check` does.
    public static func revise(_ revision: CriteriaRevision, modelBytes: [UInt8], model: CriteriaModel, version: String? = nil) -> Result<(bytes: [UInt8], model: CriteriaModel), Failure> {
        let bytes: [UInt8]
        do {
            bytes = try revision.apply(to: modelBytes, model: model, version: version)
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
        public var summary: String { summary(.en) }

        public func summary(_ language: ReportLanguage) -> String {
            let tr = Phrases(language)
            var text = written.map { tr("New criteria version {0} {1} written to {2}; file changes:", model.id, model.version, $0) }
                ?? (writeFailure == nil ? tr("New criteria version {0} {1} (not written: --no-write); file changes:", model.id, model.version)
                    : tr("New criteria version {0} {1} (not written); file changes:", model.id, model.version))
            text += "\n"
            for c in changes { text += "  \(c.text)\n" }
            return text
        }
    }

    /// Applies `revision` to the loaded criteria file with a version that collides with no
    /// other version of the id (`newVersion`, searching the working directory, the output's
    /// directory, the source's and the default criteria's), checks the result loads, and writes
    /// it to `out` (default: `ID-VERSION.json` in the working directory) unless `noWrite`.
    public static func publish(_ revision: CriteriaRevision, loaded: (model: CriteriaModel, bytes: [UInt8], path: String),
                               out: String?, version requested: String? = nil, noWrite: Bool, force: Bool) -> Result<Publication, Failure> {
        let parent = { (p: String) in URL(fileURLWithPath: p).deletingLastPathComponent().path }
        var directories = [FileManager.default.currentDirectoryPath, parent(loaded.path), ModelFile.defaultDirectory()]
        if let out { directories.insert(parent(out), at: 1) }
        let version: String
        switch newVersion(for: loaded.model, requested: requested, directories: directories) {
        case .failure(let f): return .failure(f)
        case .success(let v): version = v
        }
        switch revise(revision, modelBytes: loaded.bytes, model: loaded.model, version: version) {
        case .failure(let f):
            return .failure(f)
        case .success(let (newBytes, newModel)):
            var p = Publication(model: newModel, changes: DocumentDiff.changes(loaded.model.document.value, newModel.document.value),
                                written: nil, writeFailure: nil)
            if !noWrite {
                let path = out ?? defaultRevisionPath(id: loaded.model.id, version: newModel.version)
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
