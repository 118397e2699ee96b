import Foundation
import SeulaCore
import SeulaJSON

/// Settings of `seula fit`.
public struct ScorecardFitOptions: Sendable {
    /// L2 penalty λ on the category coefficients (not the intercept).
    public var ridge = 0.0
    /// k for the k-fold cross-validated AUC (0 or 1: none).
    public var folds = 5
    public var seed: UInt64 = 20251125
    /// Points per unit of log-odds; nil: chosen so the new maximum total equals the old one.
    public var pointsPerLogit: Double? = nil

    public init() {}
}

/// One row of the old-vs-new points table.
public struct FittedCategory: Sendable {
    public var category: ScorecardDesign.Category
    public var cases: Int
    /// The logistic coefficient relative to category 0 (nil for the reference or no data).
    public var coefficient: Double?
    public var standardError: Double?
    /// After making points non-decreasing along the categories (pool-adjacent-violators,
    /// weighted by cases) and shifting category 0 to 0; in log-odds.
    public var adjusted: Double
    public var newPoints: Int
}

/// `seula fit`: logistic regression of the 12-month outcome on the risk indicators' categories,
/// and a new scorecard whose integer points are the rescaled coefficients.
///
/// Steps: (1) one dummy column per non-reference category seen in the data, plus an
/// intercept; (2) IRLS with `dposv` (`LogisticRegression`); (3) per indicator, coefficients made
/// non-decreasing along its categories (the file format requires points never to fall as a
/// value worsens) by weighted pool-adjacent-violators, a category with no data taking the
/// previous category's value, then shifted so category 0 is 0; (4) points = adjusted × scale,
/// rounded half away from zero, where scale is `pointsPerLogit` or makes the sum of the
/// indicators' maxima equal to the old scorecard's. In-sample AUC is of the linear predictor;
/// the k-fold AUC pools out-of-fold predictions (folds from a seeded shuffle).
public struct ScorecardFit: Sendable {
    public let model: CriteriaModel
    public let options: ScorecardFitOptions
    public let cases: Int
    public let positives: Int
    public let columns: [ScorecardDesign.Category]
    public let fit: LogisticRegression.Fit
    public let table: [[FittedCategory]]
    public let pointsPerLogit: Double
    public let inSampleAUC: Double
    public let crossValidatedAUC: Double?
    public let foldAUCs: [Double]
    public let currentCardAUC: Double
    public let newCardAUC: Double
    public let currentMaxPoints: Int
    public let newMaxPoints: Int

