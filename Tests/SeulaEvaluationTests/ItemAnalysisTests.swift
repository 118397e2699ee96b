import SeulaCore
import SeulaEvaluation
import XCTest

final class ItemAnalysisTests: XCTestCase {
    func testCronbachAlphaByHand() {
        // A 16-item model but only the first three items vary; the rest are constant 0 and
        // add nothing to any variance. Items 1–3 over 4 cases:
        //   x1 = 1 2 3 4, x2 = 2 2 3 3, x3 = 1 3 2 4; totals 4 7 8 11.
        // var (n−1): 1.6667, 0.3333, 1.6667 → Σ = 3.6667; var(total) = 8.3333.
        // α = 16/15 · (1 − 3.6667 / 8.3333) = 16/15 · 0.56 = 0.597333…
        let rows: [[Int8]] = [[1, 2, 1], [2, 2, 3], [3, 3, 2], [4, 3, 4]].map { $0.map { Int8(min($0, 4)) } + Array(repeating: 0, count: 13) }
        let a = ItemAnalysis(model: defaultModel, answers: rows)
        XCTAssertEqual(a.alpha, 16.0 / 15 * (1 - (5.0 / 3 + 1.0 / 3 + 5.0 / 3) / (25.0 / 3)), accuracy: 1e-12)
        XCTAssertEqual(a.constantItems.count, 13)
        XCTAssertEqual(a.eigenvalues.count, 3)
        XCTAssertEqual(a.eigenvalues.reduce(0, +), 3, accuracy: 1e-10)   // trace of a correlation matrix
        XCTAssertGreaterThanOrEqual(a.eigenvalues[0], a.eigenvalues[1])
        XCTAssertEqual(a.items[0].floorRate, 0)
        XCTAssertEqual(a.items[0].ceilingRate, 0.25)
        XCTAssertEqual(a.items[5].floorRate, 1)
    }

    func testEigenvaluesOfAKnownMatrix() {
        // [[2,1],[1,2]] has eigenvalues 1 and 3.
        let m = DenseMatrix(rows: 2, columns: 2, values: [2, 1, 1, 2])
        XCTAssertEqual(LinearAlgebra.symmetricEigenvalues(m)!, [1, 3], accuracy: 1e-12)
        // dposv: [[4,2],[2,3]] x = [2, 1] → x = [0.5, 0].
        let x = LinearAlgebra.solvePositiveDefinite(DenseMatrix(rows: 2, columns: 2, values: [4, 2, 2, 3]), DenseMatrix(rows: 2, columns: 1, values: [2, 1]))!
        XCTAssertEqual(x.values, [0.5, 0], accuracy: 1e-12)
        XCTAssertNil(LinearAlgebra.solvePositiveDefinite(DenseMatrix(rows: 2, columns: 2, values: [1, 1, 1, 1]), DenseMatrix(rows: 2, columns: 1, values: [1, 1])))
    }

    func testMissingRatesAndCompleteCases() {
        var factory = CaseFactory(seed: 4)
        let answers = (0..<500).map { factory.next($0).coping }
        let a = ItemAnalysis(model: defaultModel, answers: answers)
        XCTAssertEqual(a.completeCases, answers.filter { $0.allSatisfy { $0 >= 0 } }.count)
        let missing0 = Double(answers.filter { $0[0] < 0 }.count) / 500
        XCTAssertEqual(a.items[0].missingRate, missing0, accuracy: 1e-12)
        XCTAssertGreaterThan(a.alpha, 0.8)   // one latent level drives every item
        XCTAssertEqual(a.eigenvaluesAboveOne, 1)
    }
}

func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}
