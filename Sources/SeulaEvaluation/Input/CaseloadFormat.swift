/// The two caseload formats the evaluators' tools read: JSON lines (one case object per line)
/// and CSV with a header of field paths (`coping.paying_bills`, `label.segment`, …).
public enum CaseloadFormat: String, Sendable, CaseIterable {
    case jsonl
    case csv

    /// By the file's extension (`.csv`; `.jsonl`, `.ndjson`, `.json`), else by content: a first
    /// non-blank byte `{` means JSON lines, anything else CSV.
    ///
    /// Complexity: O(leading whitespace).
    public static func detect(path: String?, bytes: [UInt8]) -> CaseloadFormat {
        if let path = path?.lowercased() {
            if path.hasSuffix(".csv") { return .csv }
            if path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") || path.hasSuffix(".json") { return .jsonl }
        }
        for b in bytes where b != 0x20 && b != 0x09 && b != 0x0A && b != 0x0D {
            return b == UInt8(ascii: "{") ? .jsonl : .csv
        }
        return .jsonl
    }
}
