/// A hint for a file that is JSON but not JSON lines: every line of a JSON array or of a
/// pretty-printed object is `invalid_json` on its own, and hundreds of those say nothing about
/// the cause. Commands that read JSON lines print this once, on stderr, and carry on.
public enum JSONLinesHint {
    /// The hint for a file whose first non-blank line is `line` (with `name` for the example
    /// command), or nil when it looks like JSON lines (or not like JSON at all).
    ///
    /// - `[` first: a JSON array.
    /// - a line that is only `{`: a pretty-printed object.
    public static func message(firstLine line: UnsafeRawBufferPointer, name: String) -> String? {
        var start = 0
        if line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF { start = 3 }
        var bytes = line[start...].drop { $0 == 0x20 || $0 == 0x09 }
        while let last = bytes.last, last == 0x20 || last == 0x09 || last == 0x0D { bytes = bytes.dropLast() }
        let file = name == "stdin" || name == "-" ? "FILE" : shellQuoted(name)
        if bytes.first == UInt8(ascii: "[") {
            return "this looks like a JSON array: one JSON object per line is expected; e.g. jq -c '.[]' \(file) > cases.jsonl"
        }
        if bytes.count == 1, bytes.first == UInt8(ascii: "{") {
            return "this looks like pretty-printed JSON (an object over several lines): one JSON object per line is expected; e.g. jq -c . \(file) > cases.jsonl"
        }
        return nil
    }

    /// The hint for a whole input in memory (its first non-blank line).
    public static func message(_ bytes: [UInt8], name: String) -> String? {
        bytes.withUnsafeBytes { all in
            var start = 0
            while start < all.count {
                var end = start
                while end < all.count && all[end] != 0x0A { end += 1 }
                let line = UnsafeRawBufferPointer(rebasing: all[start..<min(end, start + 4096)])
                if !isBlank(line) { return message(firstLine: line, name: name) }
                start = end + 1
            }
            return nil
        }
    }

    /// Spaces, tabs and line ends only (as `LineSplitter.isBlank`, which this module does not
    /// see: the splitter is the transport's).
    static func isBlank(_ b: UnsafeRawBufferPointer) -> Bool {
        for c in b where c != 0x20 && c != 0x09 && c != 0x0D && c != 0x0A { return false }
        return true
    }

    static func shellQuoted(_ s: String) -> String {
        s.allSatisfy { $0.isLetter || $0.isNumber || "-_./".contains($0) } ? s : "'" + s.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}
