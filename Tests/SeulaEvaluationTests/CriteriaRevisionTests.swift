import Foundation
import SeulaCore
import SeulaEvaluation
import SeulaJSON
import XCTest

final class CriteriaRevisionTests: XCTestCase {
    func testSourceMapFindsValues() {
        let map = JSONSourceMap(defaultModelBytes)
        func text(_ path: String) -> String {
            let s = map.spans[path]!
            return String(decoding: defaultModelBytes[s.start..<s.end], as: UTF8.self)
        }
        XCTAssertEqual(text("coping.threshold"), "40")
        XCTAssertEqual(text("risk.threshold"), "35")
        XCTAssertEqual(text("version"), "\"1.0.1\"")
        XCTAssertEqual(text("risk.indicators[0].bins[3].points"), "3")
        XCTAssertEqual(text("risk.indicators[2].values[4].points"), "4")
    }

    func testRevisionKeepsEveryOtherByte() throws {
        let revision = CriteriaRevision(changes: [("coping.threshold", JSONBuilder.exact(42.5)), ("risk.threshold", JSONBuilder.exact(31))],
                                        provenance: JSONBuilder.object([("derived_from", CriteriaRevision.origin(defaultModel)), ("note", .string("test"))]))
        let bytes = try revision.apply(to: defaultModelBytes, model: defaultModel)
        let model = try ModelLoader.load(bytes: bytes, sha256: "x")
        XCTAssertEqual(model.coping.threshold, 42.5)
        XCTAssertEqual(model.risk.threshold, 31)
        XCTAssertEqual(model.version, "1.1.0")
        XCTAssertEqual(model.document.value["provenance"]?["derived_from"]?["version"]?.stringValue, "1.0.1")
        let changes = DocumentDiff.changes(defaultModel.document.value, model.document.value).map(\.path)
        XCTAssertEqual(changes, ["version", "provenance.source", "provenance.derived_from", "provenance.note", "provenance.changes", "coping.threshold", "risk.threshold"])
        // Only the edited lines differ: the version, the two thresholds and the provenance block.
        let old = String(decoding: defaultModelBytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let new = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let oldSet = Set(old), newSet = Set(new)
        XCTAssertLessThanOrEqual(new.filter { !oldSet.contains($0) }.count, 10)
        XCTAssertLessThanOrEqual(old.filter { !newSet.contains($0) }.count, 8)
        XCTAssertTrue(new.contains { $0.contains("\"threshold\": 42.5") })
    }

    func testBumpMinor() {
        XCTAssertEqual(CriteriaRevision.bumpMinor("1.0.0"), "1.1.0")
        XCTAssertEqual(CriteriaRevision.bumpMinor("2.9.7"), "2.10.0")
        XCTAssertNil(CriteriaRevision.bumpMinor("1.0"))
    }

    func testThresholdLiteralsAreFound() {
        // The default criteria write the hard side as `coping_score >= coping_threshold`: no literal to warn about.
        let clean = ThresholdLiterals.find(in: defaultModel.document.value, copingThreshold: 40, riskThreshold: 35)
        XCTAssertTrue(clean.isEmpty, "\(clean.map(\.path))")
        // A file that writes the number is warned about, at each place it does.
        let (m, _) = editedModel([("has_children and coping_score >= coping_threshold", "has_children and coping_score >= 40"),
                                  ("coping_score >= coping_threshold and flags.child_special_support", "coping_score >= 40 and flags.child_special_support")])
        let paths = ThresholdLiterals.find(in: m.document.value, copingThreshold: 40, riskThreshold: 35).map(\.path)
        XCTAssertTrue(paths.contains("overrides[2].when"))
        XCTAssertTrue(paths.contains("definitions.shl36_case"))
        XCTAssertFalse(paths.contains { $0.hasPrefix("documentation") })
    }

    func testTuneWritesAFileThatModelCheckAccepts() throws {
        let data = fixtureBytes("labelled-400.csv")
        let (cases, tally) = try TuneRun.load(data, format: .csv, model: defaultModel, strict: false, today: testToday).get()
        let segments = defaultModel.segments.domain.values
        let settings = TuneSettings(objective: .kappa, constraints: [try TuneConstraint.parse("recall(huolenpito) >= 0.8", segments: segments).get()])
        let run = TuneRun(model: defaultModel, cases: cases, settings: settings)
        let best = try XCTUnwrap(run.best)
        XCTAssertGreaterThanOrEqual(best.constraintValues[0], 0.8)
        let revision = try XCTUnwrap(run.revision(dataSHA256: "feed", dataName: "labelled-400.csv", rejected: tally.total))
        let bytes = try revision.apply(to: defaultModelBytes, model: defaultModel)
        let model = try ModelLoader.load(bytes: bytes, sha256: "t")
        XCTAssertEqual(model.coping.threshold, best.coping)
        XCTAssertEqual(model.risk.threshold, best.risk)
        let created = model.document.value["provenance"]!["created_by"]!
        XCTAssertEqual(created["objective"]?.stringValue, "kappa")
        XCTAssertEqual(created["constraints"]?.arrayValue?.first?.stringValue, "recall(huolenpito) >= 0.8")
        XCTAssertEqual(created["data"]?["sha256"]?.stringValue, "feed")
        let path = temporaryPath("tuned.json")
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let (status, _, err) = try runSeula(["model", "check", path])
        XCTAssertEqual(status, 0, err)
    }

    func testTuneCommandEndToEnd() throws {
        let out = temporaryPath("cli-tuned.json")
        try? FileManager.default.removeItem(atPath: out)
        let csv = fixtures.appendingPathComponent("labelled-400.csv").path
        let (status, stdout, err) = try runSeula(["tune", csv, "--objective", "kappa", "--constraint", "share(parjaaja) <= 0.3",
                                                  "--coping-grid", "30:50:1", "--risk-grid", "25:45:1", "-o", out])
        XCTAssertEqual(status, 0, err)
        XCTAssertTrue(stdout.contains("Pareto front"))
        let (check, _, checkErr) = try runSeula(["model", "check", out])
        XCTAssertEqual(check, 0, checkErr)
        let (diffStatus, diffOut, _) = try runSeula(["diff", defaultModelPath, out, csv])
        XCTAssertEqual(diffStatus, 0)
        XCTAssertTrue(diffOut.contains("coping.threshold") || diffOut.contains("risk.threshold"))
        let (same, sameOut, _) = try runSeula(["diff", defaultModelPath, defaultModelPath, csv])
        XCTAssertEqual(same, 0)
        XCTAssertTrue(sameOut.contains("No differences"))
    }
}

/// New criteria versions never collide, and land in the working directory.
final class VersionTests: XCTestCase {
    func scratchDirectory(_ name: String) -> URL {
        let dir = URL(fileURLWithPath: temporaryPath(name))
        try? FileManager.default.removeItem(at: dir)
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    func testTheNextVersionIsAboveEveryVersionOnDisk() throws {
        let dir = scratchDirectory("versions")
        func put(_ name: String, id: String, version: String) {
            FileManager.default.createFile(atPath: dir.appendingPathComponent(name).path, contents: Data("{\"id\": \"\(id)\", \"version\": \"\(version)\"}".utf8))
        }
        let source = defaultModel   // seula-default 1.0.1
        XCTAssertEqual(try EvaluatorFiles.newVersion(for: source, requested: nil, directories: [dir.path]).get(), "1.1.0")
        put("a.json", id: source.id, version: "1.1.0")
        put("b.json", id: source.id, version: "1.3.0")
        put("c.json", id: "another-id", version: "1.7.0")
        put("d.json", id: source.id, version: "2.4.0")
        FileManager.default.createFile(atPath: dir.appendingPathComponent("not-json.json").path, contents: Data("{".utf8))
        XCTAssertEqual(try EvaluatorFiles.newVersion(for: source, requested: nil, directories: [dir.path]).get(), "1.4.0")
        XCTAssertEqual(try EvaluatorFiles.newVersion(for: source, requested: "1.2.5", directories: [dir.path]).get(), "1.2.5")
        if case .success = EvaluatorFiles.newVersion(for: source, requested: "1.3.0", directories: [dir.path]) { XCTFail("1.3.0 exists") }
        if case .success = EvaluatorFiles.newVersion(for: source, requested: "1.0.1", directories: [dir.path]) { XCTFail("the source's own version") }
        if case .success = EvaluatorFiles.newVersion(for: source, requested: "one", directories: [dir.path]) { XCTFail("not MAJOR.MINOR.PATCH") }
    }

    func testTuneFitTuneNeverCollideAndWriteToTheWorkingDirectory() throws {
        let dir = scratchDirectory("tune-fit-tune")
        let csv = fixtures.appendingPathComponent("labelled-400.csv").path
        let v1 = defaultModelPath
        let tune = ["tune", csv, "--model", v1, "--objective", "kappa", "--coping-grid", "30:50:1", "--risk-grid", "25:45:1", "--bootstrap", "0"]
        let (s1, _, e1) = try runSeula(tune, in: dir)
        XCTAssertEqual(s1, 0, e1)
        let (s2, o2, e2) = try runSeula(["fit", csv, "--model", v1, "--target", "outcome_12m", "--folds", "0", "--ridge", "1"], in: dir)
        XCTAssertEqual(s2, 0, e2)
        let (s3, _, e3) = try runSeula(tune + ["--constraint", "share(parjaaja) <= 0.5"], in: dir)
        XCTAssertEqual(s3, 0, e3)
        let written = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }.sorted()
        XCTAssertEqual(written, ["seula-default-1.1.0.json", "seula-default-1.2.0.json", "seula-default-1.3.0.json"], o2)
        // Nothing was written next to the default criteria.
        let models = try FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("models").path)
        XCTAssertFalse(models.contains { $0.hasPrefix("seula-default-") })
        // Each loads, with its own version.
        for (name, version) in zip(written, ["1.1.0", "1.2.0", "1.3.0"]) {
            let m = try ModelLoader.load(bytes: [UInt8](FileManager.default.contents(atPath: dir.appendingPathComponent(name).path)!), sha256: "x")
            XCTAssertEqual(m.version, version)
        }
        // A version that exists is refused.
        let (s4, _, e4) = try runSeula(tune + ["--new-version", "1.2.0", "--constraint", "share(parjaaja) <= 0.45"], in: dir)
        XCTAssertNotEqual(s4, 0)
        XCTAssertTrue(e4.contains("1.2.0 already exists"), e4)
    }

    func testProgressIsShownOnRequestAndClearedAtTheEnd() throws {
        let csv = fixtures.appendingPathComponent("labelled-400.csv").path
        let (status, _, err) = try runSeula(["evaluate", csv, "--bootstrap", "2000"], environment: ["SEULA_PROGRESS": "1"])
        XCTAssertEqual(status, 0, err)
        XCTAssertTrue(err.contains("seula evaluate: reading and deciding cases"), err)
        XCTAssertTrue(err.contains("seula evaluate: bootstrap intervals"), err)
        XCTAssertTrue(err.contains("\r\u{1B}[K"), "the line is cleared")
        let (_, _, quiet) = try runSeula(["evaluate", csv, "--bootstrap", "20"], environment: ["SEULA_PROGRESS": "0"])
        XCTAssertFalse(quiet.contains("seula evaluate:"), quiet)
        // The meter itself: a share of the total, the unit and the elapsed time.
        let meter = RunProgress(command: "seula test", enabled: true, write: { _ in })
        meter.begin("reading", total: 2_000_000, unit: .bytes)
        meter.add(500_000)
        XCTAssertTrue(meter.line().hasPrefix("seula test: reading  25 %  500 kB of 2.0 MB  0:0"), meter.line())
        meter.finish()
    }
}
