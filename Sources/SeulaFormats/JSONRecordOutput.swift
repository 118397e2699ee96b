import SeulaCore
import SeulaJSON

/// Answers as JSON lines: the decision record (with reasons and counterfactuals), or the
/// general path's answer as it is.
public struct JSONRecordOutput: AnswerOutputFormat {
    @inlinable public init() {}

    @inlinable public var lastStep: DecisionStep { .finish }
    @inlinable public var needsExplaining: Bool { true }

    @inlinable
    public mutating func write(_ d: inout Decision, model: CriteriaModel, records: DecisionRecordWriter, lineNumber: Int,
                               into out: inout JSONWriter) {
        records.write(inPlace: &d, into: &out)
        out.raw(UInt8(ascii: "\n"))
    }

    @inlinable
    public mutating func write(answer: [UInt8], lineNumber: Int, into out: inout JSONWriter) {
        out.raw(answer)
        out.raw(UInt8(ascii: "\n"))
    }
}
