import Foundation
import SeulaCore
import SeulaFormats
import SeulaJSON
import SeulaService
import XCTest

/// CSV as Excel in Finland writes it (issue 13): `;`, a UTF-8 byte-order mark, CRLF, `TRUE` /
/// `FALSE` (and `TOSI` / `EPÄTOSI`), decimal comma, lists joined with `, `, a quoted cell with a
/// line break, and ids that a spreadsheet would run as formulas.
///
/// `Tests/Fixtures/excel/caseload-excel-fi.csv` is ten labelled cases in that dialect;
/// `caseload-comma.csv` is the same cases in the comma dialect (RFC 4180, LF, `true`/`false`,
/// `1`/`0`, decimal point, services joined with `;`), line for line, so every answer — error
/// answers with their line numbers included — must be the same bytes.
final class ExcelCSVTests: XCTestCase {
    func canonical(_ v: JSONValue) -> String {
        var w = JSONWriter()
        w.value(v)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    let fixtures = packageRoot.appendingPathComponent("Tests/Fixtures/excel")
    var excelPath: String { fixtures.appendingPathComponent("caseload-excel-fi.csv").path }
    var commaPath: String { fixtures.appendingPathComponent("caseload-comma.csv").path }

    func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    /// The fixture is what it says it is (so the other tests test what they claim to).
    func testTheFixtureIsWrittenTheWayExcelWritesIt() throws {
        let excel = try bytes(excelPath)
        XCTAssertEqual(Array(excel.prefix(3)), [0xEF, 0xBB, 0xBF], "a byte-order mark")
        let text = String(decoding: excel.dropFirst(3), as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("id;assessed_on;age;"))
        XCTAssertTrue(text.contains("\r\n"))
        XCTAssertFalse(text.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        XCTAssertTrue(text.contains(";TRUE;") && text.contains(";FALSE;") && text.contains(";TOSI;") && text.contains(";EPÄTOSI;"))
        XCTAssertTrue(text.contains(";62,0;"), "a decimal comma")
        XCTAssertTrue(text.contains("\"Helsinki\nKallio\""), "a quoted cell with a line break (LF inside, as Excel writes it)")
        XCTAssertTrue(text.contains("\"=HYPERLINK(") && text.contains("\n@SUM(1+1);") && text.contains("\n-2+3;"), "formula-looking ids")
        XCTAssertTrue(text.contains(", "), "services joined with ', '")
    }

    /// Read through the CSV reader, the Excel file gives the same case objects as the comma
    /// file, record for record, with the same line numbers.
    func testTheExcelFileReadsAsTheCommaFile() throws {
        let model = try ModelFile.load(packageRoot.appendingPathComponent("models/seula-v2.json").path)
        func records(_ path: String) throws -> [(Int, Int, String)] {
            let all = try bytes(path)
            let firstEnd = all.firstIndex(of: 0x0A)!
            var header = Array(all[..<firstEnd])
            if header.last == 0x0D { header.removeLast() }
            let reader = try header.withUnsafeBytes { b throws(CaseError) in try CaseCSVReader(headerLine: b, model: model) }
            var splitter = CSVRecordSplitter(maxRecordBytes: 1 << 20, linesBefore: 1, delimiter: reader.delimiter)
            var out: [(Int, Int, String)] = []
            let visit = { (e: CSVRecordSplitter.Event) in
                guard case .record(let first, let last, let record) = e else { return XCTFail("\(path): \(e)") }
                let fields = reader.fields(record)!
                switch reader.object(fields) {
                case .success(let v): out.append((first, last, self.canonical(v)))
                case .failure(let e): XCTFail("\(path) line \(first): \(e)")
                }
            }
            Array(all[(firstEnd + 1)...]).withUnsafeBytes { splitter.feed($0, visit) }
            splitter.finish(visit)
            return out
        }
        let excel = try records(excelPath), comma = try records(commaPath)
        XCTAssertEqual(excel.count, 10)
        XCTAssertEqual(excel.map(\.0), comma.map(\.0), "first lines")
        XCTAssertEqual(excel.map(\.1), comma.map(\.1), "last lines")
        // The one difference: a 12-month outcome written TRUE/FALSE reads as the JSON true/false
        // a JSON-lines client would send for it (the label reader takes both as 1/0).
        for (e, c) in zip(excel, comma) {
            let asNumbers = e.2.replacingOccurrences(of: "\"outcome_12m\":true", with: "\"outcome_12m\":1")
                .replacingOccurrences(of: "\"outcome_12m\":false", with: "\"outcome_12m\":0")
            XCTAssertEqual(asNumbers, c.2, "line \(e.0)")
        }
        XCTAssertTrue(excel[2].2.contains("\"outcome_12m\":true"), excel[2].2)
        // The multi-line cell is one record over lines 3-4, its line break kept.
        XCTAssertEqual(excel[1].0, 3)
        XCTAssertEqual(excel[1].1, 4)
        XCTAssertTrue(excel[1].2.contains("\"municipality\":\"Helsinki\\nKallio\""), excel[1].2)
        // TRUE is true, the 12-month outcome TRUE is true as well (the label reader takes it as 1).
        XCTAssertTrue(excel[1].2.contains("\"single_parent\":false"), excel[1].2)
        // 62,0 is the number 62.0, which is not a whole number: invalid_type, as 62.0 is.
        XCTAssertTrue(excel[2].2.contains("\"age\":62"), excel[2].2)
    }

    /// `seula score` gives the same answers, byte for byte, for the two files — on the fast path
    /// and the simple one — and so do the evaluators.
    func testScoreAndEvaluateGiveTheSameAnswersForBothDialects() throws {
        for extra in [[], ["--simple"]] {
            let e = try runSeula(["score", excelPath, "--today", "2026-03-01"] + extra)
            let c = try runSeula(["score", commaPath, "--today", "2026-03-01"] + extra)
            XCTAssertEqual(e.status, 0, e.err)
            XCTAssertEqual(e.out, c.out, "\(extra)")
            let lines = e.out.split(separator: "\n")
            XCTAssertEqual(lines.count, 10)
            XCTAssertEqual(lines.filter { $0.contains("\"ok\":false") }.count, 1, e.out)
            XCTAssertTrue(lines[2].contains("\"invalid_type\"") && lines[2].contains("\"line\":5"), String(lines[2]))
            XCTAssertTrue(e.err.contains("10 rows: 9 scored, 1 rejected"), e.err)
        }
        let e = try runSeula(["evaluate", excelPath, "--bootstrap", "0", "--json"])
        let c = try runSeula(["evaluate", commaPath, "--bootstrap", "0", "--json"])
        XCTAssertEqual(e.status, 0, e.err)
        var a = try JSONReader.parse(e.out.trimmingCharacters(in: .newlines)), b = try JSONReader.parse(c.out.trimmingCharacters(in: .newlines))
        a = Self.withoutInputHash(a)
        b = Self.withoutInputHash(b)
        XCTAssertEqual(canonical(a), canonical(b))
        XCTAssertEqual(a["data"]?["evaluated"]?.numberValue?.int64, 9, String(e.out.prefix(300)))
    }

    /// The evaluation without the input file's sha256 (the files differ, the cases do not).
    static func withoutInputHash(_ v: JSONValue) -> JSONValue {
        guard case .object(let o) = v else { return v }
        var members: [(key: String, value: JSONValue)] = []
        for (k, x) in o.members {
            if k == "data", case .object(let d) = x {
                members.append((k, .object(JSONObject(d.members.filter { $0.key != "sha256" }))))
            } else {
                members.append((k, x))
            }
        }
        return .object(JSONObject(members))
    }

    /// A file with a byte-order mark and CRLF line ends reads exactly as the same file without.
    func testByteOrderMarkAndCRLFChangeNothing() throws {
        let comma = try bytes(commaPath)
        var crlf: [UInt8] = [0xEF, 0xBB, 0xBF]
        for b in comma { if b == 0x0A { crlf.append(0x0D) }; crlf.append(b) }
        let plain = try runSeula(["score", "-", "--today", "2026-03-01"], input: comma)
        let marked = try runSeula(["score", "-", "--today", "2026-03-01"], input: crlf)
        XCTAssertEqual(plain.status, 0, plain.err)
        XCTAssertEqual(plain.out, marked.out)
        // And a tab-separated file, sniffed from its header: the comma file's cells written again
        // with tabs (quoted where a cell holds a tab, a quote or a line break).
        var tsv: [UInt8] = []
        var splitter = CSVRecordSplitter(maxRecordBytes: 1 << 20, delimiter: UInt8(ascii: ","))
        let rewrite = { (e: CSVRecordSplitter.Event) in
            guard case .record(_, _, let r) = e else { return XCTFail("\(e)") }
            let cells = CaseCSVReader.fields(r, delimiter: UInt8(ascii: ","))!
            for (i, cell) in cells.enumerated() {
                if i > 0 { tsv.append(0x09) }
                if cell.contains(where: { $0 == "\t" || $0 == "\"" || $0 == "\n" }) {
                    tsv += Array(("\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"").utf8)
                } else {
                    tsv += Array(cell.utf8)
                }
            }
            tsv.append(0x0A)
        }
        comma.withUnsafeBytes { splitter.feed($0, rewrite) }
        splitter.finish(rewrite)
        XCTAssertTrue(tsv.contains(0x09))
        let tab = try runSeula(["score", "-", "--today", "2026-03-01", "--format", "csv"], input: tsv)
        XCTAssertEqual(tab.out, plain.out, tab.err)
    }

    /// `--csv excel` output: the mark, `;`, CRLF, decimal comma, lists joined with `, `, ids that
    /// look like formulas neutralised; read back with the CSV reader it holds the same decisions
    /// as `--csv comma`.
    func testExcelOutputRoundTripsThroughTheCSVReader() throws {
        let fields = "id,ok,line,segment,outcome,coping,risk,margin_coping,services,review,error,error_message"
        let e = try runSeula(["score", excelPath, "--today", "2026-03-01", "--csv", "excel", "-o", "-", "--fields", fields])
        let c = try runSeula(["score", excelPath, "--today", "2026-03-01", "--csv", "comma", "-o", "-", "--fields", fields])
        XCTAssertEqual(e.status, 0, e.err)
        let excel = Array(e.out.utf8)
        XCTAssertEqual(Array(excel.prefix(3)), [0xEF, 0xBB, 0xBF])
        let body = String(decoding: excel.dropFirst(3), as: UTF8.self)
        XCTAssertTrue(body.hasPrefix(fields.replacingOccurrences(of: ",", with: ";") + "\r\n"), String(body.prefix(200)))
        XCTAssertTrue(body.hasSuffix("\r\n"))
        XCTAssertFalse(c.out.contains("\r"))

        func rows(_ text: [UInt8]) -> [[String]] {
            var out: [[String]] = []
            text.withUnsafeBytes { all in
                var start = 0
                if all.count >= 3, all[0] == 0xEF { start = 3 }
                let header = UnsafeRawBufferPointer(rebasing: all[start..<all.count])
                let delimiter = CSVDialect.sniffDelimiter(UnsafeRawBufferPointer(rebasing: header[0..<header.firstIndex(of: 0x0A)!]))
                var splitter = CSVRecordSplitter(maxRecordBytes: 1 << 20, delimiter: delimiter)
                let visit = { (ev: CSVRecordSplitter.Event) in
                    guard case .record(_, _, let r) = ev else { return XCTFail("\(ev)") }
                    out.append(CaseCSVReader.fields(r, delimiter: delimiter)!)
                }
                splitter.feed(header, visit)
                splitter.finish(visit)
            }
            return out
        }
        let er = rows(excel), cr = rows(Array(c.out.utf8))
        XCTAssertEqual(er.count, 11)
        XCTAssertEqual(er.count, cr.count)
        let column = Dictionary(uniqueKeysWithValues: er[0].enumerated().map { ($1, $0) })
        XCTAssertEqual(er[0], cr[0])
        for (x, y) in zip(er.dropFirst(), cr.dropFirst()) {
            for (name, k) in column {
                switch name {
                case "coping", "risk", "margin_coping":
                    XCTAssertEqual(x[k].replacingOccurrences(of: ",", with: "."), y[k], name)
                    XCTAssertFalse(x[k].contains("."), "decimal comma in \(name): \(x[k])")
                case "services", "review":
                    XCTAssertEqual(x[k].components(separatedBy: ", "), y[k].split(separator: ";", omittingEmptySubsequences: false).map(String.init), name)
                default:
                    XCTAssertEqual(x[k], y[k], name)
                }
            }
        }
        // The formula-looking ids come back with the quote in front that keeps them text.
        let ids = er.dropFirst().map { $0[column["id"]!] }
        XCTAssertEqual(ids[0], "'=HYPERLINK(\"http://example.invalid/?leak\";\"open me\")")
        XCTAssertTrue(ids.contains("'@SUM(1+1)") && ids.contains("'-2+3"), "\(ids)")
        XCTAssertTrue(ids.contains("syn-2"))
        // A decimal really is written with a comma somewhere.
        XCTAssertTrue(er.dropFirst().contains { $0[column["coping"]!].contains(",") })
        // The error row keeps its message; line numbers are the input's.
        XCTAssertEqual(er.dropFirst().first { $0[column["ok"]!] == "false" }?[column["line"]!], "5")
    }

    /// A round trip through the `excel` dialect: a generated caseload written as Excel writes it
    /// is decided exactly as the comma one.
    func testAGeneratedCaseloadDecidesTheSameInEitherDialect() throws {
        let common = ["generate", "--n", "400", "--seed", "13", "--labels", "--hetu-rate", "0", "--format", "csv", "-o", "-"]
        let comma = try runSeula(common)
        let excel = try runSeula(common + ["--csv", "excel"])
        XCTAssertEqual(comma.status, 0, comma.err)
        XCTAssertEqual(Array(excel.out.utf8.prefix(6)), [0xEF, 0xBB, 0xBF] + Array("id;".utf8))
        XCTAssertNotEqual(comma.out, excel.out)
        let a = try runSeula(["score", "-", "--format", "csv"], input: Array(comma.out.utf8))
        let b = try runSeula(["score", "-", "--format", "csv"], input: Array(excel.out.utf8))
        XCTAssertEqual(a.status, 0, a.err)
        XCTAssertEqual(a.out, b.out)
        XCTAssertEqual(a.out.split(separator: "\n").count, 400)
    }

    /// OWASP's CSV-injection rule: a cell beginning with `=` `+` `-` `@`, tab or carriage return
    /// gets a `'` in front and is quoted; a plain number does not.
    func testTheInjectionRule() {
        func cell(_ s: String, _ d: CSVDialect = .comma) -> String {
            var out: [UInt8] = []
            CSVField.append(s, to: &out, dialect: d)
            return String(decoding: out, as: UTF8.self)
        }
        XCTAssertEqual(cell("=1+1"), "\"'=1+1\"")
        XCTAssertEqual(cell("+358401234567x"), "\"'+358401234567x\"")
        XCTAssertEqual(cell("-cmd|' /C calc'!A0"), "\"'-cmd|' /C calc'!A0\"")
        XCTAssertEqual(cell("@SUM(A1)"), "\"'@SUM(A1)\"")
        XCTAssertEqual(cell("\tx"), "\"'\tx\"")
        XCTAssertEqual(cell("\rx"), "\"'\rx\"")
        XCTAssertEqual(cell("=HYPERLINK(\"a\")"), "\"'=HYPERLINK(\"\"a\"\")\"")
        // Numbers stay numbers; text with these characters later on is untouched.
        XCTAssertEqual(cell("-16.6"), "-16.6")
        XCTAssertEqual(cell("-16,6", .excel), "\"-16,6\"".replacingOccurrences(of: "\"", with: ""))
        XCTAssertEqual(cell("+3"), "+3")
        XCTAssertEqual(cell("a=b"), "a=b")
        XCTAssertEqual(cell("a;b"), "a;b")
        XCTAssertEqual(cell("a;b", .excel), "\"a;b\"")
        XCTAssertEqual(cell("a,b"), "\"a,b\"")
        XCTAssertEqual(cell("a,b", .excel), "a,b")
        XCTAssertEqual(cell(""), "")
    }

    /// Excel's words for true and false, in any case; anything else stays text (so it is
    /// `invalid_type`, never silently false).
    func testBooleanWords() {
        for t in ["true", "TRUE", "True", "1", "TOSI", "tosi", "SANT"] { XCTAssertEqual(CaseCSVReader.boolean(t), true, t) }
        for f in ["false", "FALSE", "0", "EPÄTOSI", "epätosi", "FALSKT"] { XCTAssertEqual(CaseCSVReader.boolean(f), false, f) }
        for x in ["yes", "no", "2", "", "truee", "x"] { XCTAssertNil(CaseCSVReader.boolean(x), x) }
    }

    /// A quote that is never closed costs one error naming its line; the rows after it are
    /// still read. An unreadable row is one error, with its physical lines when it spans several.
    func testUnreadableRecordsAreOneErrorWithTheirLines() throws {
        let csv = "id;age;assessed_on\r\nc1;30;2026-03-02\r\n\"c4\"x;33;2026-03-02\r\n\"c5\r\nstill c5\"z;34;2026-03-02\r\nc6;35;2026-03-02\r\nc2;\"31;2026-03-02\r\nc7;36;2026-03-02\r\n"
        let r = try runSeula(["score", "-", "--format", "csv"], input: Array(csv.utf8))
        XCTAssertEqual(r.status, 0, r.err)
        let answers = try r.out.split(separator: "\n").map { try JSONReader.parse(String($0)) }
        let ids = answers.map { $0["id"]?.stringValue ?? "null" }
        let lines = answers.map { $0["line"]?.numberValue?.int64.map(Int.init) }
        XCTAssertEqual(ids, ["c1", "null", "null", "c6", "null", "c7"], r.out)
        guard answers.count == 6 else { return }
        XCTAssertEqual(lines[1], 3)
        XCTAssertEqual(answers[1]["error"]?["code"]?.stringValue, "invalid_csv")
        XCTAssertEqual(lines[2], 4)
        XCTAssertEqual(answers[2]["error"]?["message"]?.stringValue?.hasPrefix("lines 4-5: "), true, r.out)
        XCTAssertEqual(lines[4], 7)
        XCTAssertEqual(answers[4]["error"]?["message"]?.stringValue?.contains("starts on line 7 is not closed"), true, r.out)
        XCTAssertEqual(answers[5]["line"], nil, "a decision carries no line number")
    }
}
