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
                                   ("per_segment", J.array((0..<e.segments.classes).map { s in
                                       J.object([("segment", J.string(SegmentNames.id(m, s))), ("caseworker", J.int(e.segments.rowTotal(s))),
                                                 ("seula", J.int(e.segments.columnTotal(s))), ("precision", J.number(e.segments.precision(s))),
                                                 ("recall", J.number(e.segments.recall(s))), ("f1", J.number(e.segments.f1(s)))])
                                   }))])),
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
                ("calibration", J.array(r.calibration.map { b in
                    J.object([("cases", J.int(b.cases)), ("lowest_score", J.number(b.lowestScore)), ("highest_score", J.number(b.highestScore)),
                              ("mean_predicted", J.number(b.meanPredicted)), ("observed_rate", J.number(b.observedRate))])
                })),
            ])))
        }
        members.append(("fairness", fairness(e)))
        return J.object(members)
    }

    static func fairness(_ e: Evaluation) -> JSONValue {
        let m = e.model, f = e.fairness
        return J.object([
            ("band", J.array([J.number(FairnessAudit.lowerBound), J.number(FairnessAudit.upperBound)])),
            ("minimum_group", J.int(f.minimumGroup)),
            ("segments", J.array((0..<f.segments).map { J.string(SegmentNames.id(m, $0)) })),
            ("attributes", J.array(f.attributes.map { a in
                J.object([("attribute", J.string(a.name)), ("reference", J.string(a.reference)),
                          ("groups", J.array(a.groups.map { g in
                              var members: [(String, JSONValue)] = [("group", J.string(g.value)), ("cases", J.int(g.cases)),
                                                                    ("reference", .bool(g.isReference)), ("small", .bool(g.isSmall)),
                                                                    ("accuracy", J.number(g.accuracy))]
                              for fig in FairnessAudit.Figure.allCases {
                                  members.append((fig.rawValue, J.array(g.figures[fig]!.map { J.number($0) })))
                                  members.append(("\(fig.rawValue)_disparity", J.array(g.disparities[fig]!.map { J.number($0) })))
                              }
                              members.append(("flagged", J.array(g.flagged.map { x in
                                  J.object([("figure", J.string(x.figure.rawValue)), ("segment", J.string(SegmentNames.id(m, x.segment))),
                                            ("ratio", J.number(x.ratio))])
                              })))
                              return J.object(members)
                          }))])
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
