/// A figure the threshold search can optimise or constrain, computed at one grid point from
/// the segment confusion matrix (caseworker × Seula), the outcome-level confusion matrix and
/// the review rate.
///
/// Names: `kappa`, `accuracy`, `balanced_accuracy`, `macro_f1` (segments; the last two over the
/// four quadrant segments, as `seula evaluate` reports them — the segment domain ends with the
/// undetermined segment);
/// `outcome_kappa` (quadratic-weighted κ on outcome levels), `outcome_accuracy`;
/// `recall(S)`, `precision(S)`, `f1(S)`, `fnr(S)`, `fpr(S)`, `share(S)` for a segment id S
/// (`share` = share of labelled cases Seula puts in S); `review_rate` (share asked for
/// professional review, which depends on the near band too).
public enum TuneMetric: Sendable, Equatable, CustomStringConvertible {
    case kappa, accuracy, balancedAccuracy, macroF1
    case outcomeKappa, outcomeAccuracy
    case recall(Int), precision(Int), f1(Int), fnr(Int), fpr(Int), share(Int)
    case reviewRate

    public static let objectiveNames = ["kappa", "accuracy", "balanced_accuracy", "macro_f1", "outcome_kappa", "outcome_accuracy"]

    /// Parses a metric name against the model's segment ids.
    public static func parse(_ text: String, segments: [String]) -> Result<TuneMetric, TuneSpecError> {
        let t = text.trimmingCharacters(in: " ")
        if let open = t.firstIndex(of: "("), t.hasSuffix(")") {
            let name = String(t[..<open]).trimmingCharacters(in: " ")
            let arg = String(t[t.index(after: open)..<t.index(before: t.endIndex)]).trimmingCharacters(in: " ")
            guard let s = segments.firstIndex(of: arg) else {
                return .failure(TuneSpecError("'\(arg)' is not a segment (\(segments.joined(separator: ", ")))"))
            }
            switch name {
            case "recall": return .success(.recall(s))
            case "precision": return .success(.precision(s))
            case "f1": return .success(.f1(s))
            case "fnr": return .success(.fnr(s))
            case "fpr": return .success(.fpr(s))
            case "share": return .success(.share(s))
            default: return .failure(TuneSpecError("unknown metric '\(name)(…)'; per segment: recall, precision, f1, fnr, fpr, share"))
            }
        }
        switch t {
        case "kappa": return .success(.kappa)
        case "accuracy": return .success(.accuracy)
        case "balanced_accuracy": return .success(.balancedAccuracy)
        case "macro_f1": return .success(.macroF1)
        case "outcome_kappa", "weighted_kappa": return .success(.outcomeKappa)
        case "outcome_accuracy": return .success(.outcomeAccuracy)
        case "review_rate": return .success(.reviewRate)
        default:
            return .failure(TuneSpecError("unknown metric '\(t)'; known: \(objectiveNames.joined(separator: ", ")), review_rate, and recall(S), precision(S), f1(S), fnr(S), fpr(S), share(S)"))
        }
    }

    /// The figure at one point. `review` is the review rate (nil when not computed).
    @inlinable
    public func value(segments m: ConfusionMatrix, outcomes o: ConfusionMatrix, review: Double?) -> Double {
        switch self {
        case .kappa: return m.cohenKappa
        case .accuracy: return m.accuracy
        case .balancedAccuracy: return m.balancedAccuracy(over: Array(0..<(m.classes - 1)))
        case .macroF1: return m.macroF1(over: Array(0..<(m.classes - 1)))
        case .outcomeKappa: return o.total > 0 ? o.quadraticKappa : .nan
        case .outcomeAccuracy: return o.total > 0 ? o.accuracy : .nan
        case .recall(let s): return m.recall(s)
        case .precision(let s): return m.precision(s)
        case .f1(let s): return m.f1(s)
        case .fnr(let s): return m.falseNegativeRate(s)
        case .fpr(let s): return m.falsePositiveRate(s)
        case .share(let s): return m.predictedShare(s)
        case .reviewRate: return review ?? .nan
        }
    }

    public var usesOutcomes: Bool { self == .outcomeKappa || self == .outcomeAccuracy }
    public var usesReview: Bool { self == .reviewRate }

    /// Whether larger is better (for the Pareto front's default direction).
    public var largerIsBetter: Bool {
        switch self {
        case .fnr, .fpr, .reviewRate: return false
        default: return true
        }
    }

    public func name(segments: [String]) -> String {
        switch self {
        case .kappa: return "kappa"
        case .accuracy: return "accuracy"
        case .balancedAccuracy: return "balanced_accuracy"
        case .macroF1: return "macro_f1"
        case .outcomeKappa: return "outcome_kappa"
        case .outcomeAccuracy: return "outcome_accuracy"
        case .recall(let s): return "recall(\(segments[s]))"
        case .precision(let s): return "precision(\(segments[s]))"
        case .f1(let s): return "f1(\(segments[s]))"
        case .fnr(let s): return "fnr(\(segments[s]))"
        case .fpr(let s): return "fpr(\(segments[s]))"
        case .share(let s): return "share(\(segments[s]))"
        case .reviewRate: return "review_rate"
        }
    }

    public var description: String { name(segments: ["0", "1", "2", "3", "4", "5", "6", "7"]) }
}

/// `METRIC OP NUMBER` with OP one of `>=`, `<=`, `>`, `<`: `recall(huolenpito) >= 0.90`.
/// A point whose figure is undefined (NaN) never satisfies a constraint.
public struct TuneConstraint: Sendable, Equatable {
    public enum Relation: String, Sendable { case atLeast = ">=", atMost = "<=", above = ">", below = "<" }
    public var metric: TuneMetric
    public var relation: Relation
    public var bound: Double
    public var text: String

    public static func parse(_ text: String, segments: [String]) -> Result<TuneConstraint, TuneSpecError> {
        for op in [">=", "<=", ">", "<"] {
            guard let r = text.range(of: op) else { continue }
            let left = String(text[..<r.lowerBound]), right = String(text[r.upperBound...]).trimmingCharacters(in: " ")
            guard let bound = Double(right), bound.isFinite else {
                return .failure(TuneSpecError("constraint '\(text)': '\(right)' is not a number"))
            }
            switch TuneMetric.parse(left, segments: segments) {
            case .failure(let e): return .failure(TuneSpecError("constraint '\(text)': \(e.message)"))
            case .success(let m):
                let canonical = "\(m.name(segments: segments)) \(op) \(right)"
                return .success(TuneConstraint(metric: m, relation: Relation(rawValue: op)!, bound: bound, text: canonical))
            }
        }
        return .failure(TuneSpecError("constraint '\(text)' needs one of >=, <=, >, < (e.g. 'recall(huolenpito) >= 0.9')"))
    }

    @inlinable
    public func holds(_ v: Double) -> Bool {
        guard v.isFinite else { return false }
        switch relation {
        case .atLeast: return v >= bound
        case .atMost: return v <= bound
        case .above: return v > bound
        case .below: return v < bound
        }
    }
}

public struct TuneSpecError: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
