import Foundation
import SeulaCore
import SeulaEngine
import SeulaFormats
import SeulaJSON
import SeulaService
import SeulaTransport
import XCTest

/// Both default criteria versions, a pseudonym key, and a date V2 is in force on.
func makeV1V2Handler(key: String? = "test-key") throws -> RequestHandler {
    let v1 = try ModelFile.load(packageRoot.appendingPathComponent("models/seula-v1.json").path)
    let v2 = try ModelFile.load(packageRoot.appendingPathComponent("models/seula-v2.json").path)
    return RequestHandler(criteria: try CriteriaSet([v1, v2]),
                          options: ScoringOptions(pseudonymizer: key.flatMap { HMACPseudonymizer(key: Array($0.utf8)) },
                                                  today: CalendarDate(year: 2026, month: 3, day: 2)!))
}

/// A valid hetu for someone born on `birth` (individual number `n`, 2–899).
func hetu(born birth: CalendarDate, individual n: Int, newSigns: Bool) -> String {
    func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    let signs: [Character] = birth.year >= 2000 ? (newSigns ? ["B", "C", "D", "E", "F"] : ["A"]) : birth.year >= 1900 ? (newSigns ? ["Y", "X", "W", "V", "U"] : ["-"]) : ["+"]
    let sign = signs[(n + birth.day) % signs.count]
    let nine = (birth.day * 10000 + birth.month * 100 + birth.year % 100) * 1000 + n
    let check = Array("0123456789ABCDEFHJKLMNPRSTUVWXY")[nine % 31]
    let number = n < 10 ? "00\(n)" : n < 100 ? "0\(n)" : "\(n)"
    return "\(two(birth.day))\(two(birth.month))\(two(birth.year % 100))\(sign)\(number)\(check)"
}

/// Generated cases rewritten as another program would write them: keys in another order,
/// spaces after separators, non-ASCII text, a hetu on ~90 % of cases (consistent with the age,
/// a few not; some with the 2023 century signs; some lower-case), `assessed_on` on both sides of
/// 2026-01-01, V2's new flag, severe markers and gaps — plus the malformed lines of the generator.
func makeForeignV2Chunk(count: Int, seed: UInt64) -> InputChunk {
    let generated = makeChunk(count: count, badRate: 0.05, seed: seed)
    var rng = SplitMix64(seed: seed &* 7 &+ 1)
    var out = InputChunk(sequence: 0, generation: 0)
    generated.bytes.withUnsafeBytes { all in
        for line in generated.lines {
            let bytes = Array(UnsafeRawBufferPointer(rebasing: all[line.start..<line.end]))
            var text = String(decoding: bytes, as: UTF8.self)
            if var object = (try? JSONReader.parse(bytes))?.objectValue, object["id"]?.stringValue != nil,
               let age = object["age"]?.numberValue?.int64, age >= 0, age <= 120 {
                let day = 1 + rng.below(28), month = 1 + rng.below(12)
                let assessed = rng.chance(0.15) ? CalendarDate(year: 2025, month: 12, day: 1 + rng.below(31))!
                                                : CalendarDate(year: 2026, month: 1 + rng.below(10), day: day)!
                var members: [(key: String, value: JSONValue)] = []
                for m in object.members where m.key != "assessed_on" { members.append(m) }
                members.append(("assessed_on", .string(assessed.description)))
                if rng.chance(0.9) {
                    var years = Int(age)
                    if rng.chance(0.02) { years += rng.chance(0.5) ? 1 : -1 }
                    let beforeBirthday = (month, day) > (assessed.month, assessed.day)
                    let birth = CalendarDate(year: assessed.year - years - (beforeBirthday ? 1 : 0), month: month, day: day)!
                    var h = hetu(born: birth, individual: 2 + rng.below(898), newSigns: rng.chance(0.2))
                    if rng.chance(0.05) { h = h.lowercased() }
                    members.append(("hetu", .string(h)))
                }
                if rng.chance(0.3) { members.append(("municipality", .string(["Jyväskylä", "Närpes", "Pietarsaari", "Mäntsälä"][rng.below(4)]))) }
                if rng.chance(0.06), var flags = object["flags"]?.objectValue {
                    flags.members.append(("care_allowance_highest", .bool(true)))
                    members = members.map { $0.key == "flags" ? ("flags", .object(flags)) : $0 }
                }
                if rng.chance(0.08), var risk = object["risk"]?.objectValue {
                    let marker: (String, JSONValue) = [("housing", JSONValue.string("long_term_homeless")), ("psychiatric_care_12m", .string("inpatient")),
                                                       ("released_from_prison_12m", .bool(true)), ("child_welfare_household", .bool(true))][rng.below(4)]
                    risk.members = risk.members.filter { $0.key != marker.0 } + [marker]
                    if rng.chance(0.3) { risk.members = risk.members.filter { $0.key == marker.0 || rng.chance(0.4) } }
                    members = members.map { $0.key == "risk" ? ("risk", .object(risk)) : $0 }
                }
                object.members = members.reversed()
                text = String(decoding: JSONValue.object(object).canonicalBytes, as: UTF8.self)
                    .replacingOccurrences(of: ",\"", with: ", \"").replacingOccurrences(of: "\":", with: "\": ")
            }
            let s = out.bytes.count
            out.bytes += Array(text.utf8)
            out.lines.append(ChunkLine(kind: .text, start: s, end: out.bytes.count, number: line.number))
        }
    }
    return out
}

