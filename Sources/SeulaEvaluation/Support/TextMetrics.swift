/// Advance widths of DejaVu Sans (the font the reports name after `system-ui`; Debian's default
/// sans-serif), measured once in Chromium (canvas `measureText` at 1000 px), in thousandths of
/// an em. The charts use them to wrap or abbreviate labels before placing them; `make
/// report-check` then measures the real layout in the browser.
public enum TextMetrics {
    /// U+0020 … U+007E, regular.
    static let regular: [UInt16] = [318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838]
    /// U+0020 … U+007E, bold.
    static let bold: [UInt16] = [348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838]
    static let regularExtra: [Character: UInt16] = ["ä": 613, "ö": 612, "å": 613, "Ä": 684, "Ö": 787, "Å": 684, "é": 615, "ü": 634, "–": 500, "—": 1000, "…": 1000, "·": 318, "≥": 838, "≤": 838, "→": 838, "←": 838, "×": 838, "½": 969, "¼": 969, "κ": 589, "²": 401, "±": 838, "’": 318, "“": 518, "”": 518, "§": 500, "€": 636, "°": 500]
    static let boldExtra: [Character: UInt16] = ["ä": 675, "ö": 687, "å": 675, "Ä": 774, "Ö": 850, "Å": 774, "é": 678, "ü": 712, "–": 500, "—": 1000, "…": 1000, "·": 380, "≥": 838, "≤": 838, "→": 838, "←": 838, "×": 838, "½": 1035, "¼": 1035, "κ": 710, "²": 438, "±": 838, "’": 380, "“": 657, "”": 657, "§": 500, "€": 696, "°": 500]

    /// The width of `text` at `size` px; characters not in the tables count as a wide letter.
    public static func width(_ text: String, size: Double, bold isBold: Bool = false) -> Double {
        var total = 0.0
        for ch in text {
            if let a = ch.asciiValue, a >= 32, a < 127 {
                total += Double((isBold ? bold : regular)[Int(a) - 32])
            } else if let w = (isBold ? boldExtra : regularExtra)[ch] {
                total += Double(w)
            } else {
                total += isBold ? 760 : 700
            }
        }
        return total * size / 1000
    }
}
