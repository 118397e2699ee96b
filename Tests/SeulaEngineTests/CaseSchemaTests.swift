import Foundation
import SeulaCore
@testable import SeulaEngine
import SeulaFormats
import SeulaJSON
import SeulaService
import XCTest

/// One schema serves every reader: for every field `CaseSchema` lists, in both criteria
/// versions, values at and just past its bounds and of the wrong JSON type are judged the same
/// by the general reader (`CaseValidator`) and the fast reader (`CaseLineParser`), and a CSV
/// column of that field gives the same case as the JSON member.
final class CaseSchemaTests: XCTestCase {
    /// A JSON value to probe a field with, and its text in a CSV cell (nil: no CSV form).
    private struct Probe {
        let json: String
        let csv: String?
    }

    private func probes(_ kind: CaseSchema.ValueKind) -> [Probe] {
        switch kind {
        case .identifier:
            let longest = String(repeating: "ä", count: CaseSchema.maxIDLength)
            return [Probe(json: "\"a\"", csv: "a"), Probe(json: "\"\(longest)\"", csv: longest),
                    Probe(json: "\"\(longest)x\"", csv: nil), Probe(json: "\"\"", csv: nil), Probe(json: "7", csv: nil)]
        case .hetu:
            let valid = hetu(born: CalendarDate(year: 1980, month: 5, day: 17)!, individual: 123, newSigns: false)
            return [Probe(json: "\"\(valid)\"", csv: valid), Probe(json: "\"170580-1230\"", csv: nil),
                    Probe(json: "5", csv: nil), Probe(json: "null", csv: "")]
        case .date:
            return [Probe(json: "\"2026-03-02\"", csv: "2026-03-02"), Probe(json: "\"2025-12-31\"", csv: "2025-12-31"),
                    Probe(json: "\"2026-02-30\"", csv: nil), Probe(json: "20260302", csv: nil), Probe(json: "null", csv: "")]
        case .text:
            return [Probe(json: "\"Järvenpää\"", csv: "Järvenpää"), Probe(json: "3", csv: nil), Probe(json: "null", csv: "")]
        case .integer(let min, let max):
            return [Probe(json: "\(min)", csv: "\(min)"), Probe(json: "\(max)", csv: "\(max)"),
                    Probe(json: "\(min - 1)", csv: nil), Probe(json: "\(max + 1)", csv: nil),
                    Probe(json: "\(min).0", csv: nil), Probe(json: "true", csv: nil), Probe(json: "\"\(min)\"", csv: nil),
                    Probe(json: "null", csv: "")]
        case .boolean:
            return [Probe(json: "true", csv: "true"), Probe(json: "false", csv: "false"), Probe(json: "1", csv: nil),
                    Probe(json: "\"true\"", csv: nil), Probe(json: "null", csv: "")]
        case .enumeration(let values):
            return values.map { Probe(json: "\"\($0)\"", csv: $0) }
                + [Probe(json: "\"\(values[0])x\"", csv: nil), Probe(json: "0", csv: nil), Probe(json: "null", csv: "")]
        }
    }

