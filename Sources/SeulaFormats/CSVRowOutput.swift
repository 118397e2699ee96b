import SeulaCore
import SeulaJSON

/// Answers as CSV rows (`RecordCSV`'s columns): straight from a decision on the fast path, or
/// projected from the general path's answer line (a record or an error).
public struct CSVRowOutput: AnswerOutputFormat {
    public let projection: RecordCSV
    public let lastStep: DecisionStep
    /// A row being written (reused from row to row).
    private var row: [UInt8] = []

    public init(_ projection: RecordCSV) {
        self.projection = projection
        lastStep = projection.lastStep
    }

    /// Only the JSON record shows reasons and counterfactuals.
    public var needsExplaining: Bool { false }

    public mutating func write(_ d: inout Decision, model: CriteriaModel, records: DecisionRecordWriter, lineNumber: Int,
                               into out: inout JSONWriter) {
        row.removeAll(keepingCapacity: true)
        projection.row(d, model: model, lineNumber: lineNumber, into: &row)
        out.raw(row)
    }

    public mutating func write(answer: [UInt8], lineNumber: Int, into out: inout JSONWriter) {
        out.raw(answer.withUnsafeBytes { projection.row($0, lineNumber: lineNumber) })
    }
}
