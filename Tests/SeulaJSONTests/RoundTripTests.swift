import XCTest
import SeulaJSON

/// parse(write(v)) == v over a few thousand random values (seeded, so every run is the same).
final class RoundTripTests: XCTestCase {
    struct ValueGenerator {
        var rng: SeededGenerator

        static let characters: [String] = [
            "a", "b", "z", "A", "0", " ", "_", "-", "\"", "\\", "/", "\n", "\t", "\r", "\u{8}", "\u{c}",
            "\u{0}", "\u{1}", "\u{1f}", "\u{7f}", "é", "e\u{301}", "ß", "€", "日", "\u{2028}", "\u{FEFF}",
            "\u{FFFD}", "😀", "𝄞", "\u{10FFFF}",
        ]
        static let keys = ["id", "age", "a", "b", "", "é", "e\u{301}", "😀", "key with spaces", "\"q\"", "ä\n"]

        mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }

        mutating func string() -> String {
            var s = ""
            for _ in 0..<int(0...12) {
                s += int(0...3) == 0 ? Self.characters.randomElement(using: &rng)! : String(UnicodeScalar(UInt8(int(0x20...0x7E))))
            }
            return s
        }

        mutating func number() -> JSONNumber {
            switch int(0...6) {
            case 0: return JSONNumber(int(-100...100))
            case 1: return JSONNumber(Int(Int64.random(in: .min ... .max, using: &rng)))
            case 2: return JSONNumber([Int(Int64.min), Int(Int64.max), 0, -1].randomElement(using: &rng)!)
            case 3: return JSONNumber(Double(int(-100_000...100_000)) / 100)
            case 4:
                // Any finite double, written as a non-integer number.
                var d: Double
                repeat { d = Double(bitPattern: rng.next()) } while !d.isFinite
                return JSONNumber(d)
            case 5:
                // An integer literal beyond Int64: isInteger, int64 nil, an integral double.
                let d = Double(sign: Bool.random(using: &rng) ? .minus : .plus,
                               exponent: int(63...300), significand: 1 + Double(int(0...1_000_000)) / 1_000_000)
                return JSONNumber(isInteger: true, int64: nil, double: d)
            default: return JSONNumber(Double(int(-5...5)))   // integral non-integers: 3.0
            }
        }

        mutating func value(depth: Int) -> JSONValue {
            let leaf = depth >= 5 || int(0...2) == 0
            switch leaf ? int(0...3) : int(4...5) {
            case 0: return [.null, .bool(true), .bool(false)].randomElement(using: &rng)!
            case 1, 2: return .number(number())
            case 3: return .string(string())
            case 4: return .array((0..<int(0...5)).map { _ in value(depth: depth + 1) })
            default:
                var members: [(key: String, value: JSONValue)] = []
                for _ in 0..<int(0...6) {
                    let key = int(0...2) == 0 ? string() : Self.keys.randomElement(using: &rng)!
                    members.append((key: key, value: value(depth: depth + 1)))
                }
                return .object(JSONObject(members))
            }
        }
    }

    /// What the canonical form should read back as, computed independently of the writer:
    /// members sorted by key bytes, the last of each duplicate key kept.
    func normalized(_ v: JSONValue) -> JSONValue {
        switch v {
        case .array(let a):
            return .array(a.map(normalized))
        case .object(let o):
            var lastIndex: [[UInt8]: Int] = [:]
            for (i, m) in o.members.enumerated() { lastIndex[Array(m.key.utf8)] = i }
            let kept = lastIndex.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { o.members[$0.value] }
            return .object(JSONObject(kept.map { (key: $0.key, value: normalized($0.value)) }))
        default:
            return v
        }
    }

    /// Bitwise-strict comparison (== on Double would let -0.0 match 0.0, and on String would let
    /// "é" match "e\u{301}").
    func identical(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.string(x), .string(y)): return Array(x.utf8) == Array(y.utf8)
        case let (.number(x), .number(y)):
            return x.isInteger == y.isInteger && x.int64 == y.int64
                && (x.double.bitPattern == y.double.bitPattern || (x.double == 0 && y.double == 0 && !x.isInteger))
        case let (.array(x), .array(y)): return x.count == y.count && zip(x, y).allSatisfy { identical($0, $1) }
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x.members, y.members).allSatisfy {
                Array($0.key.utf8) == Array($1.key.utf8) && identical($0.value, $1.value)
            }
        default: return false
        }
    }

    func testRoundTripRandomValues() {
        var generator = ValueGenerator(rng: SeededGenerator(seed: 20_251_125))
        var objectsWithDuplicates = 0
        for index in 0..<4000 {
            let v = generator.value(depth: 0)
            let bytes = v.canonicalBytes
            guard case .success(let back) = parseResult(bytes) else {
                XCTFail("#\(index): canonical output does not parse: \(String(decoding: bytes, as: UTF8.self))")
                continue
            }
            let expected = normalized(v)
            XCTAssertTrue(identical(back, expected), "#\(index): \(String(decoding: bytes, as: UTF8.self))")
            XCTAssertEqual(back, expected, "#\(index)")
            XCTAssertEqual(back.canonicalBytes, bytes, "#\(index): canonical form not stable")
            XCTAssertEqual(expected.canonicalBytes, bytes, "#\(index): member order or duplicates changed the bytes")
            if case .object(let o) = v, o.keys.count < o.count { objectsWithDuplicates += 1 }
        }
        XCTAssertGreaterThan(objectsWithDuplicates, 50, "the generator should exercise duplicate keys")
    }

    func testRoundTripWithoutReordering() {
        // Values whose objects are already canonical come back equal to themselves.
        var generator = ValueGenerator(rng: SeededGenerator(seed: 7))
        for index in 0..<1000 {
            let v = normalized(generator.value(depth: 0))
            guard case .success(let back) = parseResult(v.canonicalBytes) else {
                XCTFail("#\(index) does not parse")
                continue
            }
            XCTAssertEqual(back, v, "#\(index)")
        }
    }
}
