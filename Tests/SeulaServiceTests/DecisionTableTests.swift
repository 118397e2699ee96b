import Foundation
import SeulaCore
import SeulaJSON
import SeulaService
import XCTest

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A handler on the default model, with a pseudonym key, deciding as of 2025-06-01.
func makeHandler(strict: Bool = false, key: String? = "test-key") throws -> RequestHandler {
    let path = packageRoot.appendingPathComponent("models/seula-v1.json").path
    let model = try ModelFile.load(path)
    let options = ScoringOptions(strict: strict, pseudonymizer: key.flatMap { HMACPseudonymizer(key: Array($0.utf8)) },
                                 today: CalendarDate(year: 2025, month: 6, day: 1)!)
    return RequestHandler(criteria: CriteriaSet(single: model), options: options)
}

/// The table-driven decision tests: `Tests/Fixtures/decisions.jsonl`, one case per line with
/// its expected segment, outcome, overrides, products (in rank order), referrals, urgency and
/// review — or its expected error code and path. Written by hand from MODEL-V1.md.
final class DecisionTableTests: XCTestCase {
    func testDecisionTable() throws {
        let handler = try makeHandler()
        let text = try String(contentsOf: packageRoot.appendingPathComponent("Tests/Fixtures/decisions.jsonl"), encoding: .utf8)
        var rows = 0
        var productsSeen = Set<String>(), overridesSeen = Set<String>(), referralsSeen = Set<String>(), codesSeen = Set<String>()
        for (n, line) in text.split(separator: "\n").enumerated() {
            let row = try JSONReader.parse(String(line))
            let name = row["name"]!.stringValue!
            let caseBytes = row["case"]!.canonicalBytes
            let answer = handler.handle(line: caseBytes, lineNumber: n + 1)
            let out = try JSONReader.parse(answer.bytes)
            let expect = row["expect"]!
            rows += 1
            if let error = expect["error"] {
                XCTAssertEqual(out["ok"], .bool(false), "\(name): expected an error, got \(String(decoding: answer.bytes, as: UTF8.self))")
                XCTAssertEqual(out["error"]?["code"], error["code"], "\(name)")
                XCTAssertEqual(out["error"]?["path"], error["path"], "\(name)")
                XCTAssertEqual(out["line"], .number(JSONNumber(n + 1)), "\(name)")
                codesSeen.insert(error["code"]!.stringValue!)
                continue
            }
            guard out["ok"] == .bool(true) else {
                XCTFail("\(name): \(String(decoding: answer.bytes, as: UTF8.self))")
                continue
            }
            XCTAssertEqual(out["segment"], expect["segment"], "\(name) segment")
            XCTAssertEqual(out["outcome"]?["level"], expect["outcome"], "\(name) outcome")
            XCTAssertEqual(out["outcome"]?["computed"], expect["computed"], "\(name) computed outcome")
            let overrides = out["outcome"]!["overrides"]!.arrayValue!.map { $0["rule"]!.stringValue! }
            XCTAssertEqual(overrides, expect["overrides"]!.arrayValue!.map { $0.stringValue! }, "\(name) overrides")
            let products = out["services"]!.arrayValue!.map { $0["product"]!.stringValue! }
            XCTAssertEqual(products, expect["products"]!.arrayValue!.map { $0.stringValue! }, "\(name) products in rank order")
            let referrals = out["referrals"]!.arrayValue!.map { $0["to"]!.stringValue! }
            XCTAssertEqual(referrals, expect["referrals"]!.arrayValue!.map { $0.stringValue! }, "\(name) referrals")
            XCTAssertEqual(out["urgency"], expect["urgency"], "\(name) urgency")
            XCTAssertEqual(out["review"]?["reasons"], expect["review"], "\(name) review")
            if let provisions = expect["provisions"]?.objectValue {
                for (product, provision) in provisions.members {
                    let s = out["services"]!.arrayValue!.first { $0["product"]?.stringValue == product }
                    XCTAssertEqual(s?["provision"], provision, "\(name) provision of \(product)")
                }
            }
            XCTAssertNil(out["hetu"], "\(name): a hetu is never echoed")
            XCTAssertFalse(String(decoding: answer.bytes, as: UTF8.self).contains("131052-308T"))
            if row["case"]?["hetu"]?.stringValue != nil {
                XCTAssertEqual(out["pseudonym"]?.stringValue?.count, 64, "\(name): pseudonym")
            } else {
                XCTAssertNil(out["pseudonym"])
            }
            productsSeen.formUnion(products)
            overridesSeen.formUnion(overrides)
            referralsSeen.formUnion(referrals)
        }
        XCTAssertEqual(rows, 61)
        let model = handler.criteria.newest
        XCTAssertEqual(productsSeen, Set(model.products.map(\.id)), "the table covers every product")
        XCTAssertEqual(overridesSeen, Set(model.overrides.map(\.id)), "the table covers every override")
        XCTAssertEqual(referralsSeen, Set(model.referrals.map(\.id)), "the table covers every referral")
        XCTAssertEqual(codesSeen, ["missing_field", "invalid_type", "out_of_range", "invalid_hetu"])
    }
}

/// The error codes that belong to a line rather than a case field.
final class LineErrorTests: XCTestCase {
    func answer(_ handler: RequestHandler, _ text: String, line: Int = 7) throws -> JSONValue {
        try JSONReader.parse(handler.handle(line: Array(text.utf8), lineNumber: line).bytes)
    }

