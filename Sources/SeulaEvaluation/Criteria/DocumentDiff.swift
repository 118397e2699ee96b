import SeulaJSON

/// The members that differ between two criteria documents, by JSON path, in document order:
/// what a reviewer reads before adopting a new version. Numbers compare by value (`40` and
/// `40.0` are equal); arrays compare element by element.
public enum DocumentDiff {
    public struct Change: Sendable, Equatable {
        public var path: String
        /// nil: the member is new.
        public var old: JSONValue?
        /// nil: the member was removed.
        public var new: JSONValue?

        /// `risk.threshold: 35 → 38` (long values shortened).
        public var text: String {
            func show(_ v: JSONValue?) -> String {
                guard let v else { return "(absent)" }
                let s = JSONLayout.text(v, expandDepth: 0)
                return s.count > 70 ? String(s.prefix(67)) + "…" : s
            }
            return "\(path): \(show(old)) → \(show(new))"
        }
    }

    /// Complexity: O(size of both documents).
    public static func changes(_ a: JSONValue, _ b: JSONValue, path: String = "") -> [Change] {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            var out: [Change] = []
            var keys = x.keys
            for k in y.keys where !keys.contains(k) { keys.append(k) }
            for k in keys {
                let p = path.isEmpty ? k : "\(path).\(k)"
                switch (x[k], y[k]) {
                case (let u?, let v?): out += changes(u, v, path: p)
                case (let u, let v): out.append(Change(path: p, old: u, new: v))
                }
            }
            return out
        case (.array(let x), .array(let y)):
            var out: [Change] = []
            for i in 0..<max(x.count, y.count) {
                let p = "\(path)[\(i)]"
                if i < x.count, i < y.count { out += changes(x[i], y[i], path: p) }
                else { out.append(Change(path: p, old: i < x.count ? x[i] : nil, new: i < y.count ? y[i] : nil)) }
            }
            return out
        case (.number(let x), .number(let y)):
            return x.double == y.double ? [] : [Change(path: path, old: a, new: b)]
        default:
            return a == b ? [] : [Change(path: path, old: a, new: b)]
        }
    }
}