    /// A minimal case with `value` at `path` (replacing `id` or `age` when the path is one of them).
    private func line(_ path: String, _ value: String) -> String {
        var members: [(String, String)] = [("id", "\"s1\""), ("age", "40")]
        let parts = path.split(separator: ".").map(String.init)
        let member = parts.count == 1 ? value : "{\"\(parts[1])\":\(value)}"
        if let i = members.firstIndex(where: { $0.0 == parts[0] }) { members[i].1 = member } else { members.append((parts[0], member)) }
        return "{" + members.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    func testEverySchemaFieldIsReadAlikeByTheGeneralTheFastAndTheCSVReader() throws {
        let handler = try makeV1V2Handler()
        var probed = 0, accepted = 0
        for model in handler.criteria.models {
            let schema = CaseSchema(model: model)
            XCTAssertEqual(schema.fields.count, CaseField.allCases.count - 4 + HouseholdField.allCases.count
                           + model.coping.items.count + model.risk.indicators.count + model.flags.count)
            let validator = CaseValidator(model: model)
            let fast = CaseLineParser(model: model, strict: false, today: handler.options.today, acceptsHetu: true,
                                      appliesInForceDates: false)
            var c = ScreeningCase(id: "", age: 0, itemCount: 0, indicatorCount: 0, flagCount: 0)
            for field in schema.fields {
                // `null` on a required field is `missing_field`: no CSV form either.
                for probe in probes(field.kind) where !(field.required && probe.json == "null") {
                    let text = line(field.path, probe.json)
                    let bytes = Array(text.utf8)
                    let general = validator.validate(try JSONReader.parse(bytes, maxDepth: 32))
                    let outcome = bytes.withUnsafeBytes { fast.parse($0, into: &c) }
                    probed += 1
                    switch general {
                    case .success(let expected):
                        accepted += 1
                        XCTAssertEqual(outcome, .parsed, "\(model.version) \(field.path) = \(probe.json): the general reader accepts it, the fast reader does not")
                        if outcome == .parsed { XCTAssertEqual(c, expected, "\(model.version) \(field.path) = \(probe.json)") }
                        guard let cell = probe.csv else {
                            XCTFail("\(field.path) = \(probe.json) is valid but has no CSV form in the probe table")
                            continue
                        }
                        let header = field.path == "id" || field.path == "age" ? ["id", "age"] : ["id", "age", field.path]
                        var row = ["s1", "40"]
                        if field.path == "id" { row[0] = cell } else if field.path == "age" { row[1] = cell } else { row.append(cell) }
                        let csv = try CaseCSVReader(header: header, model: model)
                        switch csv.object(row) {
                        case .success(let object):
                            XCTAssertEqual(try validator.validate(object).get(), expected, "\(model.version) CSV column \(field.path) = \(cell)")
                        case .failure(let e):
                            XCTFail("\(model.version) CSV column \(field.path) = \(cell): \(e.message)")
                        }
                    case .failure(let e):
                        XCTAssertNotEqual(outcome, .parsed, "\(model.version) \(field.path) = \(probe.json): the fast reader takes what the general reader refuses (\(e.message))")
                        XCTAssertNil(probe.csv, "\(field.path) = \(probe.json) is refused (\(e.message)) but the probe table calls it valid")
                    }
                }
            }
        }
        XCTAssertGreaterThan(accepted, 200)
        XCTAssertGreaterThan(probed - accepted, 200)
    }

    /// Strict mode knows exactly the schema's members: each is accepted, a near-miss refused.
    func testStrictModeKnowsExactlyTheSchemasMembers() throws {
        let handler = try makeV1V2Handler()
        for model in handler.criteria.models {
            let schema = CaseSchema(model: model)
            let strict = CaseValidator(model: model, strict: true)
            for field in schema.fields where field.path != "id" && field.path != "age" {
                let value = field.kind == .boolean ? "true" : "null"
                let known = line(field.path, value)
                XCTAssertNoThrow(try strict.validate(JSONReader.parse(Array(known.utf8), maxDepth: 32)).get(), field.path)
                let unknown = line(field.path + "_x", value)
                guard case .failure(let e) = strict.validate(try JSONReader.parse(Array(unknown.utf8), maxDepth: 32)) else {
                    XCTFail("\(field.path)_x is accepted in strict mode"); continue
                }
                XCTAssertEqual(e.code, .unknownField, field.path)
                XCTAssertEqual(e.path, field.path + "_x")
            }
        }
    }

    /// Errors are ordered by the contract's field order, which is `CaseField`'s.
    func testFieldOrderIsTheContractOrder() {
        XCTAssertEqual(CaseField.allCases.map(\.name),
                       ["id", "hetu", "assessed_on", "age", "municipality", "language", "household", "coping", "risk", "flags"])
        XCTAssertEqual(CaseSchema.order(ofPath: "household.children"), CaseField.household.rawValue)
        XCTAssertEqual(CaseSchema.order(ofPath: "label.segment"), CaseField.allCases.count)
        for f in CaseField.allCases { XCTAssertEqual(CaseField(name: f.name), f) }
        for f in HouseholdField.allCases { XCTAssertEqual(HouseholdField(name: f.name), f) }
    }
}
