import Foundation
import SeulaCore
import SeulaJSON
import SeulaService
import XCTest

/// Generated streams through the built binary: every line answered once, in order, with the
/// right line numbers and ids; valid answers identical to the simple in-process path.
final class StreamTests: XCTestCase {
    /// Valid cases (the decision-table fixtures, varied) and malformed lines of every kind.
    static func makeStream(lines: Int, badRate: Double, seed: UInt64) throws -> (bytes: [UInt8], kinds: [String]) {
        let fixture = try String(contentsOf: packageRoot.appendingPathComponent("Tests/Fixtures/decisions.jsonl"), encoding: .utf8)
        let bases: [JSONObject] = try fixture.split(separator: "\n").compactMap {
            let row = try JSONReader.parse(String($0))
            guard row["expect"]?["error"] == nil, row["case"]?["hetu"]?.stringValue == nil else { return nil }
            return row["case"]!.objectValue!
        }
        let malformed: [(String, (Int) -> [UInt8])] = [
            ("not json", { _ in Array("this is not json".utf8) }),
            ("truncated", { i in Array("{\"id\":\"m\(i)\",\"age\":4".utf8) }),
            ("invalid utf8", { i in Array("{\"id\":\"m\(i)\",\"age\":40,\"language\":\"".utf8) + [0xFF, 0xFE] + Array("\"}".utf8) }),
            ("array", { _ in Array("[1,2,3]".utf8) }),
            ("number", { _ in Array("42".utf8) }),
            ("missing id", { _ in Array("{\"age\":40}".utf8) }),
            ("null id", { _ in Array("{\"id\":null,\"age\":40}".utf8) }),
            ("number id", { _ in Array("{\"id\":17,\"age\":40}".utf8) }),
            ("long id", { _ in Array("{\"id\":\"\(String(repeating: "x", count: 129))\",\"age\":40}".utf8) }),
            ("age float", { i in Array("{\"id\":\"m\(i)\",\"age\":30.0}".utf8) }),
            ("age bool", { i in Array("{\"id\":\"m\(i)\",\"age\":true}".utf8) }),
            ("age 121", { i in Array("{\"id\":\"m\(i)\",\"age\":121}".utf8) }),
            ("item 5", { i in Array("{\"id\":\"m\(i)\",\"age\":40,\"coping\":{\"paying_bills\":5}}".utf8) }),
            ("item text", { i in Array("{\"id\":\"m\(i)\",\"age\":40,\"coping\":{\"paying_bills\":\"2\"}}".utf8) }),
            ("castle", { i in Array("{\"id\":\"m\(i)\",\"age\":40,\"risk\":{\"housing\":\"castle\"}}".utf8) }),
            ("flag yes", { i in Array("{\"id\":\"m\(i)\",\"age\":40,\"flags\":{\"disability\":\"yes\"}}".utf8) }),
            ("bad date", { i in Array("{\"id\":\"m\(i)\",\"age\":40,\"assessed_on\":\"2024-02-30\"}".utf8) }),
            ("deep", { _ in Array((String(repeating: "[", count: 300) + String(repeating: "]", count: 300)).utf8) }),
            ("huge number", { i in Array("{\"id\":\"m\(i)\",\"age\":1e400}".utf8) }),
            ("blank", { _ in [] }),
            ("whitespace", { _ in Array("  \t  ".utf8) }),
            ("hetu", { i in Array("{\"id\":\"m\(i)\",\"age\":40,\"hetu\":\"131052-308T\"}".utf8) }),
            ("command", { i in Array("{\"op\":\"ping\",\"req\":\(i)}".utf8) }),
            ("unknown op", { i in Array("{\"op\":\"fly\",\"req\":\(i)}".utf8) }),
        ]
        var rng = SplitMix64(seed: seed)
        var out: [UInt8] = []
        var kinds: [String] = []
        out.reserveCapacity(lines * 700)
        for i in 0..<lines {
            if rng.chance(badRate) {
                let (kind, make) = malformed[rng.below(malformed.count)]
                out += make(i)
                kinds.append(kind)
            } else {
                var members = bases[rng.below(bases.count)].members.filter { $0.key != "id" }
                members.insert(("id", .string("c\(i)")), at: 0)
                // Vary the answers so the decisions vary.
                if let k = members.firstIndex(where: { $0.key == "coping" }), let coping = members[k].value.objectValue {
                    members[k].value = .object(JSONObject(coping.members.map { m in
                        m.value.isNull || rng.chance(0.6) ? m : (m.key, .number(JSONNumber(rng.below(5))))
                    }))
                }
                out += JSONValue.object(JSONObject(members)).canonicalBytes
                kinds.append("valid")
            }
            out.append(0x0A)
        }
        return (out, kinds)
    }

