import SeulaCore
import SeulaJSON
import SeulaService
import SeulaSynthetic
import XCTest

/// `--bad-rate`: the expected share of lines fails, each kind the way it should, kinds evenly.
final class MalformedLineTests: XCTestCase {
    func testJSONLinesFailAsTheirKindSays() {
        let n = 6_000
        let generator = CaseloadGenerator(GeneratorOptions(count: n, seed: 99, labels: true, badRate: 0.2))
        let validator = CaseValidator(model: contractModel)   // knows flags.care_allowance_highest, which flagText may break
        let all = lines(generator.bytes())
        XCTAssertEqual(all.count, n, "every malformed line is still a single line")
        var failing = 0
        var byKind: [MalformedKind: Int] = [:]
        for (i, line) in all.enumerated() {
            let answer = readJSONLine(line, validator: validator)
            let ok: Bool
            if case .success? = answer { ok = true } else { ok = false }
            if !ok { failing += 1 }
            guard let bad = generator.malformation(i) else {
                XCTAssertTrue(ok, "line \(i + 1) should be a valid case: \(String(decoding: line, as: UTF8.self))")
                continue
            }
            byKind[bad.kind, default: 0] += 1
            switch answer {
            case nil:
                XCTAssertNil(bad.kind.expectedError, "line \(i + 1) (\(bad.kind)) is blank")
            case .success:
                XCTFail("line \(i + 1) (\(bad.kind)) was accepted: \(String(decoding: line, as: UTF8.self))")
            case .failure(let e)?:
                XCTAssertEqual(e.code, bad.kind.expectedError, "line \(i + 1) (\(bad.kind)): \(e)")
            }
        }
        XCTAssertEqual(Double(failing) / Double(n), 0.2, accuracy: 0.02)
        let expected = Double(failing) / Double(MalformedKind.allCases.count)
        for kind in MalformedKind.allCases {
            XCTAssertEqual(Double(byKind[kind] ?? 0), expected, accuracy: expected * 0.5, "\(kind) evenly spread")
        }
        XCTAssertEqual(byKind.values.reduce(0, +), failing)
    }

    func testSpecificShapes() throws {
        let generator = CaseloadGenerator(GeneratorOptions(count: 3_000, seed: 4, badRate: 1))
        let all = lines(generator.bytes())
        var seen = Set<MalformedKind>()
        for (i, line) in all.enumerated() {
            let kind = try XCTUnwrap(generator.malformation(i)).kind
            seen.insert(kind)
            let text = String(decoding: line, as: UTF8.self)
            switch kind {
            case .invalidUTF8: XCTAssertNil(String(validating: line, as: UTF8.self), text)
            case .deeplyNested: XCTAssertTrue(text.contains(String(repeating: "[", count: 200)))
            case .hugeExponent: XCTAssertTrue(text.contains("1e400"))
            case .hugeInteger: XCTAssertTrue(text.contains("123456789012345678901234567890"))
            case .blank: XCTAssertTrue(line.isEmpty)
            case .whitespace: XCTAssertTrue(!line.isEmpty && line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D })
            case .idTooLong:
                let id = try XCTUnwrap(JSONReader.parse(Array(line))["id"]?.stringValue)
                XCTAssertEqual(id.unicodeScalars.count, 129)
            case .impossibleDate:
                let date = try XCTUnwrap(JSONReader.parse(Array(line))["assessed_on"]?.stringValue)
                XCTAssertNil(CalendarDate(iso: date), date)
                XCTAssertEqual(date.count, 10)
            default: break
            }
        }
        XCTAssertEqual(seen.count, MalformedKind.allCases.count)
    }

    func testCSVRowsFailAsTheirKindSays() throws {
        let n = 4_000
        let generator = CaseloadGenerator(GeneratorOptions(count: n, seed: 17, labels: true, badRate: 0.25, format: .csv))
        let all = lines(generator.bytes())
        XCTAssertEqual(all.count, n + 1)
        let reader = try csvReader(all[0])
        let validator = CaseValidator(model: contractModel)
        var failing = 0
        var seen = Set<MalformedKind>()
        for (i, row) in all.dropFirst().enumerated() {
            let object = readCSVRow(row, reader: reader)
            var outcome: Result<ScreeningCase, CaseError>? = nil
            switch object {
            case nil: break
            case .failure(let e)?: outcome = .failure(e)
            case .success(let v)?: outcome = validator.validate(v)
            }
            let ok: Bool
            if case .success? = outcome { ok = true } else { ok = false }
            if !ok { failing += 1 }
            guard let bad = generator.malformation(i) else {
                XCTAssertTrue(ok, "row \(i + 1): \(String(decoding: row, as: UTF8.self)) → \(String(describing: outcome))")
                continue
            }
            seen.insert(bad.kind)
            switch outcome {
            case nil:
                XCTAssertNil(bad.kind.expectedCSVError, "row \(i + 1) (\(bad.kind)) is blank")
            case .success?:
                XCTFail("row \(i + 1) (\(bad.kind)) was accepted: \(String(decoding: row, as: UTF8.self))")
            case .failure(let e)?:
                if bad.kind == .invalidUTF8 {
                    XCTAssertTrue([ErrorCode.invalidType, .invalidCSV].contains(e.code), "\(e)")
                } else {
                    XCTAssertEqual(e.code, bad.kind.expectedCSVError, "row \(i + 1) (\(bad.kind)): \(e)")
                }
            }
        }
        XCTAssertEqual(Double(failing) / Double(n), 0.25, accuracy: 0.025)
        XCTAssertEqual(seen.count, MalformedKind.allCases.count)
    }
}
