import Foundation
@testable import SeulaAudit
import SeulaCore
import SeulaJSON
import SeulaService
import XCTest

/// The logged input: the line without whitespace and without its hetu, and what stands in for it.
final class RedactionTests: XCTestCase {
    let today = CalendarDate(iso: "2026-03-02")!

    func redact(_ line: String) -> (String, InputRedactor.Result)? {
        let out = ByteBuffer(capacity: 64)
        let r = Array(line.utf8).withUnsafeBytes { InputRedactor.redact($0, today: today, into: out) }
        return r.map { (String(decoding: out.array, as: UTF8.self), $0) }
    }

    /// The value with every `hetu` member of the object and of its `case` removed.
    func withoutHetu(_ v: JSONValue) -> JSONValue {
        guard case .object(var o) = v else { return v }
        o.members.removeAll { $0.key == "hetu" }
        for i in o.members.indices where o.members[i].key == "case" {
            if case .object(var c) = o.members[i].value {
                c.members.removeAll { $0.key == "hetu" }
                o.members[i].value = .object(c)
            }
        }
        return .object(o)
    }

    func testGeneratedLinesKeepEverythingButTheHetu() throws {
        var withHetu = 0
        for line in generatedLines(2000, seed: 5, badRate: 0.05) {
            guard let original = try? JSONReader.parse(line) else {
                continue   // a malformed line: its input is never logged
            }
            let out = ByteBuffer(capacity: 64)
            let r = try XCTUnwrap(line.withUnsafeBytes { InputRedactor.redact($0, today: today, into: out) }, String(decoding: line, as: UTF8.self))
            let logged = try JSONReader.parse(out.array)
            XCTAssertEqual(logged, withoutHetu(original), String(decoding: line, as: UTF8.self))
            if let h = original["hetu"], !h.isNull {
                withHetu += 1
                XCTAssertNotNil(r.standIn)
                XCTAssertFalse(String(decoding: out.array, as: UTF8.self).contains("\"hetu\""))
            }
        }
        XCTAssertGreaterThan(withHetu, 1500)
    }

