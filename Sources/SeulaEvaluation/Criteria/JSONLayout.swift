import SeulaJSON

/// JSON text in the criteria files' own style, members in document order (not sorted):
/// `"key": value`, `", "` between items, and objects at the top levels laid out one member
/// per line with the given indentation; deeper values stay on one line.
///
/// Complexity: O(size of the value).
public enum JSONLayout {
    /// - Parameters:
    ///   - indent: the indentation of the line the value starts on.
    ///   - expandDepth: how many levels of objects get one member per line.
    public static func text(_ v: JSONValue, indent: String = "", expandDepth: Int = 1) -> String {
        switch v {
        case .object(let o) where expandDepth > 0 && !o.isEmpty:
            let inner = indent + "  "
            let members = o.members.map { inner + quoted($0.key) + ": " + text($0.value, indent: inner, expandDepth: expandDepth - 1) }
            return "{\n" + members.joined(separator: ",\n") + "\n" + indent + "}"
        case .object(let o):
            return "{" + o.members.map { quoted($0.key) + ": " + text($0.value, expandDepth: 0) }.joined(separator: ", ") + "}"
        case .array(let a):
            return "[" + a.map { text($0, expandDepth: 0) }.joined(separator: ", ") + "]"
        default:
            return String(decoding: v.canonicalBytes, as: UTF8.self)
        }
    }

    static func quoted(_ s: String) -> String {
        String(decoding: JSONValue.string(s).canonicalBytes, as: UTF8.self)
    }
}