    /// Complexity: O(n × indicators + (1 + folds) × IRLS on the distinct category patterns).
    public init(model: CriteriaModel, categoriesOfCase: [[Int8]], outcomes: [Int], options: ScorecardFitOptions) throws(LogisticRegression.Failure) {
        self.model = model
        self.options = options
        let design = ScorecardDesign(categoriesOf: model)
        let n = categoriesOfCase.count
        cases = n
        positives = outcomes.reduce(0, +)
        guard n > 0 else { throw .noData }

        // Distinct category patterns.
        var patternIndex: [[Int8]: Int] = [:]
        var patterns: [[Int8]] = []
        var patternOfCase: [Int] = []
        patternOfCase.reserveCapacity(n)
        for c in categoriesOfCase {
            if let k = patternIndex[c] { patternOfCase.append(k) } else {
                patternIndex[c] = patterns.count
                patternOfCase.append(patterns.count)
                patterns.append(c)
            }
        }
        var counts = design.categories.map { Array(repeating: 0, count: $0.count) }
        for c in categoriesOfCase { for (i, k) in c.enumerated() where k >= 0 { counts[i][Int(k)] += 1 } }

        func fitOn(_ include: (Int) -> Bool) throws(LogisticRegression.Failure) -> ([ScorecardDesign.Category], LogisticRegression.Fit) {
            var trials = Array(repeating: 0.0, count: patterns.count), successes = trials
            for i in 0..<n where include(i) {
                trials[patternOfCase[i]] += 1
                successes[patternOfCase[i]] += Double(outcomes[i])
            }
            let used = patterns.indices.filter { trials[$0] > 0 }
            var seen = Set<[Int]>()
            for k in used { for (i, c) in patterns[k].enumerated() where c > 0 { seen.insert([i, Int(c)]) } }
            let columns = design.categories.flatMap { $0.dropFirst() }.filter { seen.contains([$0.indicator, $0.index]) }
            var x = DenseMatrix(rows: used.count, columns: columns.count + 1)
            for (r, k) in used.enumerated() {
                x[r, 0] = 1
                for (j, col) in columns.enumerated() where patterns[k][col.indicator] == Int8(col.index) { x[r, j + 1] = 1 }
            }
            let result = LogisticRegression.fit(design: x, trials: used.map { trials[$0] }, successes: used.map { successes[$0] }, ridge: options.ridge)
            switch result {
            case .success(let f): return (columns, f)
            case .failure(let e): throw e
            }
        }
        func linearPredictor(_ c: [Int8], _ columns: [ScorecardDesign.Category], _ f: LogisticRegression.Fit) -> Double {
            var eta = f.coefficients[0]
            for (j, col) in columns.enumerated() where c[col.indicator] == Int8(col.index) { eta += f.coefficients[j + 1] }
            return eta
        }

        let (columns, fit) = try fitOn { _ in true }
        self.columns = columns
        self.fit = fit
        let ys = outcomes.map { $0 == 1 }
        inSampleAUC = ScoreRanking.auc(scores: categoriesOfCase.map { linearPredictor($0, columns, fit) }, outcomes: ys)

        if options.folds >= 2, n >= options.folds {
            var order = Array(0..<n)
            var rng = SplitMix64(seed: options.seed)
            for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, rng.below(i + 1)) }
            var foldOf = Array(repeating: 0, count: n)
            for (position, i) in order.enumerated() { foldOf[i] = position % options.folds }
            var pooled = Array(repeating: 0.0, count: n)
            var perFold: [Double] = []
            for f in 0..<options.folds {
                let (cols, model) = try fitOn { foldOf[$0] != f }
                let held = (0..<n).filter { foldOf[$0] == f }
                for i in held { pooled[i] = linearPredictor(categoriesOfCase[i], cols, model) }
                perFold.append(ScoreRanking.auc(scores: held.map { pooled[$0] }, outcomes: held.map { ys[$0] }))
            }
            crossValidatedAUC = ScoreRanking.auc(scores: pooled, outcomes: ys)
            foldAUCs = perFold
        } else {
            crossValidatedAUC = nil
            foldAUCs = []
        }

        // Monotone, shifted, rescaled points.
        var adjusted: [[Double]] = []
        var raw: [[Double?]] = []
        for (i, cats) in design.categories.enumerated() {
            var values: [Double?] = cats.map { _ in nil }
            values[0] = 0
            for (j, col) in columns.enumerated() where col.indicator == i { values[col.index] = fit.coefficients[j + 1] }
            raw.append(values)
            let present = cats.indices.filter { values[$0] != nil }
            let pooled = Self.nonDecreasing(present.map { values[$0]! }, weights: present.map { Double(max(counts[i][$0], 1)) })
            var filled = Array(repeating: 0.0, count: cats.count)
            var last = 0.0
            var p = 0
            for k in cats.indices {
                if p < present.count, present[p] == k { last = pooled[p]; p += 1 }
                filled[k] = last
            }
            let base = filled[0]
            adjusted.append(filled.map { $0 - base })
        }
        let oldMax = model.risk.maxPoints
        let sumOfMaxima = adjusted.map { $0.max() ?? 0 }.reduce(0, +)
        let scale = options.pointsPerLogit ?? (sumOfMaxima > 0 ? Double(oldMax) / sumOfMaxima : 1)
        pointsPerLogit = scale
        var table: [[FittedCategory]] = []
        for (i, cats) in design.categories.enumerated() {
            table.append(cats.map { cat in
                let k = cat.index
                let se = columns.firstIndex { $0.indicator == i && $0.index == k }.map { fit.standardErrors[$0 + 1] }
                return FittedCategory(category: cat, cases: counts[i][k], coefficient: k == 0 ? nil : raw[i][k],
                                      standardError: se, adjusted: adjusted[i][k],
                                      newPoints: Int((adjusted[i][k] * scale).rounded(.toNearestOrAwayFromZero)))
            })
        }
        self.table = table
        let oldTable = design.currentPoints
        let newTable = table.map { $0.map(\.newPoints) }
        currentCardAUC = ScoreRanking.auc(scores: categoriesOfCase.map { Double(ScorecardDesign.points($0, table: oldTable)) }, outcomes: ys)
        newCardAUC = ScoreRanking.auc(scores: categoriesOfCase.map { Double(ScorecardDesign.points($0, table: newTable)) }, outcomes: ys)
        currentMaxPoints = oldMax
        newMaxPoints = newTable.map { $0.max() ?? 0 }.reduce(0, +)
    }

    /// Weighted pool-adjacent-violators: the non-decreasing sequence closest to `values` in
    /// weighted least squares.
    ///
    /// Complexity: O(n).
    public static func nonDecreasing(_ values: [Double], weights: [Double]) -> [Double] {
        var blocks: [(value: Double, weight: Double, count: Int)] = []
        for (v, w) in zip(values, weights) {
            blocks.append((v, w, 1))
            while blocks.count > 1, blocks[blocks.count - 2].value > blocks[blocks.count - 1].value {
                let b = blocks.removeLast(), a = blocks.removeLast()
                let w = a.weight + b.weight
                blocks.append(((a.value * a.weight + b.value * b.weight) / w, w, a.count + b.count))
            }
        }
        return blocks.flatMap { Array(repeating: $0.value, count: $0.count) }
    }

    /// The points that change, as criteria-file edits.
    public var changes: [(path: String, value: JSONValue)] {
        table.flatMap { $0 }.filter { !$0.category.path.isEmpty && $0.newPoints != $0.category.points }
            .map { ($0.category.path, JSONBuilder.int($0.newPoints)) }
    }

    /// Reads a labelled caseload into category vectors and outcomes (rows without
    /// `label.outcome_12m` are rejected as `missing_label`).
    /// `today`: the assessment date of a row without `assessed_on`.
    public static func load(_ bytes: [UInt8], format: CaseloadFormat, model: CriteriaModel, strict: Bool, today: CalendarDate,
                            progress: RunProgress? = nil, fastReader: Bool = true) -> Result<([[Int8]], [Int], RejectionTally), CaseError> {
        let scanner = CaseloadScanner(model: model, requirements: [.outcome12m], strict: strict, fastReader: fastReader)
        let design = ScorecardDesign(model: model, today: today)
        return scanner.map(bytes, format: format, progress: progress) { row in (design.categories(of: row.screening), row.labels.outcome12m!) }
            .map { rows, tally in (rows.map(\.0), rows.map(\.1), tally) }
    }
}
