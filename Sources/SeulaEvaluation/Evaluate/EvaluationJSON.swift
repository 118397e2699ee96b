import SeulaCore
import SeulaJSON

/// The machine-readable result of `seula evaluate --json`: one JSON object, keys sorted,
/// fractions rounded to 6 decimals.
public enum EvaluationJSON {
    typealias J = JSONBuilder

    public static func value(_ e: Evaluation, dataSHA256: String?) -> JSONValue {
        let m = e.model
        var members: [(String, JSONValue)] = [
            ("model", CriteriaRevision.origin(m)),
            ("data", J.object([("sha256", J.optionalString(dataSHA256)), ("rows", J.int(e.cases.count + e.rejections.total)),
                               ("evaluated", J.int(e.cases.count)), ("rejected", rejections(e.rejections))])),
            ("segments", J.object([("labels", J.array(m.segments.domain.values.map(J.string))),
                                   ("confusion", matrix(e.segments)),
                                   ("averaged_over", J.array(e.quadrants.map { J.string(SegmentNames.id(m, $0)) })),
                                   ("per_segment", J.array(e.quadrants.map { s in
                                       let f = e.perSegment[s]
                                       return J.object([("segment", J.string(SegmentNames.id(m, s))), ("caseworker", J.int(e.segments.rowTotal(s))),
                                                        ("seula", J.int(e.segments.columnTotal(s))), ("precision", estimate(f.precision)),
                                                        ("recall", estimate(f.recall)), ("f1", estimate(f.f1))])
                                   }))])),
            ("undetermined", J.object([
                ("segment", J.string(m.segments.undeterminedID)), ("cases", J.int(e.undetermined.count)),
                ("share", estimate(e.undetermined.share)), ("coping_undetermined", J.int(e.undetermined.byCoping)),
                ("risk_undetermined", J.int(e.undetermined.byRisk)),
                ("caseworker_segments", J.object(e.undetermined.caseworkerSegments.enumerated().map { (SegmentNames.id(m, $0.offset), J.int($0.element)) })),
                ("labelled_undetermined", J.int(e.undetermined.labelledUndetermined)),
            ])),
            ("risk_high_by_marker", J.int(e.highByMarker)),
            ("headline", J.object(e.headline.map { f, v in
                (f.rawValue, J.object([("value", J.number(v)),
                                       ("ci95", e.intervals[f].map { J.array([J.number($0.lower), J.number($0.upper)]) } ?? .null)]))
            })),
            ("bootstrap", J.object([("replicates", J.int(e.options.bootstrapReplicates)), ("seed", J.string(String(e.options.seed)))])),
        ]
        if let o = e.outcomes {
            members.append(("outcomes", J.object([("labels", J.array(m.outcomeLevels.values.map(J.string))), ("confusion", matrix(o)),
                                                  ("accuracy", J.number(o.accuracy)), ("quadratic_kappa", J.number(o.quadraticKappa))])))
        }
        if let s = e.services {
            let micro = s.micro
            members.append(("services", J.object([
                ("cases", J.int(s.cases)), ("micro_precision", J.number(micro.precision)), ("micro_recall", J.number(micro.recall)),
                ("micro_f1", J.number(micro.f1)), ("mean_jaccard", J.number(s.meanJaccard)), ("exact_match_rate", J.number(s.exactMatchRate)),
                ("products", J.array(s.seenProducts.map { p in
                    J.object([("product", J.string(m.products[p.product].id)), ("both", J.int(p.both)), ("seula_only", J.int(p.seulaOnly)),
                              ("caseworker_only", J.int(p.caseworkerOnly)), ("precision", J.number(p.precision)),
                              ("recall", J.number(p.recall)), ("f1", J.number(p.f1))])
                })),
            ])))
        }
        if let r = e.riskOutcome {
            members.append(("risk_outcome_12m", J.object([
                ("cases", J.int(r.cases)), ("positives", J.int(r.positives)), ("auc", J.number(r.auc)), ("brier", J.number(r.brier)),
                ("brier_base_rate", J.number(r.brierBaseRate)),
                ("without_score", J.int(r.withoutScore)),
                ("roc", J.array(r.roc.map { p in
                    J.object([("threshold", J.number(p.threshold)), ("fpr", J.number(p.falsePositiveRate)), ("tpr", J.number(p.truePositiveRate))])
                })),
                ("reliability", J.array(r.reliability.map { b in
                    J.object([("from", J.number(b.lower)), ("to", J.number(b.upper)), ("cases", J.int(b.cases)), ("events", J.int(b.events)),
                              ("mean_predicted", J.number(b.meanPredicted)), ("observed_rate", J.number(b.observedRate)),
                              ("ci95", J.array([J.number(b.observedLower), J.number(b.observedUpper)]))])
                })),
            ])))
        }
        members.append(("fairness", fairness(e)))
        return J.object(members)
    }

    static func estimate(_ x: Estimate) -> JSONValue {
        J.object([("value", J.number(x.value)), ("ci95", x.hasInterval ? J.array([J.number(x.lower), J.number(x.upper)]) : .null)])
    }

    static func fairness(_ e: Evaluation) -> JSONValue {
        let m = e.model, f = e.fairness
        return J.object([
            ("band", J.array([J.number(FairnessAudit.lowerBound), J.number(FairnessAudit.upperBound)])),
            ("minimum_group", J.int(f.minimumGroup)),
            ("minimum_count", J.int(f.minimumCount)),
            ("segments", J.array((0..<f.segments).map { J.string(SegmentNames.id(m, $0)) })),
            ("attributes", J.array(f.attributes.map { a in
                J.object([("attribute", J.string(a.name)), ("reference", J.string(a.reference)),
                          ("groups", J.array(a.groups.map { g in
                              var members: [(String, JSONValue)] = [("group", J.string(g.value)), ("cases", J.int(g.cases)),
                                                                    ("reference", .bool(g.isReference)), ("small", .bool(g.isSmall)),
                                                                    ("accuracy", J.number(g.accuracy))]
                              for fig in FairnessAudit.Figure.allCases {
                                  members.append((fig.rawValue, J.array(g.cells[fig]!.map { c in
                                      J.object([("value", J.number(c.value)), ("denominator", J.int(c.denominator)), ("events", J.int(c.events)),
                                                ("ratio", J.number(c.ratio)),
                                                ("ci95", c.lower.isFinite && c.upper.isFinite ? J.array([J.number(c.lower), J.number(c.upper)]) : .null),
                                                ("flagged", .bool(c.flagged))])
                                  })))
                              }
                              return J.object(members)
                          }))])
            })),
            ("flags", J.array(f.flags.map { x in
                J.object([("attribute", J.string(x.attribute)), ("group", J.string(x.group)), ("figure", J.string(x.figure.rawValue)),
                          ("segment", J.string(SegmentNames.id(m, x.segment))), ("ratio", J.number(x.cell.ratio)),
                          ("ci95", J.array([J.number(x.cell.lower), J.number(x.cell.upper)]))])
            })),
        ])
    }

    static func matrix(_ c: ConfusionMatrix) -> JSONValue {
        J.array((0..<c.classes).map { r in J.array((0..<c.classes).map { J.int(c[r, $0]) }) })
    }

    static func rejections(_ t: RejectionTally) -> JSONValue {
        J.object(t.codes.map { code in
            (code, J.object([("rows", J.int(t.counts[code]!)),
                             ("first", J.array(t.examples[code, default: []].map { p in
                                 J.object([("line", J.int(p.line)), ("id", J.optionalString(p.id)), ("path", J.string(p.path)), ("message", J.string(p.message))])
                             }))]))
        })
    }
}
