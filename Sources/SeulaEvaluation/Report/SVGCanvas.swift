import SeulaCore

/// A tiny SVG writer for the reports: shapes and text in user units, escaped, with fixed
/// number formatting (two decimals at most) so the same data always gives the same bytes.
/// No scripts, no external references.
public struct SVGCanvas {
    public let width: Double
    public let height: Double
    public let title: String
    private var elements: [String] = []

    public init(width: Double, height: Double, title: String) {
        self.width = width
        self.height = height
        self.title = title
    }

    static func n(_ x: Double) -> String {
        var s = DecimalFormat.fixed(x, decimals: 2)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }

    public static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    public mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, stroke: String? = nil,
                              strokeWidth: Double = 1, opacity: Double? = nil, rx: Double = 0, tooltip: String? = nil) {
        var a = "<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(max(0, w)))\" height=\"\(Self.n(max(0, h)))\" fill=\"\(fill)\""
        if let stroke { a += " stroke=\"\(stroke)\" stroke-width=\"\(Self.n(strokeWidth))\"" }
        if let opacity { a += " fill-opacity=\"\(Self.n(opacity))\"" }
        if rx > 0 { a += " rx=\"\(Self.n(rx))\"" }
        if let tooltip { elements.append(a + "><title>\(Self.escape(tooltip))</title></rect>") } else { elements.append(a + "/>") }
    }

    public mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = "#333",
                              width: Double = 1, dash: String? = nil, opacity: Double? = nil) {
        var a = "<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.n(width))\""
        if let dash { a += " stroke-dasharray=\"\(dash)\"" }
        if let opacity { a += " stroke-opacity=\"\(Self.n(opacity))\"" }
        elements.append(a + "/>")
    }

    public enum Anchor: String { case start, middle, end }

    public mutating func text(_ x: Double, _ y: Double, _ s: String, size: Double = 12, anchor: Anchor = .start,
                              weight: String = "normal", fill: String = "#222", rotate: Double? = nil, italic: Bool = false,
                              lang: String? = nil) {
        var a = "<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" font-size=\"\(Self.n(size))\" text-anchor=\"\(anchor.rawValue)\" fill=\"\(fill)\""
        if let lang { a += " lang=\"\(lang)\"" }
        if weight != "normal" { a += " font-weight=\"\(weight)\"" }
        if italic { a += " font-style=\"italic\"" }
        if let rotate { a += " transform=\"rotate(\(Self.n(rotate)) \(Self.n(x)) \(Self.n(y)))\"" }
        elements.append(a + ">\(Self.escape(s))</text>")
    }

    /// A name (with its own `lang` when it differs from `page`).
    public mutating func name(_ x: Double, _ y: Double, _ n: LocalName, page: ReportLanguage, size: Double = 12, anchor: Anchor = .start,
                              weight: String = "normal", fill: String = "#222") {
        text(x, y, n.text, size: size, anchor: anchor, weight: weight, fill: fill, lang: n.lang == page.code ? nil : n.lang)
    }

    /// Several lines of text, the first baseline at `y`, `size × 1.25` apart.
    public mutating func lines(_ x: Double, _ y: Double, _ lines: [String], size: Double = 12, anchor: Anchor = .start,
                               weight: String = "normal", fill: String = "#222", lang: String? = nil) {
        for (k, line) in lines.enumerated() {
            text(x, y + Double(k) * size * 1.25, line, size: size, anchor: anchor, weight: weight, fill: fill, lang: lang)
        }
    }

    public mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2, dash: String? = nil) {
        guard points.count > 1 else { return }
        let p = points.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ")
        var a = "<polyline points=\"\(p)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.n(width))\" stroke-linejoin=\"round\""
        if let dash { a += " stroke-dasharray=\"\(dash)\"" }
        elements.append(a + "/>")
    }

    public mutating func circle(_ cx: Double, _ cy: Double, _ r: Double, fill: String, stroke: String? = nil, strokeWidth: Double = 1, tooltip: String? = nil) {
        var a = "<circle cx=\"\(Self.n(cx))\" cy=\"\(Self.n(cy))\" r=\"\(Self.n(r))\" fill=\"\(fill)\""
        if let stroke { a += " stroke=\"\(stroke)\" stroke-width=\"\(Self.n(strokeWidth))\"" }
        if let tooltip { elements.append(a + "><title>\(Self.escape(tooltip))</title></circle>") } else { elements.append(a + "/>") }
    }

    public mutating func raw(_ svg: String) { elements.append(svg) }

    public func render() -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" role=\"img\" aria-label=\"\(Self.escape(title))\" font-family=\"'DejaVu Sans', system-ui, 'Helvetica Neue', Arial, sans-serif\"><title>\(Self.escape(title))</title>"
            + elements.joined() + "</svg>"
    }
}

/// Colours and scales shared by the charts.
public enum ChartStyle {
    /// Sequential blues, light to dark; `t` in [0, 1].
    public static func sequential(_ t: Double) -> String {
        interpolate([(247, 251, 255), (198, 219, 239), (107, 174, 214), (33, 113, 181), (8, 48, 107)], t)
    }

    /// A perceptual yellow-green-blue scale for continuous surfaces (low: pale, high: deep).
    public static func surface(_ t: Double) -> String {
        interpolate([(255, 255, 217), (199, 233, 180), (65, 182, 196), (34, 94, 168), (8, 29, 88)], t)
    }

    static func interpolate(_ stops: [(Double, Double, Double)], _ t: Double) -> String {
        let x = min(max(t.isFinite ? t : 0, 0), 1) * Double(stops.count - 1)
        let i = min(Int(x), stops.count - 2), f = x - Double(i)
        let a = stops[i], b = stops[i + 1]
        func c(_ u: Double, _ v: Double) -> Int { Int((u + (v - u) * f).rounded()) }
        return hex(c(a.0, b.0), c(a.1, b.1), c(a.2, b.2))
    }

    static func hex(_ r: Int, _ g: Int, _ b: Int) -> String {
        let digits = Array("0123456789abcdef")
        return "#" + [r, g, b].map { String([digits[$0 / 16], digits[$0 % 16]]) }.joined()
    }

    /// Text colour readable on a sequential fill of level `t`.
    public static func ink(onLevel t: Double) -> String { t > 0.55 ? "#ffffff" : "#1b1b1b" }

    /// About `count` round tick values covering lo…hi.
    public static func ticks(_ lo: Double, _ hi: Double, count: Int = 5) -> [Double] {
        guard hi > lo, count > 0 else { return [lo] }
        let raw = (hi - lo) / Double(count)
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        let step = [1.0, 2.0, 2.5, 5.0, 10.0].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var out: [Double] = []
        var v = (lo / step).rounded(.up) * step
        while v <= hi + step * 1e-9 { out.append(v); v += step }
        return out
    }

    public static let accent = "#c8463d"
    public static let muted = "#8a8f98"
    public static let ink = "#1f2430"
    public static let grid = "#e3e6eb"
}
