import Foundation
import SeulaCore

/// Psychometrics of the coping items (`seula instrument`): do the items hang together as one
/// scale?
///
/// - Per item, over all valid cases: missing rate; over its answers: mean, standard deviation,
///   floor rate (answers at the scale's minimum) and ceiling rate (at its maximum).
/// - Over the complete cases (every item answered; listwise deletion): Cronbach's α on the raw
///   answers, α = k/(k−1) · (1 − Σ var(itemᵢ) / var(total)); the corrected item–total
///   correlation (each item against the sum of the *other* items) and α without the item;
///   and the eigenvalues of the item correlation matrix (LAPACK `dsyev`), largest first, with
///   the share of variance the first explains and how many exceed 1 (Kaiser's rule).
/// Variances use n − 1. An item with no variance among complete cases has no correlations:
/// it is left out of the correlation matrix (and listed).
public struct ItemAnalysis: Sendable {
    public struct Item: Sendable {
        public var id: String
        public var answered: Int
        public var missingRate: Double
        public var mean: Double
        public var standardDeviation: Double
        public var floorRate: Double
        public var ceilingRate: Double
        /// Corrected item–total correlation over complete cases (NaN without variance).
        public var itemRestCorrelation: Double
        public var alphaIfDeleted: Double
    }

    public let cases: Int
    public let completeCases: Int
    public let items: [Item]
    public let alpha: Double
    /// Largest first.
    public let eigenvalues: [Double]
    /// Items left out of the correlation matrix (no variance).
    public let constantItems: [String]

    /// Complexity: O(n × k² + k³) (the correlation matrix by `dgemm`, eigenvalues by `dsyev`).
    public init(model: CriteriaModel, answers: [[Int8]]) {
        let k = model.coping.items.count
        let lo = Int8(model.coping.scaleMin), hi = Int8(model.coping.scaleMax)
        cases = answers.count
        let complete = answers.filter { $0.allSatisfy { $0 >= 0 } }
        completeCases = complete.count
        let m = complete.count

        // Complete-case matrix, column-major, and its column means and variances.
        var x = DenseMatrix(rows: m, columns: k)
        for (r, a) in complete.enumerated() { for j in 0..<k { x[r, j] = Double(a[j]) } }
        func variance(_ v: [Double]) -> Double {
            guard v.count > 1 else { return .nan }
            let mean = v.reduce(0, +) / Double(v.count)
            return v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1)
        }
        func column(_ j: Int) -> [Double] { Array(x.values[(j * m)..<((j + 1) * m)]) }
        func cronbach(_ columns: [Int]) -> Double {
            guard columns.count > 1, m > 1 else { return .nan }
            let itemVariance = columns.reduce(0.0) { $0 + variance(column($1)) }
            let totals = (0..<m).map { r in columns.reduce(0.0) { $0 + x[r, $1] } }
            let tv = variance(totals)
            let kk = Double(columns.count)
            return tv > 0 ? kk / (kk - 1) * (1 - itemVariance / tv) : .nan
        }
        func correlation(_ a: [Double], _ b: [Double]) -> Double {
            let n = Double(a.count)
            guard n > 1 else { return .nan }
            let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
            var sab = 0.0, saa = 0.0, sbb = 0.0
            for i in a.indices { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) * (a[i] - ma); sbb += (b[i] - mb) * (b[i] - mb) }
            return saa > 0 && sbb > 0 ? sab / (saa * sbb).squareRoot() : .nan
        }
        let all = Array(0..<k)
        alpha = cronbach(all)

        var items: [Item] = []
        for (j, item) in model.coping.items.enumerated() {
            let given = answers.compactMap { $0[j] >= 0 ? Double($0[j]) : nil }
            let n = Double(given.count)
            let mean = n > 0 ? given.reduce(0, +) / n : .nan
            let rest = (0..<m).map { r in all.reduce(0.0) { $0 + ($1 == j ? 0 : x[r, $1]) } }
            items.append(Item(id: item.id, answered: given.count,
                              missingRate: cases > 0 ? 1 - n / Double(cases) : .nan,
                              mean: mean, standardDeviation: variance(given).squareRoot(),
                              floorRate: n > 0 ? Double(answers.filter { $0[j] == lo }.count) / n : .nan,
                              ceilingRate: n > 0 ? Double(answers.filter { $0[j] == hi }.count) / n : .nan,
                              itemRestCorrelation: correlation(column(j), rest),
                              alphaIfDeleted: cronbach(all.filter { $0 != j })))
        }
        self.items = items

        // Correlation matrix of the items with variance: standardise, then ZᵀZ / (m − 1).
        let varying = all.filter { variance(column($0)) > 0 }
        constantItems = all.filter { !varying.contains($0) }.map { model.coping.items[$0].id }
        guard m > 1, !varying.isEmpty else { eigenvalues = []; return }
        var z = DenseMatrix(rows: m, columns: varying.count)
        for (c, j) in varying.enumerated() {
            let v = column(j)
            let mean = v.reduce(0, +) / Double(m), sd = variance(v).squareRoot()
            for r in 0..<m { z[r, c] = (v[r] - mean) / sd }
        }
        var corr = LinearAlgebra.gram(z)
        for i in corr.values.indices { corr.values[i] /= Double(m - 1) }
        eigenvalues = (LinearAlgebra.symmetricEigenvalues(corr) ?? []).reversed()
    }

    /// Share of the total variance (the number of items in the matrix) the first eigenvalue explains.
    public var firstEigenvalueShare: Double {
        guard let first = eigenvalues.first else { return .nan }
        return first / Double(eigenvalues.count)
    }

    /// Eigenvalues above 1 (Kaiser's rule for the number of factors).
    public var eigenvaluesAboveOne: Int { eigenvalues.filter { $0 > 1 }.count }

    /// Reads valid cases' answers (labels are ignored).
    public static func load(_ bytes: [UInt8], format: CaseloadFormat, model: CriteriaModel, strict: Bool,
                            progress: RunProgress? = nil, fastReader: Bool = true) -> Result<([[Int8]], RejectionTally), CaseError> {
        let scanner = CaseloadScanner(model: model, requirements: [], strict: strict, readsLabels: false, fastReader: fastReader)
        return scanner.map(bytes, format: format, progress: progress) { $0.screening.coping }
    }
}
