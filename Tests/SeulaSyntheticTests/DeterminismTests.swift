import SeulaCore
import SeulaJSON
import SeulaSynthetic
import XCTest

final class DeterminismTests: XCTestCase {
    func testSameSeedSameBytesDifferentSeedDifferentBytes() {
        for format in OutputFormat.allCases {
            let options = GeneratorOptions(count: 3_000, seed: 42, labels: true, badRate: 0.1, format: format)
            let a = CaseloadGenerator(options).bytes(threads: 2)
            let b = CaseloadGenerator(options).bytes(threads: 2)
            XCTAssertGreaterThan(a.count, 3_000 * 100)
            XCTAssertEqual(a, b, "\(format): same options, same bytes")
            var other = options
            other.seed = 43
            let c = CaseloadGenerator(other).bytes(threads: 2)
            XCTAssertNotEqual(a, c, "\(format): another seed, another caseload")
            // Not just a shuffle: most lines differ.
            let la = lines(a), lc = lines(c)
            XCTAssertEqual(la.count, lc.count)
            XCTAssertGreaterThan(zip(la, lc).filter { $0 != $1 }.count, la.count * 9 / 10)
        }
    }

    func testParallelBlocksEqualSingleThreadedOutput() {
        for format in OutputFormat.allCases {
            let options = GeneratorOptions(count: 2_500, seed: 7, labels: true, badRate: 0.05, format: format, blockSize: 97)
            let generator = CaseloadGenerator(options)
            let single = generator.bytes(threads: 1)
            XCTAssertEqual(generator.bytes(threads: 2), single)
            XCTAssertEqual(generator.bytes(threads: 5), single)
            // Block by block, by hand.
            var byHand = generator.header
            for b in 0..<generator.blockCount { byHand += generator.block(b).bytes }
            XCTAssertEqual(byHand, single)
            // And the block size does not matter either: each case has its own random streams.
            var bigBlocks = options
            bigBlocks.blockSize = 16_384
            XCTAssertEqual(CaseloadGenerator(bigBlocks).bytes(threads: 2), single)
        }
    }

    /// The V2 options (hetu rate, assessed_on range) keep the output independent of threads and
    /// blocks, and depend on nothing but the options (no clock).
    func testHetuRateAndDateRangeStayDeterministic() {
        for format in OutputFormat.allCases {
            let options = GeneratorOptions(count: 2_000, seed: 12, labels: true, badRate: 0.05, format: format, blockSize: 131,
                                           hetuRate: 0.6, assessedOn: DateRange(parsing: "2027-02-01..2028-03-31")!)
            let generator = CaseloadGenerator(options)
            let single = generator.bytes(threads: 1)
            XCTAssertEqual(generator.bytes(threads: 3), single)
            XCTAssertEqual(CaseloadGenerator(options).bytes(threads: 2), single)
            var other = options
            other.blockSize = 16_384
            XCTAssertEqual(CaseloadGenerator(other).bytes(threads: 2), single)
        }
    }

    func testEarlyStopWritesAPrefix() {
        let generator = CaseloadGenerator(GeneratorOptions(count: 1_000, seed: 3, blockSize: 64))
        var received: [UInt8] = []
        var calls = 0
        generator.write(threads: 3) { bytes in
            calls += 1
            received += bytes
            return calls < 4
        }
        XCTAssertEqual(calls, 4)
        XCTAssertEqual(received, Array(generator.bytes(threads: 1).prefix(received.count)))
        XCTAssertEqual(lines(received).count, 4 * 64)
    }

    /// Labels and malformed lines have random streams of their own: the cases stay the same.
    func testCasesDoNotDependOnOtherOptions() throws {
        let plain = lines(CaseloadGenerator(GeneratorOptions(count: 1_000, seed: 11)).bytes())
        let labelled = CaseloadGenerator(GeneratorOptions(count: 1_000, seed: 11, labels: true, badRate: 0.3))
        let labelledLines = lines(labelled.bytes())
        var compared = 0
        for i in 0..<1_000 where labelled.malformation(i) == nil {
            var object = try XCTUnwrap(JSONReader.parse(Array(labelledLines[i])).objectValue)
            XCTAssertEqual(object.members.last?.key, "label")
            object.members.removeLast()
            XCTAssertEqual(JSONValue.object(object), try JSONReader.parse(Array(plain[i])), "line \(i + 1)")
            compared += 1
        }
        XCTAssertGreaterThan(compared, 600)
    }
}
