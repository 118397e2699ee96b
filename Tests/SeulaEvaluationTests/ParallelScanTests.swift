import SeulaCore
import SeulaEvaluation
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
