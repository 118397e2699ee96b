/// The two caseload formats the evaluators' tools read: JSON lines (one case object per line)
/// and CSV with a header of field paths (`coping.paying_bills`, `label.segment`, …).
public enum CaseloadFormat: String, Sendable, CaseIterable {
    case jsonl
    case csv

    /// By the file's extension (`.csv`; `.jsonl`, `.ndjson`, `.json`), else by content: a first
    /// non-blank byte `{` or `[` (after a byte-order mark) means JSON (lines; an array gets a
    /// hint), anything else CSV.
    ///
    /// Complexity: O(leading whitespace).
    public static func detect(path: String?, bytes: [UInt8]) -> CaseloadFormat {
        if let path = path?.lowercased() {
            if path.hasSuffix(".csv") { return .csv }
            if path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") || path.hasSuffix(".json") { return .jsonl }
        }
        for b in bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...] where b != 0x20 && b != 0x09 && b != 0x0A && b != 0x0D {
            return b == UInt8(ascii: "{") || b == UInt8(ascii: "[") ? .jsonl : .csv
        }
        return .jsonl
    }
}