    /// A long stream (40 000 lines in a debug build; the benchmarks stream millions through the
    /// release build).
    func testALongStreamWithMalformedLines() throws {
        let n = 40_000
        let (input, kinds) = try Self.makeStream(lines: n, badRate: 0.10, seed: 42)
        let r = try runSeula(["serve", "--today", "2025-06-01"], input: input)
        XCTAssertEqual(r.status, 0, r.err)
        let answers = r.out.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        let blanks = kinds.filter { $0 == "blank" || $0 == "whitespace" }.count
        XCTAssertEqual(answers.count, n - blanks, "exactly one answer per non-blank line")
        XCTAssertTrue(Set(kinds).count >= 24, "every kind of malformed line occurs")

        // The simple in-process path, line by line.
        let model = try ModelFile.load(defaultModelPath)
        let handler = RequestHandler(criteria: CriteriaSet(single: model), options: ScoringOptions(today: CalendarDate(year: 2025, month: 6, day: 1)!))
        var lineStart = 0
        var answerIndex = 0
        var compared = 0
        input.withUnsafeBytes { all in
            for lineNumber in 1...n {
                var end = lineStart
                while all[end] != 0x0A { end += 1 }
                let line = UnsafeRawBufferPointer(rebasing: all[lineStart..<end])
                lineStart = end + 1
                let kind = kinds[lineNumber - 1]
                if kind == "blank" || kind == "whitespace" { continue }
                let got = Array(answers[answerIndex].utf8)
                answerIndex += 1
                let simple = handler.handle(line: line, lineNumber: lineNumber)
                if kind == "valid" {
                    XCTAssertEqual(got, simple.bytes, "line \(lineNumber): the fast path differs from the simple path")
                    compared += 1
                } else if let a = try? JSONReader.parse(got), a["error"] != nil {
                    XCTAssertEqual(a["line"], .number(JSONNumber(lineNumber)), "line number of a \(kind) line")
                    XCTAssertEqual(got, simple.bytes, "line \(lineNumber) (\(kind))")
                }
            }
        }
        XCTAssertGreaterThan(compared, n * 8 / 10)
    }

