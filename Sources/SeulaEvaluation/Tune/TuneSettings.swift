import SeulaCore

/// What `seula tune` searches and for what.
public struct TuneSettings: Sendable {
    public var objective: TuneMetric
    public var constraints: [TuneConstraint]
    /// The second figure of the Pareto front (default: `review_rate`, smaller is better).
    public var paretoMetric: TuneMetric
    public var paretoLargerIsBetter: Bool
    public var copingGrid: ThresholdGrid
    public var riskGrid: ThresholdGrid
    /// nil: the near band stays the model's; else these bands are searched too.
    public var bandGrid: ThresholdGrid?
    /// Points whose objective is within this of the best feasible objective count as ties for
    /// it; among them the best on the Pareto figure is chosen (`TuneRun`).
    public var tolerance: Double
    /// The default tolerance: 0.001 on the objective — below the sampling error of κ or an
    /// accuracy on any caseload a county tunes on (their 95 % intervals are about ±0.01 wide at
    /// 20 000 cases and ±0.0015 at a million), so points closer than that are not told apart
    /// by the data anyway.
    public static let defaultTolerance = 0.001

    public init(objective: TuneMetric, constraints: [TuneConstraint] = [], paretoMetric: TuneMetric = .reviewRate,
                paretoLargerIsBetter: Bool? = nil, copingGrid: ThresholdGrid = ThresholdGrid("0:100:1")!,
                riskGrid: ThresholdGrid = ThresholdGrid("0:100:1")!, bandGrid: ThresholdGrid? = nil,
                tolerance: Double = TuneSettings.defaultTolerance) {
        self.objective = objective
        self.constraints = constraints
        self.paretoMetric = paretoMetric
        self.paretoLargerIsBetter = paretoLargerIsBetter ?? paretoMetric.largerIsBetter
        self.copingGrid = copingGrid
        self.riskGrid = riskGrid
        self.bandGrid = bandGrid
        self.tolerance = tolerance
    }

    var needsReview: Bool {
        objective.usesReview || paretoMetric.usesReview || constraints.contains { $0.metric.usesReview }
    }

    var needsOutcomeLabels: Bool {
        objective.usesOutcomes || paretoMetric.usesOutcomes || constraints.contains { $0.metric.usesOutcomes }
    }
}

/// One evaluated grid point.
public struct TunePoint: Sendable, Equatable {
    public var coping: Double
    public var risk: Double
    public var band: Double
    public var objective: Double
    public var pareto: Double
    /// In the order of `TuneSettings.constraints`.
    public var constraintValues: [Double]
    public var feasible: Bool
}
