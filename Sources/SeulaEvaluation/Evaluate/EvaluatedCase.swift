import SeulaCore

/// One labelled case and what Seula decided about it (through `DecisionEngine`, exactly as
/// `seula serve` decides it), reduced to what the evaluators' figures need.
public struct EvaluatedCase: Sendable {
    public var line: Int
    public var id: String
    public var labels: CaseLabels
    public var age: Int
    public var municipality: String?
    public var language: String?
    /// Index into the model's segment domain.
    public var segment: Int
    /// The final outcome level (after overrides).
    public var outcome: Int
    public var copingScore: Double?
    public var riskScore: Double
    public var reviewRequired: Bool
    /// Recommended product indices, ascending.
    public var products: [Int]
    public var projection: CaseProjection

    /// Decides a validated row (the engine's steps, as `decide(_:explaining: false)` runs them,
    /// with the projection taken after the segment step).
    ///
    /// Complexity: one decision plus the per-quadrant overrides of the projection.
    public init(_ row: ValidRow, projector: SegmentationProjector) {
        let (p, d) = projector.projectAndDecide(row.screening)
        line = row.line
        id = row.screening.id
        labels = row.labels
        age = row.screening.age
        municipality = row.screening.municipality
        language = row.screening.language
        segment = d.segment.rawValue   // the confusion matrices count by list position
        outcome = d.finalOutcome.rawValue
        copingScore = d.coping.score
        riskScore = d.risk.score
        reviewRequired = !d.review.isEmpty
        products = d.services.map(\.product).sorted()
        projection = p
    }

    /// Reads and decides every valid row of a caseload, in input order.
    ///
    /// Complexity: O(bytes + n × decision).
    /// `today` is the assessment date of a row without `assessed_on` (only `hetu_age` reads it).
    public static func load(_ bytes: [UInt8], format: CaseloadFormat, model: CriteriaModel,
                            requirements: LabelRequirements, strict: Bool, today: CalendarDate,
                            progress: RunProgress? = nil, fastReader: Bool = true) -> Result<([EvaluatedCase], RejectionTally), CaseError> {
        let scanner = CaseloadScanner(model: model, requirements: requirements, strict: strict, fastReader: fastReader)
        let projector = SegmentationProjector(model: model, today: today)
        return scanner.map(bytes, format: format, progress: progress) { EvaluatedCase($0, projector: projector) }
    }
}
