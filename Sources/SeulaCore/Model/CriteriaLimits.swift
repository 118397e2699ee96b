/// The bounds every criteria file is checked against when it loads (`models/README.md`,
/// "Limits"). Each exists so that no accepted file can make deciding a case trap, lose
/// precision, or take more than a bounded amount of time and memory; each is far above what the
/// default criteria use.
public enum CriteriaLimits {
    // MARK: Numbers in a case (the input contract; the ranges expressions are checked against)

    /// The largest count a case may carry (`household.children`, an `int` indicator without a
    /// `max`): a 32-bit count, so no count can overflow anywhere it is stored or summed.
    public static let maxCount = Int(Int32.max)
    /// The range of `hetu_age`: dates are years 0000–9999 and a hetu's birth year 1800–2099.
    public static let hetuAgeRange = -10_000...10_000

    // MARK: The coping instrument

    /// At most this many coping items: the fewest-changes solver's table grows with
    /// items² × items · scale.max.
    public static let maxCopingItems = 32
    /// `coping.scale.max`: answers are small whole numbers (0–4, 0–5 and 0–10 scales fit).
    public static let copingScaleMax = 1...10
    /// A coping item's weight. Relative importances; the bounds keep Σ w·x and Σ w far from
    /// overflow and underflow (at most 32 · 10 · 1000), so the score is always a finite number.
    public static let copingWeight = 0.001...1000.0
    /// Thresholds, band starts and the near band are on the 0–100 score scale.
    public static let scoreScale = 0.0...100.0

    // MARK: The risk scorecard

    /// At most this many risk indicators (a case's gaps are a 64-bit mask).
    public static let maxIndicators = 64
    /// At most this many bins (int) or values (enum) per indicator: the counterfactual search
    /// tries each point level of each indicator.
    public static let maxLevelsPerIndicator = 64
    /// Points of one bin, value or true indicator.
    public static let indicatorPoints = 0...1000
    /// The sum of every indicator's maximum points. The risk score is shown with one decimal,
    /// so a finer scale than 1 000 points could not be seen, and the counterfactual solvers work
    /// in units of points.
    public static let maxTotalPoints = 1000
    /// `gap_review_at` and `undetermined_at_gaps` (a case never has more gaps than indicators).
    public static let gapCount = 1...64
    /// At most this many severe markers (`risk.high_when`) and scope rules: each is a bit of a
    /// 64-bit mask while a case is decided.
    public static let maxMarkers = 64
    public static let maxScopeRules = 64
    /// `routing.provision_rank` values.
    public static let provisionRank = 0...1000

    // MARK: Expressions

    /// Every numeric literal and every value any numeric part of an expression can take lies
    /// within ±2^53: there every whole number is exact as a Double, so counts compare and print
    /// exactly.
    public static let exactMagnitude = 9_007_199_254_740_992.0
    /// Nesting of one expression's text: parentheses, `not`, unary `-`, and each further
    /// operator of a `+ - * /` chain count one level (`and`/`or` chains do not).
    public static let maxTextDepth = 64
    /// Parts (names, constants, operators) in one expression's text.
    public static let maxTextSize = 2000
    /// Definitions using definitions: at most this many levels.
    public static let maxDefinitionNesting = 16
    /// An expression with every definition expanded, as it is evaluated: at most this many parts
    /// (so evaluating a rule costs at most this many steps) …
    public static let maxExpandedSize = 2000
    /// … nested at most this deep (evaluation recurses once per level).
    public static let maxExpandedDepth = 128
}
