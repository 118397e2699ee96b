import SeulaCore
import SeulaJSON

/// A row that passed case validation and label checks.
public struct ValidRow {
    public var line: Int
    public var screening: ScreeningCase
    public var labels: CaseLabels
}

/// Reads a caseload through `CaseValidator` (the same validation as `seula serve`) and the
/// label checks, calling `visit` for each valid row in input order and tallying every other
/// row by error code.
///
/// The evaluators' tools judge one criteria file on the caseload given, whatever the file's
/// in-force dates: `assessed_on` is validated (it must be a real date) but does not pick a
/// version, and a `hetu` is checked but never pseudonymised (nothing here outputs one).
public struct CaseloadScanner {
    public let model: CriteriaModel
    public let validator: CaseValidator
    public let labels: LabelReader
    /// False for tools that ignore labels (`diff`, `instrument`): the `label` member is then
    /// neither checked nor read.
    public let readsLabels: Bool

    public init(model: CriteriaModel, requirements: LabelRequirements, strict: Bool = false, readsLabels: Bool = true) {
        self.model = model
        validator = CaseValidator(model: model, strict: strict)
        labels = LabelReader(model: model, requirements: requirements)
        self.readsLabels = readsLabels
    }

    /// Complexity: O(bytes). Returns the tally, or the problem that makes the whole file
    /// unreadable (a CSV header that cannot be read).
    public func scan(_ bytes: [UInt8], format: CaseloadFormat, _ visit: (ValidRow) -> Void) -> Result<RejectionTally, CaseError> {
        var tally = RejectionTally()
        let headerProblem = CaseloadRows.forEach(bytes, format: format, model: model, strict: validator.strict) { row in
            switch check(row) {
            case .success(let valid): visit(valid)
            case .failure(let p): tally.add(p, line: row.line, id: row.recoveredID)
            }
        }
        if let headerProblem { return .failure(headerProblem) }
        return .success(tally)
    }

    /// Validates one row: the case first (field order as in `serve`), then its labels.
    public func check(_ row: CaseloadRow) -> Result<ValidRow, RowProblem> {
        switch row.content {
        case .failure(let e):
            return .failure(RowProblem(e))
        case .success(let (object, label)):
            let screening: ScreeningCase
            switch validator.validate(object) {
            case .failure(let e): return .failure(RowProblem(e))
            case .success(let c): screening = c
            }
            guard readsLabels else { return .success(ValidRow(line: row.line, screening: screening, labels: CaseLabels())) }
            switch labels.read(label) {
            case .failure(let p): return .failure(p)
            case .success(let l): return .success(ValidRow(line: row.line, screening: screening, labels: l))
            }
        }
    }
}