    func testScoreWritesTheSameBytesAsServeAndCSVMatchesJSONL() throws {
        let (input, _) = try Self.makeStream(lines: 10_000, badRate: 0.05, seed: 7)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("seula-score-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let inFile = dir.appendingPathComponent("in.jsonl")
        try Data(input).write(to: inFile)
        let served = try runSeula(["serve", "--today", "2025-06-01"], input: input)
        let outFile = dir.appendingPathComponent("out.jsonl")
        let scored = try runSeula(["score", inFile.path, "-o", outFile.path, "--today", "2025-06-01"])
        XCTAssertEqual(scored.status, 0, scored.err)
        XCTAssertEqual(try String(contentsOf: outFile, encoding: .utf8), served.out, "score writes the bytes serve writes")
        XCTAssertTrue(scored.err.contains("rejected"), "a per-code summary on stderr")
        XCTAssertFalse(FileManager.default.fileExists(atPath: outFile.path + ".tmp-\(getpid())"))
        // CSV output: one row per answer, with the chosen fields.
        let csvFile = dir.appendingPathComponent("out.csv")
        let csv = try runSeula(["score", inFile.path, "-o", csvFile.path, "--fields", "id,segment,outcome,services", "--today", "2025-06-01"])
        XCTAssertEqual(csv.status, 0, csv.err)
        let rows = try String(contentsOf: csvFile, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(rows.first, "id,segment,outcome,services")
        XCTAssertEqual(rows.count - 1, served.out.split(separator: "\n").count)
        let firstRecord = try JSONReader.parse(String(served.out.split(separator: "\n")[0]))
        if firstRecord["ok"] == .bool(true) {
            let services = firstRecord["services"]!.arrayValue!.map { $0["product"]!.stringValue! }.joined(separator: ";")
            XCTAssertEqual(String(rows[1]), "\(firstRecord["id"]!.stringValue!),\(firstRecord["segment"]!.stringValue!),\(firstRecord["outcome"]!["level"]!.stringValue!),\(services)")
        }
    }

    func testCSVInputGivesTheSameDecisionsAsJSONL() throws {
        let header = "id,age,household.children,coping.paying_bills,coping.loneliness,coping.getting_out,risk.housing,risk.debt,flags.care_leaver"
        let csv = [header,
                   "a1,40,0,3,2,2,stable,payment_default,false",
                   "a2,20,,1,,,homeless,,true",
                   "a3,forty,0,1,1,1,stable,none,false",
                   "\"a,4\",50,2,4,4,4,arrears_or_eviction,enforcement,"].joined(separator: "\n") + "\n"
        let jsonl = [
            "{\"id\":\"a1\",\"age\":40,\"household\":{\"children\":0},\"coping\":{\"paying_bills\":3,\"loneliness\":2,\"getting_out\":2},\"risk\":{\"housing\":\"stable\",\"debt\":\"payment_default\"},\"flags\":{\"care_leaver\":false}}",
            "{\"id\":\"a2\",\"age\":20,\"coping\":{\"paying_bills\":1},\"risk\":{\"housing\":\"homeless\"},\"flags\":{\"care_leaver\":true}}",
            "{\"id\":\"a3\",\"age\":\"forty\",\"household\":{\"children\":0},\"coping\":{\"paying_bills\":1,\"loneliness\":1,\"getting_out\":1},\"risk\":{\"housing\":\"stable\",\"debt\":\"none\"},\"flags\":{\"care_leaver\":false}}",
            "{\"id\":\"a,4\",\"age\":50,\"household\":{\"children\":2},\"coping\":{\"paying_bills\":4,\"loneliness\":4,\"getting_out\":4},\"risk\":{\"housing\":\"arrears_or_eviction\",\"debt\":\"enforcement\"}}",
        ].joined(separator: "\n") + "\n"
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("seula-csv-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try csv.write(to: dir.appendingPathComponent("in.csv"), atomically: true, encoding: .utf8)
        let fromCSV = try runSeula(["score", dir.appendingPathComponent("in.csv").path, "--today", "2025-06-01"])
        let fromJSONL = try runSeula(["serve", "--today", "2025-06-01"], input: Array(jsonl.utf8))
        XCTAssertEqual(fromCSV.status, 0, fromCSV.err)
        let a = fromCSV.out.split(separator: "\n"), b = fromJSONL.out.split(separator: "\n")
        XCTAssertEqual(a.count, 4)
        for i in [0, 1, 3] { XCTAssertEqual(a[i], b[i], "row \(i + 2)") }
        let bad = try JSONReader.parse(String(a[2]))
        XCTAssertEqual(bad["error"]?["code"], .string("invalid_type"))
        XCTAssertEqual(bad["line"], .number(JSONNumber(4)), "CSV data rows are numbered from line 2")
    }
}
