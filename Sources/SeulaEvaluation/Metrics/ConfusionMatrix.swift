/// Counts of (true class, predicted class) pairs over `classes` classes, and the agreement
/// figures computed from them. Rows are the truth (the caseworker's label), columns Seula.
///
/// Conventions follow scikit-learn 1.x so figures can be checked against it: a precision,
/// recall or F1 with a zero denominator is 0; macro F1 averages over the classes present in
/// the truth or the predictions; balanced accuracy averages recall over the classes present
/// in the truth; κ with no room for agreement beyond chance (1 − pₑ = 0) is NaN.
///
/// Invariant: `counts.count == classes * classes`, every count ≥ 0.
public struct ConfusionMatrix: Sendable, Equatable {
    public let classes: Int
    /// Row-major: `counts[truth * classes + predicted]`.
    public var counts: [Int]

    public init(classes: Int) {
        self.classes = classes
        counts = Array(repeating: 0, count: classes * classes)
    }

    @inlinable
    public subscript(truth: Int, predicted: Int) -> Int {
        get { counts[truth * classes + predicted] }
        set { counts[truth * classes + predicted] = newValue }
    }

    public mutating func add(truth: Int, predicted: Int, count: Int = 1) {
        counts[truth * classes + predicted] += count
    }

    public var total: Int { counts.reduce(0, +) }
    public func rowTotal(_ t: Int) -> Int { (0..<classes).reduce(0) { $0 + self[t, $1] } }
    public func columnTotal(_ p: Int) -> Int { (0..<classes).reduce(0) { $0 + self[$1, p] } }
    public var diagonal: Int { (0..<classes).reduce(0) { $0 + self[$1, $1] } }

    /// Share of cases on the diagonal.
    public var accuracy: Double { Double(diagonal) / Double(total) }

    /// Cohen's κ = (pₒ − pₑ) / (1 − pₑ), unweighted.
    ///
    /// Complexity: O(classes²).
    public var cohenKappa: Double { weightedKappa(power: 0) }

    /// Quadratic-weighted κ on ordered classes: disagreement weight (i − j)² / (k − 1)² with i, j
    /// the class indices (so classes are ordinal in index order, absent levels included).
    public var quadraticKappa: Double { weightedKappa(power: 2) }

    /// κ with disagreement weights |i − j|^power (power 0: every disagreement weighs 1).
    /// κ = 1 − Σ wᵢⱼ Oᵢⱼ / Σ wᵢⱼ Eᵢⱼ, with E the outer product of the marginals over n.
    func weightedKappa(power: Int) -> Double {
        let n = Double(total)
        guard n > 0 else { return .nan }
        var observed = 0.0, expected = 0.0
        let rows = (0..<classes).map { Double(rowTotal($0)) }
        let cols = (0..<classes).map { Double(columnTotal($0)) }
        for i in 0..<classes {
            for j in 0..<classes where i != j {
                let d = Double(abs(i - j))
                var w = 1.0
                for _ in 0..<power { w *= d }
                observed += w * Double(self[i, j])
                expected += w * rows[i] * cols[j] / n
            }
        }
        guard expected > 0 else { return .nan }
        return 1 - observed / expected
    }

    public func precision(_ c: Int) -> Double { ratio(self[c, c], columnTotal(c)) }
    public func recall(_ c: Int) -> Double { ratio(self[c, c], rowTotal(c)) }

    public func f1(_ c: Int) -> Double {
        let p = precision(c), r = recall(c)
        return p + r > 0 ? 2 * p * r / (p + r) : 0
    }

    /// One-vs-rest false negative rate: the share of class `c` cases Seula put elsewhere.
    /// NaN when no case is truly `c`.
    public func falseNegativeRate(_ c: Int) -> Double {
        let t = rowTotal(c)
        return t > 0 ? Double(t - self[c, c]) / Double(t) : .nan
    }

    /// One-vs-rest false positive rate: the share of not-`c` cases Seula put in `c`.
    /// NaN when every case is truly `c`.
    public func falsePositiveRate(_ c: Int) -> Double {
        let negatives = total - rowTotal(c)
        return negatives > 0 ? Double(columnTotal(c) - self[c, c]) / Double(negatives) : .nan
    }

    /// Share of all cases Seula put in class `c`.
    public func predictedShare(_ c: Int) -> Double { Double(columnTotal(c)) / Double(total) }

    /// Classes that occur in the truth or the predictions.
    public var presentClasses: [Int] { (0..<classes).filter { rowTotal($0) > 0 || columnTotal($0) > 0 } }

    public var macroF1: Double {
        let present = presentClasses
        guard !present.isEmpty else { return .nan }
        return present.reduce(0.0) { $0 + f1($1) } / Double(present.count)
    }

    public var balancedAccuracy: Double {
        let present = (0..<classes).filter { rowTotal($0) > 0 }
        guard !present.isEmpty else { return .nan }
        return present.reduce(0.0) { $0 + recall($1) } / Double(present.count)
    }

    private func ratio(_ a: Int, _ b: Int) -> Double { b > 0 ? Double(a) / Double(b) : 0 }

    /// Macro F1 over the listed classes only — scikit-learn's `f1_score(labels=classes,
    /// average='macro')`: every listed class counts (an undefined F1 is 0); cases of other
    /// classes still count as misses and false alarms of the listed ones.
    public func macroF1(over classes: [Int]) -> Double {
        guard !classes.isEmpty, total > 0 else { return .nan }
        return classes.reduce(0.0) { $0 + f1($1) } / Double(classes.count)
    }

    /// Balanced accuracy over the listed classes: mean recall over those of them present in the
    /// truth (scikit-learn's `balanced_accuracy_score` on the cases whose truth is listed, i.e.
    /// `recall_score(labels=present, average='macro')`); NaN when none is present.
    public func balancedAccuracy(over classes: [Int]) -> Double {
        let present = classes.filter { rowTotal($0) > 0 }
        guard !present.isEmpty else { return .nan }
        return present.reduce(0.0) { $0 + recall($1) } / Double(present.count)
    }
}
