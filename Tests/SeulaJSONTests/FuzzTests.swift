import XCTest
import SeulaJSON

/// Seeded random mutations of valid documents: the reader must never crash, every error must
/// point inside the input, and whatever parses must survive a canonical round trip.
final class FuzzTests: XCTestCase {
    static let seeds: [String] = [
        #"{"id":"c1","age":34,"coping":{"a":1,"b":null},"risk":{"housing":"stable","n":3},"flags":{"x":true}}"#,
        #"[1,-2.5e-3,0,true,false,null,"a\"b\\c\u00e9\ud83d\ude00",[],{},[[{"k":[1,{"z":"é"}]}]]]"#,
        #"  {"long key with spaces and ünïcödé":"and a rather long value string, too\n\t"}  "#,
        #"[9223372036854775807,-9223372036854775808,9223372036854775808,1e400,1E-400,0.1e+1]"#,
    ]

    func testMutatedDocumentsNeverCrash() {
        var rng = SeededGenerator(seed: 0xF022)
        let interesting: [UInt8] = Array(#"{}[],:"\-+.0123456789eEtrufalsn u/"#.utf8) + [0x00, 0x09, 0x0A, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xE0, 0xED, 0xF0, 0xF4, 0xF5, 0xFF]
        var accepted = 0
        var rejected = 0
        for _ in 0..<20_000 {
            var bytes = Array(Self.seeds.randomElement(using: &rng)!.utf8)
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                guard !bytes.isEmpty else { break }
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<5, using: &rng) {
                case 0: bytes[at] = interesting.randomElement(using: &rng)!
                case 1: bytes.insert(interesting.randomElement(using: &rng)!, at: at)
                case 2: bytes.remove(at: at)
                case 3: bytes.removeLast(Int.random(in: 0...(bytes.count - at), using: &rng))
                default: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 8)], at: at)
                }
            }
            switch parseResult(bytes) {
            case .success(let v):
                accepted += 1
                let canonical = v.canonicalBytes
                guard case .success(let again) = parseResult(canonical) else {
                    XCTFail("canonical form of an accepted document does not parse: \(String(decoding: canonical, as: UTF8.self))")
                    continue
                }
                XCTAssertEqual(again.canonicalBytes, canonical)
            case .failure(let e):
                rejected += 1
                XCTAssert(e.offset >= 0 && e.offset <= bytes.count, "offset \(e.offset) outside \(bytes.count) bytes: \(e)")
                XCTAssertFalse(e.message.isEmpty)
                if e.kind == .invalidUTF8 {
                    XCTAssertNil(String(validating: bytes, as: UTF8.self), "valid UTF-8 reported as invalid: \(e)")
                }
            }
        }
        // Both outcomes must actually be exercised.
        XCTAssertGreaterThan(accepted, 500)
        XCTAssertGreaterThan(rejected, 5000)
    }

    /// Random bytes, and random sequences of JSON punctuation (deep, unbalanced nesting).
    func testRandomInputsNeverCrash() {
        var rng = SeededGenerator(seed: 0xB17E5)
        let punctuation = Array(#"[]{}":,1 "#.utf8)
        for round in 0..<3000 {
            let length = Int.random(in: 0...300, using: &rng)
            let bytes: [UInt8] = round % 2 == 0
                ? (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
                : (0..<length).map { _ in punctuation.randomElement(using: &rng)! }
            if case .failure(let e) = parseResult(bytes, maxDepth: 16) {
                XCTAssert(e.offset >= 0 && e.offset <= bytes.count)
            }
        }
    }
}
