import SeulaCore
import SeulaJSON

extension TuneRun {
    /// The new criteria version for the best point: thresholds (and band) changed, minor
    /// version bumped, provenance recording where it came from and how. nil when no feasible
    /// point or nothing changes.
    public func revision(dataSHA256: String, dataName: String, rejected: Int) -> CriteriaRevision? {
        guard let best, changesThresholds else { return nil }
        typealias J = JSONBuilder
        let segments = model.segments.domain.values
        var changes: [(path: String, value: JSONValue)] = []
        var changeRecords: [JSONValue] = []
        func change(_ path: String, _ old: Double, _ new: Double) {
            guard old != new else { return }
            changes.append((path, J.exact(new)))
            changeRecords.append(J.object([("path", J.string(path)), ("from", J.exact(old)), ("to", J.exact(new))]))
        }
        change("coping.threshold", current.coping, best.coping)
        change("risk.threshold", current.risk, best.risk)
        change("segments.near_band", current.band, best.band)
        let objective = settings.objective.name(segments: segments)
        let constraints = settings.constraints.map(\.text)
        let note = "Thresholds chosen by seula tune to maximise \(objective) (\(NumberText.fixed(current.objective, 4)) → \(NumberText.fixed(best.objective, 4)))"
            + " on \(cases) labelled cases" + (constraints.isEmpty ? "" : ", subject to \(constraints.joined(separator: ", "))")
            + ". Set effective_from/effective_to before adopting it alongside the version it derives from."
        let provenance = J.object([
            ("source", model.document.value["provenance"]?["source"] ?? .null),
            ("derived_from", CriteriaRevision.origin(model)),
            ("note", J.string(note)),
            ("changes", J.array(changeRecords)),
            ("created_by", J.object([
                ("tool", J.string("seula tune")),
                ("objective", J.string(objective)),
                ("constraints", J.array(constraints.map(J.string))),
                ("choice", J.object([("tolerance", J.number(settings.tolerance)),
                                     ("pareto", J.string(settings.paretoMetric.name(segments: segments) + (settings.paretoLargerIsBetter ? ":max" : ":min"))),
                                     ("then", J.string("nearest the current thresholds"))])),
                ("objective_value", J.object([("from", J.number(current.objective)), ("to", J.number(best.objective))])),
                ("grid", J.object([("coping", J.string(settings.copingGrid.text)), ("risk", J.string(settings.riskGrid.text)),
                                   ("near_band", settings.bandGrid.map { J.string($0.text) } ?? J.string("fixed"))])),
                ("data", J.object([("file", J.string(dataName)), ("sha256", J.string(dataSHA256)),
                                   ("cases", J.int(cases)), ("rejected", J.int(rejected))])),
            ])),
        ])
        return CriteriaRevision(changes: changes, provenance: provenance)
    }
}
