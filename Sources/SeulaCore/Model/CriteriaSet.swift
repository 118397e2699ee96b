/// One or more criteria versions, of which the one in force on a case's `assessed_on` decides it.
///
/// Versions may not overlap in time (checked when the set is made), so the choice is never
/// ambiguous.
public struct CriteriaSet: Sendable {
    /// Sorted by `effectiveFrom`.
    public let models: [CriteriaModel]

    public init(_ models: [CriteriaModel]) throws(ModelLoadError) {
        let sorted = models.sorted { $0.effectiveFrom < $1.effectiveFrom }
        var issues: [ModelIssue] = []
        for (a, b) in zip(sorted, sorted.dropFirst()) {
            if let end = a.effectiveTo, end < b.effectiveFrom { continue }
            issues.append(ModelIssue(path: "effective_from",
                                     message: "\(b.id) \(b.version) (from \(b.effectiveFrom)) overlaps \(a.id) \(a.version) (from \(a.effectiveFrom) to \(a.effectiveTo.map(\.description) ?? "open")); give the earlier one an effective_to"))
        }
        if sorted.isEmpty { issues.append(ModelIssue(path: "", message: "no criteria file given")) }
        if !issues.isEmpty { throw ModelLoadError(issues: issues) }
        self.models = sorted
    }

    public init(single model: CriteriaModel) {
        self.models = [model]
    }

    /// The model in force on `date`, or nil.
    public func model(on date: CalendarDate) -> CriteriaModel? {
        models.last { $0.isInForce(on: date) }
    }

    /// The newest model: the one `model` commands describe and unknown dates are reported against.
    public var newest: CriteriaModel { models[models.count - 1] }

    /// The error for a date no model covers.
    public func notInForce(_ date: CalendarDate) -> CaseError {
        let spans = models.map { "\($0.effectiveFrom)..\($0.effectiveTo.map(\.description) ?? "")" }.joined(separator: ", ")
        return CaseError(.outOfRange, path: "assessed_on", "no criteria are in force on \(date) (loaded: \(spans))")
    }
}

/// Turns a validated hetu into a keyed pseudonym. Implemented outside the core (it needs a
/// key and libcrypto); the core only knows it may be absent.
public protocol Pseudonymizer: Sendable {
    func pseudonym(forHetu hetu: String) -> String
}
