/// Fitting labels into the room a chart has for them, with the widths of `TextMetrics`: wrap at
/// spaces, or say it does not fit (the chart then switches to a numbered key with a legend);
/// never cut a word.
enum LabelFit {
    /// `text` in at most `maxLines` lines no wider than `width` (greedy, at spaces); nil when a
    /// single word is wider or more lines are needed.
    static func wrap(_ text: String, width: Double, size: Double, bold: Bool = false, maxLines: Int) -> [String]? {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ").map(String.init) {
            guard TextMetrics.width(word, size: size, bold: bold) <= width else { return nil }
            let candidate = current.isEmpty ? word : current + " " + word
            if TextMetrics.width(candidate, size: size, bold: bold) <= width {
                current = candidate
            } else {
                lines.append(current)
                current = word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.count <= maxLines ? lines : nil
    }

    /// Wrapped into as few lines as fit `width`, however many that takes (a word wider than the
    /// width gets a line of its own).
    static func wrapAll(_ text: String, width: Double, size: Double, bold: Bool = false) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ").map(String.init) {
            let candidate = current.isEmpty ? word : current + " " + word
            if current.isEmpty || TextMetrics.width(candidate, size: size, bold: bold) <= width {
                current = candidate
            } else {
                lines.append(current)
                current = word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// The widest of several texts.
    static func widest(_ texts: [String], size: Double, bold: Bool = false) -> Double {
        texts.map { TextMetrics.width($0, size: size, bold: bold) }.max() ?? 0
    }
}
