import SeulaCore
@testable import SeulaEvaluation
import SeulaFormats
import SeulaService
import SeulaSynthetic
import XCTest

/// `CaseloadScanner.map` cuts the file into parts read on every core; whatever the cuts, it
/// gives what the one-thread `scan` gives: the same rows in the same order, the same tally
/// (counts and first examples), in JSON lines and in CSV.
final class ParallelScanTests: XCTestCase {
    func testEveryCuttingGivesTheSequentialResult() throws {
        let scanner = CaseloadScanner(model: defaultModel, requirements: [.segment])
        for format in [CaseloadFormat.jsonl, .csv] {
            let options = GeneratorOptions(count: 4000, seed: 31, labels: true, badRate: 0.2, format: format == .csv ? .csv : .jsonl)
            let bytes = CaseloadGenerator(options).bytes(threads: 1)
            var sequential: [String] = []
            let tally = try scanner.scan(bytes, format: format) { sequential.append("\($0.line) \($0.screening.id) \($0.labels.segment ?? -1)") }.get()
            XCTAssertGreaterThan(tally.total, 100, "the caseload has rejected rows to tally")
            XCTAssertGreaterThan(sequential.count, 3000)
            for parts in [1, 2, 3, 7] {
                let (rows, t) = try scanner.map(bytes, format: format, parts: parts, minimumBytes: 0) {
                    "\($0.line) \($0.screening.id) \($0.labels.segment ?? -1)"
                }.get()
                XCTAssertEqual(rows, sequential, "\(format), \(parts) parts")
                XCTAssertEqual(t, tally, "\(format), \(parts) parts")
            }
        }
    }

    /// An Excel CSV (`;`, a byte-order mark, CRLF) whose quoted cells hold line breaks is cut
    /// only between records, and still reads as on one thread; a quote that is never closed
    /// leaves the file uncut.
    func testQuotedCellsWithLineBreaksAreNeverCutThrough() throws {
        let scanner = CaseloadScanner(model: defaultModel, requirements: [.segment])
        let options = GeneratorOptions(count: 3000, seed: 32, labels: true, format: .csv)
        var rewriter = CSVRewriter(to: .excel)
        let excel = String(decoding: rewriter.rewrite(CaseloadGenerator(options).bytes(threads: 1)), as: UTF8.self)
        var lines = excel.components(separatedBy: "\r\n")
        if lines.last == "" { lines.removeLast() }
        for i in lines.indices {
            // A note with line breaks (and a quote) on every third row, and a short one elsewhere.
            lines[i] += i == 0 ? ";label.note" : i % 3 == 0 ? ";\"first line\r\nsecond; \"\"quoted\"\"\r\nthird\"" : ";-"
        }
        let bytes = Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
        var sequential: [String] = []
        let tally = try scanner.scan(bytes, format: .csv) { sequential.append("\($0.line) \($0.screening.id) \($0.labels.segment ?? -1) \($0.labels.group("label.note") ?? "")") }.get()
        XCTAssertEqual(tally.total, 0)
        XCTAssertEqual(sequential.count, 3000)
        XCTAssertTrue(sequential[2].hasSuffix("first line\nsecond; \"quoted\"\nthird"), sequential[2])
        for parts in [2, 3, 7, 64] {
            let cuts = CaseloadScanner.cuts(bytes, format: .csv, parts: parts)
            XCTAssertGreaterThan(cuts.count, 2, "\(parts) parts: the file is cut")
            let (rows, t) = try scanner.map(bytes, format: .csv, parts: parts, minimumBytes: 0) {
                "\($0.line) \($0.screening.id) \($0.labels.segment ?? -1) \($0.labels.group("label.note") ?? "")"
            }.get()
            XCTAssertEqual(rows, sequential, "\(parts) parts")
            XCTAssertEqual(t, tally, "\(parts) parts")
        }
        // One quote never closed: not cut, and read as on one thread.
        let unclosed = bytes + Array("x1;\"never closed\r\n".utf8) + Array(lines[1...2].joined(separator: "\r\n").utf8)
        XCTAssertEqual(CaseloadScanner.cuts(unclosed, format: .csv, parts: 4), [0, unclosed.count])
    }

    func testACSVHeaderProblemIsReportedWhateverTheParts() {
        let scanner = CaseloadScanner(model: defaultModel, requirements: [])
        let bytes = Array("id,age,id\na,1\nb,2\nc,3\nd,4\n".utf8)
        for parts in [1, 2, 3] {
            guard case .failure(let e) = scanner.map(bytes, format: .csv, parts: parts, minimumBytes: 0, { $0.line }) else {
                return XCTFail("a header naming a column twice is refused")
            }
            XCTAssertEqual(e.path, "id")
        }
    }
}
