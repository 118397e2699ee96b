import SeulaCore
import SeulaFormats
import SeulaJSON
import SeulaService
import SeulaSynthetic
import XCTest

/// `--format csv` reads back, through `CaseCSVReader`, to the same objects as the JSON lines.
final class CSVTests: XCTestCase {
    /// The generator's CSV header is the criteria's case schema, column for column.
    func testCSVHeaderIsTheCaseSchema() {
        XCTAssertEqual(Vocabulary.csvColumns(labels: false), CaseSchema(model: contractModel).fields.map(\.path))
    }

    func testCSVRoundTripsToTheJSONLinesObjects() throws {
        for labels in [false, true] {
            let options = GeneratorOptions(count: 3_000, seed: 8, labels: labels, badRate: 0.1)
            var csvOptions = options
            csvOptions.format = .csv
            let json = lines(CaseloadGenerator(options).bytes())
            let generator = CaseloadGenerator(csvOptions)
            let csv = lines(generator.bytes())
            XCTAssertEqual(csv.count, json.count + 1)
            let header = String(decoding: csv[0], as: UTF8.self)
            XCTAssertTrue(header.hasPrefix("id,hetu,assessed_on,age,municipality,language,household.children,"))
            XCTAssertTrue(header.contains(",coping.household_chores,"))
            XCTAssertTrue(header.contains(",risk.housing,"))
            XCTAssertTrue(header.contains(",flags.immediate_danger,"))
            XCTAssertTrue(header.contains(",flags.child_special_support,flags.care_allowance_highest"), "the 16th flag, last")
            XCTAssertEqual(header.split(separator: ",").filter { $0.hasPrefix("flags.") }.count, 16)
            XCTAssertEqual(header.hasSuffix(",label.segment,label.outcome,label.services,label.outcome_12m,label.gender"), labels)
            let reader = try csvReader(csv[0])
            var compared = 0
            for i in json.indices where generator.malformation(i) == nil {
                guard case .success(let fromCSV)? = readCSVRow(csv[i + 1], reader: reader) else {
                    return XCTFail("row \(i + 1) cannot be read")
                }
                XCTAssertEqual(fromCSV, try JSONReader.parse(Array(json[i])), "line \(i + 1)")
                compared += 1
            }
            XCTAssertGreaterThan(compared, 2_500)
        }
    }

    func testServicesAreJoinedWithSemicolons() throws {
        let generator = CaseloadGenerator(GeneratorOptions(count: 200, seed: 8, labels: true, format: .csv))
        let all = lines(generator.bytes())
        let reader = try csvReader(all[0])
        let column = reader.columns.firstIndex { $0.path == ["label", "services"] }!
        var multi = 0
        for (i, row) in all.dropFirst().enumerated() {
            let fields = row.withUnsafeBytes { CaseCSVReader.fields($0) }!
            XCTAssertEqual(fields[column], generator.syntheticCase(i).label!.serviceIDs.joined(separator: ";"))
            if fields[column].contains(";") { multi += 1 }
        }
        XCTAssertGreaterThan(multi, 100)
    }
}
