import SeulaCore

/// Segment ids and the colours the reports use for them (names in a language: `NameBook`).
public enum SegmentNames {
    public static func id(_ model: CriteriaModel, _ segment: Int) -> String {
        model.segments.domain.values[segment]
    }

    /// A colour per quadrant by its position on the two axes, grey for undetermined.
    public static func colour(_ model: CriteriaModel, _ segment: Int) -> String {
        let q = model.segments.quadrants
        guard segment < q.count else { return "#8c8c8c" }
        switch (q[segment].copingHard, q[segment].riskHigh) {
        case (false, false): return "#3a9a5b"
        case (true, false): return "#e0a21b"
        case (false, true): return "#3a78c2"
        case (true, true): return "#c8463d"
        }
    }
}