    func testLineLevelCodes() throws {
        let h = try makeHandler()
        let broken = try answer(h, "{\"id\":\"abc\",\"age\":")
        XCTAssertEqual(broken["error"]?["code"], .string("invalid_json"))
        XCTAssertEqual(broken["id"], .string("abc"), "the id is recovered from a broken line")
        XCTAssertEqual(broken["line"], .number(JSONNumber(7)))
        XCTAssertEqual(try answer(h, "[1,2]")["error"]?["code"], .string("not_an_object"))
        XCTAssertEqual(try answer(h, "{\"op\":\"fly\",\"req\":4}")["error"]?["code"], .string("unknown_op"))
        XCTAssertEqual(try answer(h, "{\"op\":\"fly\",\"req\":4}")["req"], .number(JSONNumber(4)))
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        XCTAssertEqual(try answer(h, deep)["error"]?["code"], .string("invalid_json"))
        var bad: [UInt8] = Array("{\"id\":\"x\",\"age\":3".utf8)
        bad.append(0xFF)
        bad += Array("}".utf8)
        let utf8 = try JSONReader.parse(h.handle(line: bad, lineNumber: 1).bytes)
        XCTAssertEqual(utf8["error"]?["code"], .string("invalid_json"))
        let long = try JSONReader.parse(RequestHandler.lineTooLong(lineNumber: 3, limit: 10, id: "q").bytes)
        XCTAssertEqual(long["error"]?["code"], .string("line_too_long"))
        XCTAssertEqual(long["id"], .string("q"))
    }

    func testStrictModeRejectsUnknownFields() throws {
        let lenient = try makeHandler()
        let strict = try makeHandler(strict: true)
        let text = "{\"id\":\"s1\",\"age\":40,\"coping\":{\"paying_billz\":2}}"
        XCTAssertEqual(try answer(lenient, text)["ok"], .bool(true))
        let e = try answer(strict, text)
        XCTAssertEqual(e["error"]?["code"], .string("unknown_field"))
        XCTAssertEqual(e["error"]?["path"], .string("coping.paying_billz"))
        XCTAssertEqual(try answer(strict, "{\"id\":\"s2\",\"age\":40,\"shoe_size\":44}")["error"]?["path"], .string("shoe_size"))
    }

    func testHetuWithoutKeyIsRefusedNotDropped() throws {
        let h = try makeHandler(key: nil)
        let e = try answer(h, "{\"id\":\"h1\",\"age\":40,\"hetu\":\"131052-308T\"}")
        XCTAssertEqual(e["error"]?["code"], .string("no_pseudonym_key"))
        XCTAssertEqual(e["error"]?["path"], .string("hetu"))
        XCTAssertEqual(e["id"], .string("h1"))
        XCTAssertFalse(e.canonicalString.contains("131052"))
        XCTAssertEqual(try answer(h, "{\"id\":\"h2\",\"age\":40}")["ok"], .bool(true), "no hetu, no key needed")
    }

    func testPseudonymIsKeyedAndStable() throws {
        let a = try makeHandler(key: "k1"), b = try makeHandler(key: "k2")
        let text = "{\"id\":\"p\",\"age\":40,\"hetu\":\"131052-308t\"}"
        let p1 = try answer(a, text)["pseudonym"], p2 = try answer(a, text)["pseudonym"], p3 = try answer(b, text)["pseudonym"]
        XCTAssertEqual(p1, p2)
        XCTAssertNotEqual(p1, p3)
        // HMAC-SHA256("k1", "131052-308T"), computed independently with Python's hmac module.
        XCTAssertEqual(p1, .string(hmacReference))
    }

    func testCommands() throws {
        let h = try makeHandler()
        XCTAssertEqual(try answer(h, "{\"op\":\"ping\",\"req\":\"r1\"}").canonicalString, "{\"ok\":true,\"pong\":true,\"req\":\"r1\"}")
        let m = try answer(h, "{\"op\":\"model\"}")
        XCTAssertEqual(m["model"]?["version"], .string("1.0.1"))
        XCTAssertEqual(m["model"]?["products"]?.arrayValue?.count, 38)
        XCTAssertEqual(m["model"]?["sha256"]?.stringValue?.count, 64)
        let s = try answer(h, "{\"op\":\"score\",\"case\":{\"id\":\"c\",\"age\":30},\"explain\":true,\"req\":9}")
        XCTAssertEqual(s["req"], .number(JSONNumber(9)))
        XCTAssertNotNil(s["trace"]?["rules"])
        XCTAssertEqual(try answer(h, "{\"op\":\"score\"}")["error"]?["code"], .string("missing_field"))
        XCTAssertEqual(try answer(h, "{\"op\":\"ping\",\"req\":[1]}")["error"]?["path"], .string("req"))
        XCTAssertEqual(try answer(h, "{\"op\":\"stats\"}")["stats"]?["lines"], .number(JSONNumber(0)))
    }
}

/// HMAC-SHA256 with key "k1" of "131052-308T", from Python: hmac.new(b'k1', b'131052-308T', hashlib.sha256).hexdigest()
let hmacReference = "3f608fc1181e44202fb2482cf721ec6a1f28834467adc10672752173d0c8aa3d"
