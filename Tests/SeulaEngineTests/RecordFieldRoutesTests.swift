import Foundation
import SeulaCore
import SeulaEngine
import SeulaFormats
import SeulaJSON
import SeulaService
import XCTest

/// Every CSV output column (`RecordField`) is produced by both routes — straight from a
/// decision (the fast path's "column" route) and from the decision's JSON record or an error
/// record (the general path's "record" route) — and the two give the same rows, on V2 cases
/// with hetus written by another program.
final class RecordFieldRoutesTests: XCTestCase {
    /// The error columns: only an error record fills them (a decision leaves them empty).
    let errorFields: Set<RecordField> = [.error, .error_path, .error_message]

    /// Each column alone, through the chunk processor: the fast path (the column route for the
    /// cases its reader takes) equals the general path (the record route for every line).
    func testEachFieldAloneFastPathEqualsGeneralPath() throws {
        let handler = try makeV1V2Handler()
        let chunk = makeForeignV2Chunk(count: 900, seed: 41)
        for field in RecordField.allCases {
            let projection = RecordCSV(columns: [.ok, field])
            let fast = ChunkProcessor(handler: handler, output: .csv(projection), fastPath: true).process(chunk).bytes.array
            let simple = ChunkProcessor(handler: handler, output: .csv(projection), fastPath: false).process(chunk).bytes.array
            XCTAssertEqual(String(decoding: fast, as: UTF8.self), String(decoding: simple, as: UTF8.self), "field \(field)")
            let rows = String(decoding: fast, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            XCTAssertEqual(rows.count, chunk.lines.count, "field \(field)")
            // The cell is filled somewhere: on a decision's row, or (error columns) an error's.
            let wanted = errorFields.contains(field) ? "false," : "true,"
            let filled = rows.filter { $0.hasPrefix(wanted) && $0.count > wanted.count }.count
            XCTAssertGreaterThan(filled, 0, "field \(field) is never filled")
        }
    }

    /// The two routes side by side on each decided case: `RecordCSV.row` from the decision and
    /// from its record give the same row with every column, and every column but the error
    /// ones is filled on some case; an error record fills the error columns.
    func testBothRoutesGiveEveryFieldTheSameCells() throws {
        let handler = try makeV1V2Handler()
        let model = handler.criteria.newest
        let chunk = makeForeignV2Chunk(count: 1500, seed: 42)
        let parser = CaseLineParser(model: model, strict: false, today: handler.options.today, acceptsHetu: true)
        let engine = DecisionEngine(model: model, today: handler.options.today)
        let records = DecisionRecordWriter(model: model)
        let all = RecordCSV(columns: RecordField.allCases)
        var filled: [RecordField: Int] = [:]
        var decided = 0, pseudonyms = 0
        chunk.bytes.withUnsafeBytes { bytes in
            for (k, line) in chunk.lines.enumerated() {
                var c = ScreeningCase(id: "", age: 0, itemCount: model.coping.items.count,
                                      indicatorCount: model.risk.indicators.count, flagCount: model.flags.count)
                guard parser.parse(UnsafeRawBufferPointer(rebasing: bytes[line.start..<line.end]), into: &c) == .parsed else { continue }
                var d = engine.decide(c)
                if let h = c.hetu {
                    d.pseudonym = handler.options.pseudonymizer?.pseudonym(forHetu: h)
                    pseudonyms += 1
                }
                var w = JSONWriter()
                records.write(d, into: &w)
                let fromRecord = w.bytes.withUnsafeBytes { all.row($0, lineNumber: line.number) }
                var fromDecision: [UInt8] = []
                all.row(d, model: model, lineNumber: line.number, into: &fromDecision)
                XCTAssertEqual(String(decoding: fromDecision, as: UTF8.self), String(decoding: fromRecord, as: UTF8.self), "line \(k + 1)")
                for f in RecordField.allCases {
                    var cell: [UInt8] = []
                    RecordCSV(columns: [f]).row(d, model: model, lineNumber: line.number, into: &cell)
                    if cell.count > 1 { filled[f, default: 0] += 1 }
                }
                decided += 1
            }
        }
        XCTAssertGreaterThan(decided, 1000)
        XCTAssertGreaterThan(pseudonyms, 800, "cases with a hetu get a pseudonym")
        for f in RecordField.allCases where !errorFields.contains(f) {
            XCTAssertGreaterThan(filled[f, default: 0], 0, "the column route never fills \(f)")
        }
        for f in errorFields { XCTAssertNil(filled[f], "a decision fills the error column \(f)") }
        // An error record fills the error columns (and the id and line) on the record route.
        let error = ErrorRecordWriter.bytes(CaseError(.invalidCSV, path: "age", "a message"), id: "c1", line: 7)
        let row = error.withUnsafeBytes { RecordCSV(columns: [.id, .ok, .line, .error, .error_path, .error_message]).row($0, lineNumber: 7) }
        XCTAssertEqual(String(decoding: row, as: UTF8.self), "c1,false,7,invalid_csv,age,a message\n")
    }

    /// The field names are the enum's raw values, one list: the defaults and `allFields` come
    /// from it, and a name outside it is refused with the name in the error's path.
    func testFieldNamesComeFromTheEnum() {
        XCTAssertEqual(RecordCSV.allFields, RecordField.allCases.map(\.rawValue))
        XCTAssertEqual(RecordCSV.defaultFields, RecordCSV.defaultColumns.map(\.rawValue))
        XCTAssertEqual(Set(RecordCSV.allFields).count, RecordCSV.allFields.count)
        XCTAssertThrowsError(try RecordCSV(fields: ["id", "segmnet"])) { e in XCTAssertEqual((e as? CaseError)?.path, "segmnet") }
    }
}