    func testWhitespaceGoesAndMemberOrderStays() throws {
        let (out, r) = try XCTUnwrap(redact(" { \"zz\" : 1 ,\t\"id\" : \"a b\" , \"hetu\" : \"131052-308T\" , \"x\" : [ 1 , { \"hetu\" : 2 } ] } "))
        XCTAssertEqual(out, #"{"zz":1,"id":"a b","x":[1,{"hetu":2}]}"#, "only the case's own hetu goes; nested data is data")
        XCTAssertEqual(r.path, "hetu")
        XCTAssertEqual(r.standIn, .valid(age: 2026 - 1952 - 1))
    }

    func testEscapedKeysDuplicatesAndTheScoreCommand() throws {
        var (out, r) = try XCTUnwrap(redact(#"{"h\u0065tu":"131052-308T","id":"a","hetu":null}"#))
        XCTAssertEqual(out, #"{"id":"a"}"#)
        XCTAssertNil(r.standIn, "the last hetu is the one read, and null is no hetu")
        (out, r) = try XCTUnwrap(redact(#"{"op":"score","hetu":"131052-308T","case":{"id":"c","hetu":"131052-308t","assessed_on":"2002-10-13"},"req":1}"#))
        XCTAssertEqual(out, #"{"op":"score","case":{"id":"c","assessed_on":"2002-10-13"},"req":1}"#)
        XCTAssertEqual(r.path, "case.hetu")
        XCTAssertEqual(r.standIn, .valid(age: 50), "hetu_age on assessed_on: the 50th birthday")
        (out, r) = try XCTUnwrap(redact(#"[1,"131052-308T"]"#))
        XCTAssertEqual(out, #"[1,"131052-308T"]"#, "not a case: nothing is removed (documented: only the hetu field is)")
    }

    func testNotJSONIsNotRedacted() {
        for bad in ["{\"id\":", "{\"hetu\":\"131052-308T\"", "", "{} x", "{\"a\" 1}"] {
            XCTAssertNil(redact(bad), bad)
        }
    }

    /// Every kind of hetu a case can carry: the stand-in logged, and the code made from it when
    /// the case is decided again gives the same answer as the original code.
    func testStandInsReproduceTheAnswerOfTheCode() throws {
        let handler = makeHandler()
        let hetus: [String] = ["131052-308T", "131052-308t", "010594Y9032", "280264-051U", "010101A123J", "010101A123N", "290200A1239",
                               "131052-308A", "1310523-08T", "13105-308T", "AB1052-308T", "131052Q308T", "131052-3X8T",
                               "131052-001T", "310252-308T", "290201A123J", "", "x"]
        let values: [String] = hetus.map { "\"\($0)\"" } + ["131052", "1.5", "true", "[]", "{}", "null"]
        for dated in [true, false] {
            for v in values {
                let line = "{\"id\":\"c\",\"hetu\":\(v),\(dated ? "\"assessed_on\":\"2026-02-28\"," : "")\"age\":40}"
                let (_, r) = try XCTUnwrap(redact(line), line)
                let original = handler.handle(line: Array(line.utf8), lineNumber: 1).bytes
                let replayer = AuditReplayer(criteria: [])
                let stripped = "{\"id\":\"c\",\(dated ? "\"assessed_on\":\"2026-02-28\"," : "")\"age\":40}"
                let rebuilt = try XCTUnwrap(replayer.rebuild(Array(stripped.utf8), r.standIn.map { ($0, r.path) }, today: today), line)
                let p = FixedPseudonymizer()
                if let parsed = try? JSONReader.parse(original), let pseudonym = parsed["pseudonym"]?.stringValue { p.next = pseudonym }
                let again = RequestHandler(criteria: defaultCriteria, options: ScoringOptions(pseudonymizer: p, today: today))
                    .handle(line: rebuilt, lineNumber: 1).bytes
                XCTAssertEqual(String(decoding: again, as: UTF8.self), String(decoding: original, as: UTF8.self), line)
                XCTAssertFalse(String(decoding: rebuilt, as: UTF8.self).contains("131052") && v.contains("131052-308"), "the original code is never rebuilt")
            }
        }
    }

    func testAge29FebruaryAndBirthdays() {
        // hetu_age is whole years on the assessment date; the stand-in code gives the same.
        for (hetu, date, age) in [("290200A1239", "2026-02-28", 26), ("290200A1239", "2026-02-27", 25), ("290200A1239", "2028-02-29", 28),
                                  ("131052-308T", "2002-10-13", 50), ("131052-308T", "2002-10-12", 49)] {
            let line = "{\"id\":\"c\",\"hetu\":\"\(hetu)\",\"assessed_on\":\"\(date)\"}"
            XCTAssertEqual(redact(line)?.1.standIn, .valid(age: age), line)
            let s = HetuStandIn.valid(age: age).surrogate(assessedOn: CalendarDate(iso: date)!)
            guard case .string(let code)? = s, let birth = Hetu.birthDate(code) else { return XCTFail("\(line): no stand-in code") }
            XCTAssertEqual(CalendarDate(iso: date)!.wholeYears(since: birth), age, line)
        }
    }

    func testHetuShapedText() {
        func shaped(_ t: String) -> Bool { Array(t.utf8).withUnsafeBytes { InputRedactor.containsHetuShape($0) } }
        for yes in ["131052-308T", "x 131052-308t.", "\"280264-051X\"", "010101a123j", "[\"290200A1239\"]", "131052+308T"] {
            XCTAssertTrue(shaped(yes), yes)
        }
        for no in ["2026-04-06", "1310521-308T", "131052-308TT", "a131052-308T", "131052-3X8T", "131052Q308T", "13105-308T", "",
                   "93cdc28554056fcc55bca7af325de280ed6d6b8f1c2f69b3b0a175e2fb9775f2"] {
            XCTAssertFalse(shaped(no), no)
        }
    }

    /// A code anywhere but in the `hetu` member — inside an array, in a field the contract does
    /// not know, as the id — withholds the whole input; the answer is still logged.
    func testAnInputWithACodeElsewhereIsWithheld() throws {
        let path = scratchDirectory(self) + "/log"
        let lines = [#"[{"id":"a","hetu":"131052-308T","age":30}]"#, #"{"id":"b","age":30,"notes":"called 131052-308T"}"#,
                     #"{"id":"131052-308T","age":30}"#, #"{"id":"c","age":30,"hetu":"131052-308T"}"#].map { Array($0.utf8) }
        try writeLog(path, lines, handler: makeHandler())
        let text = String(decoding: readBytes(path), as: UTF8.self)
        // Once: the third answer echoes the id it was given, and the log keeps answers as they
        // were written (the documented limit: a client must not use a code as the id or req).
        XCTAssertEqual(text.components(separatedBy: "131052-308T").count - 1, 1)
        let entries = splitLines(readBytes(path)).compactMap { l in l.withUnsafeBytes { AuditEntry.parse($0, logLine: 0) } }.filter { $0.kind == "answer" }
        XCTAssertEqual(entries.map(\.inputWithheld), [true, true, true, false])
        XCTAssertEqual(entries.map { $0.input == nil }, [true, true, true, false])
        let report = try XCTUnwrap(AuditReplayer(criteria: defaultModelPaths.map { AuditReplayer.Criteria(path: $0, model: try! ModelFile.load($0)) })
            .replay(path).success)
        XCTAssertEqual(report.skipped.first?.count, 3)
        XCTAssertTrue(report.skipped.first?.reason.contains("shaped like a personal identity code") == true)
        XCTAssertEqual(report.reproduced.values.reduce(0, +), 1)
    }
}