/// The fast path on data that looks like production (MODEL-V2 cases with hetus, written by
/// another program) against the simple per-case path, byte for byte.
final class FastPathV2Tests: XCTestCase {
    func testFastPathEqualsTheSimplePathOnForeignV2CasesWithHetus() throws {
        let handler = try makeV1V2Handler()
        let chunk = makeForeignV2Chunk(count: 2500, seed: 31)
        let fast = ChunkProcessor(handler: handler, fastPath: true).process(chunk).bytes.array
        let simple = ChunkProcessor(handler: handler, fastPath: false).process(chunk).bytes.array
        let fastLines = fast.split(separator: 0x0A, omittingEmptySubsequences: false)
        let simpleLines = simple.split(separator: 0x0A, omittingEmptySubsequences: false)
        XCTAssertEqual(fastLines.count, simpleLines.count)
        for (k, (a, b)) in zip(fastLines, simpleLines).enumerated() where a != b {
            XCTFail("line \(k + 1):\nfast   \(String(decoding: a, as: UTF8.self))\nsimple \(String(decoding: b, as: UTF8.self))")
            break
        }
        XCTAssertEqual(fast, simple)
        // The fast reader really took the hetu cases (else this would test the general path twice).
        let text = String(decoding: simple, as: UTF8.self)
        XCTAssertGreaterThan(text.components(separatedBy: "\"pseudonym\"").count, 1700)
        XCTAssertGreaterThan(text.components(separatedBy: "\"version\":\"2.0.0\"").count, 1500)
        XCTAssertGreaterThan(text.components(separatedBy: "\"version\":\"1.0.1\"").count, 200)
        let v2 = handler.criteria.newest
        let parser = CaseLineParser(model: v2, strict: false, today: handler.options.today, acceptsHetu: true)
        var c = ScreeningCase(id: "", age: 0, itemCount: v2.coping.items.count, indicatorCount: v2.risk.indicators.count, flagCount: v2.flags.count)
        var parsed = 0
        chunk.bytes.withUnsafeBytes { all in
            for line in chunk.lines where parser.parse(UnsafeRawBufferPointer(rebasing: all[line.start..<line.end]), into: &c) == .parsed {
                parsed += 1
            }
        }
        XCTAssertGreaterThan(parsed, 1700, "the fast reader takes hetus, odd spacing and key order")
    }

    func testKernelsOnV2() throws {
        let handler = try makeV1V2Handler()
        let chunk = makeForeignV2Chunk(count: 1200, seed: 32)
        func run(kernels: Bool) -> [UInt8] {
            let p = ChunkProcessor(handler: handler)
            p.useKernels = kernels
            return p.process(chunk).bytes.array
        }
        XCTAssertEqual(run(kernels: true), run(kernels: false), "column kernels decide every V2 rule as per-case evaluation does")
    }

    func testCSVColumnsOnV2() throws {
        let handler = try makeV1V2Handler()
        let chunk = makeForeignV2Chunk(count: 800, seed: 33)
        for fields in [RecordCSV.allFields, ["id", "segment", "outcome"], ["id", "automatable", "review"]] {
            let projection = try RecordCSV(fields: fields)
            let fast = ChunkProcessor(handler: handler, output: .csv(projection), fastPath: true).process(chunk).bytes.array
            let simple = ChunkProcessor(handler: handler, output: .csv(projection), fastPath: false).process(chunk).bytes.array
            XCTAssertEqual(String(decoding: fast, as: UTF8.self), String(decoding: simple, as: UTF8.self), "fields \(fields)")
        }
    }

    func testWithoutAKeyEveryHetuIsRefusedOnBothPaths() throws {
        let handler = try makeV1V2Handler(key: nil)
        let chunk = makeForeignV2Chunk(count: 600, seed: 34)
        let fast = ChunkProcessor(handler: handler, fastPath: true).process(chunk).bytes.array
        XCTAssertEqual(fast, ChunkProcessor(handler: handler, fastPath: false).process(chunk).bytes.array)
        XCTAssertGreaterThan(String(decoding: fast, as: UTF8.self).components(separatedBy: "no_pseudonym_key").count, 400)
    }
}

/// The reusable hasher gives libcrypto's one-shot HMAC, for keys shorter and longer than a block.
final class HasherTests: XCTestCase {
    func testHasherEqualsOneShotHMAC() {
        var rng = SplitMix64(seed: 9)
        for keyLength in [1, 7, 32, 63, 64, 65, 200] {
            let key = (0..<keyLength).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let hasher = HMACPseudonymizer(key: key)!.makeHasher()
            for _ in 0..<50 {
                let message = String((0..<11).map { _ in Character(UnicodeScalar(48 + rng.below(43))!) })
                XCTAssertEqual(hasher.hex(message), HMACPseudonymizer(key: key)!.pseudonym(forHetu: message))
            }
        }
    }
}
