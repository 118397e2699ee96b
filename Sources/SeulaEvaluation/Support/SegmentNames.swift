import SeulaCore

/// How segments are named for people: the Finnish name with the id (`Pärjääjä (parjaaja)`),
/// and the colours the reports use for them.
public enum SegmentNames {
    public static func finnish(_ model: CriteriaModel, _ segment: Int) -> String {
        let q = model.segments.quadrants
        if segment < q.count { return q[segment].name["fi"] ?? q[segment].id }
        return model.segments.undeterminedName["fi"] ?? model.segments.undeterminedID
    }

    public static func id(_ model: CriteriaModel, _ segment: Int) -> String {
        model.segments.domain.values[segment]
    }

    /// `Pärjääjä (parjaaja)`.
    public static func labelled(_ model: CriteriaModel, _ segment: Int) -> String {
        let name = finnish(model, segment), id = id(model, segment)
        return name == id ? id : "\(name) (\(id))"
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

    /// Short column headings for text tables: the ids.
    public static func ids(_ model: CriteriaModel) -> [String] { model.segments.domain.values }
}
