import SeulaCore
import SeulaJSON

/// A new version of a criteria file, written by editing the old file's bytes: the changed
/// values are replaced where they stand, `version` gets its minor number bumped and
/// `provenance` is replaced (or added after `version`); every other byte is kept, so the new
/// file means exactly what the old one did apart from the listed changes.
public struct CriteriaRevision: Sendable {
    /// New values by JSON path; each path must exist in the old file.
    public var changes: [(path: String, value: JSONValue)]
    public var provenance: JSONValue

    public init(changes: [(path: String, value: JSONValue)], provenance: JSONValue) {
        self.changes = changes
        self.provenance = provenance
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// `1.4.2` → `1.5.0`; nil when `version` is not MAJOR.MINOR.PATCH.
    public static func bumpMinor(_ version: String) -> String? {
        let parts = version.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let major = Int(parts[0]), let minor = Int(parts[1]), Int(parts[2]) != nil else { return nil }
        return "\(major).\(minor + 1).0"
    }

    /// (major, minor, patch) of a MAJOR.MINOR.PATCH version; nil otherwise.
    public static func parts(_ version: String) -> (Int, Int, Int)? {
        let p = version.split(separator: ".", omittingEmptySubsequences: false)
        guard p.count == 3, let a = Int(p[0]), let b = Int(p[1]), let c = Int(p[2]), a >= 0, b >= 0, c >= 0 else { return nil }
        return (a, b, c)
    }

    /// `{"id": …, "version": …, "sha256": …}`: what `provenance.derived_from` records.
    public static func origin(_ model: CriteriaModel) -> JSONValue {
        JSONBuilder.object([("id", .string(model.id)), ("version", .string(model.version)), ("sha256", .string(model.sha256))])
    }

    /// The new file's bytes, with `version` (default: the old one with its minor number bumped).
    ///
    /// Complexity: O(bytes + changes log changes).
    public func apply(to bytes: [UInt8], model: CriteriaModel, version: String? = nil) throws(Failure) -> [UInt8] {
        let map = JSONSourceMap(bytes)
        guard let newVersion = version ?? Self.bumpMinor(model.version) else { throw Failure(description: "version '\(model.version)' is not MAJOR.MINOR.PATCH") }
        var edits: [(start: Int, end: Int, text: [UInt8])] = []
        for (path, value) in changes {
            guard let span = map.spans[path] else { throw Failure(description: "the criteria file has no value at \(path)") }
            edits.append((span.start, span.end, Array(JSONLayout.text(value, expandDepth: 0).utf8)))
        }
        guard let version = map.spans["version"] else { throw Failure(description: "the criteria file has no version") }
        edits.append((version.start, version.end, Array(JSONLayout.text(.string(newVersion)).utf8)))
        if let p = map.spans["provenance"] {
            let indent = Self.indentation(of: p.keyStart ?? p.start, in: bytes)
            edits.append((p.start, p.end, Array(JSONLayout.text(provenance, indent: indent).utf8)))
        } else {
            let indent = Self.indentation(of: version.keyStart ?? version.start, in: bytes)
            let newline = indent.isEmpty && !bytes[..<version.start].contains(0x0A) ? "" : "\n"
            let text = ",\(newline)\(indent)\"provenance\": " + JSONLayout.text(provenance, indent: indent, expandDepth: newline.isEmpty ? 0 : 1)
            edits.append((version.end, version.end, Array(text.utf8)))
        }
        edits.sort { $0.start < $1.start }
        for (a, b) in zip(edits, edits.dropFirst()) where a.end > b.start {
            throw Failure(description: "two changes overlap at byte \(b.start)")
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 1024)
        var at = 0
        for e in edits {
            out.append(contentsOf: bytes[at..<e.start])
            out.append(contentsOf: e.text)
            at = e.end
        }
        out.append(contentsOf: bytes[at...])
        return out
    }

    /// The spaces and tabs before `offset` on its line.
    static func indentation(of offset: Int, in bytes: [UInt8]) -> String {
        var k = offset
        while k > 0, bytes[k - 1] == 0x20 || bytes[k - 1] == 0x09 { k -= 1 }
        guard k == 0 || bytes[k - 1] == 0x0A else { return "" }
        return String(decoding: bytes[k..<offset], as: UTF8.self)
    }
}
