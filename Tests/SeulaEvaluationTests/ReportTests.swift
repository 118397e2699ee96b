import Foundation
import SeulaCore
import SeulaEvaluation
import SeulaJSON
import SeulaService
import XCTest

/// What the reports and the text say, in every language: names from the criteria file, sentence
/// frames from the phrase table, the page's lang attribute, the footer; and that no Swift source
/// names a thing of a criteria file. (`make report-check` renders the reports in Chromium and
/// measures their layout.)
final class ReportTests: XCTestCase {
    static let v2Path = packageRoot.appendingPathComponent("models/seula-v2.json").path
    static let v2: CriteriaModel = try! ModelLoader.load(bytes: [UInt8](FileManager.default.contents(atPath: v2Path)!), sha256: "v2")

    func evaluation(_ model: CriteriaModel, replicates: Int = 40) -> Evaluation {
        let data = fixtureBytes("labelled-400.csv")
        let (cases, tally) = try! EvaluatedCase.load(data, format: .csv, model: model, requirements: [.segment], strict: false, today: testToday).get()
        var options = EvaluationOptions()
        options.bootstrapReplicates = replicates
        options.minimumGroup = 30
        return Evaluation(model: model, cases: cases, rejections: tally, options: options)
    }

    func tune(_ model: CriteriaModel) -> (TuneRun, [SearchCase], TuneComparison) {
        let (cases, _) = try! TuneRun.load(fixtureBytes("labelled-400.csv"), format: .csv, model: model, strict: false, today: testToday).get()
        let segments = model.segments.domain.values
        let settings = TuneSettings(objective: .kappa, constraints: [try! TuneConstraint.parse("recall(\(segments[3])) >= 0.6", segments: segments).get()])
        let run = TuneRun(model: model, cases: cases, settings: settings)
        return (run, cases, TuneComparison(run, cases: cases, replicates: 40, seed: 3))
    }

    func context(_ language: ReportLanguage) -> ReportContext {
        ReportContext(language: language, generatedAt: "2026-12-01 10:00 Europe/Helsinki", seula: "Seula test", commandLine: "seula evaluate x.csv --lang \(language.code)",
                      inputName: "x.csv", dataSHA256: "abc")
    }

    func testEveryPhraseHasTheSamePlaceholdersInEveryLanguage() {
        // The frames of fi and sv hold exactly the placeholders of the English key.
        func placeholders(_ s: String) -> [String] {
            var out: [String] = []
            var rest = Substring(s)
            while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                out.append(String(rest[open...close]))
                rest = rest[rest.index(after: close)...]
            }
            return out.sorted()
        }
        let frames = Phrases.allFrames
        XCTAssertGreaterThan(frames.count, 350)
        for f in frames {
            XCTAssertEqual(placeholders(f.fi), placeholders(f.key), f.key)
            XCTAssertEqual(placeholders(f.sv), placeholders(f.key), f.key)
            XCTAssertFalse(f.fi.isEmpty || f.sv.isEmpty, f.key)
        }
        for language in [ReportLanguage.fi, .sv] {
            let tr = Phrases(language)
            for key in ["{0} rows: {1} evaluated, {2} rejected", "Pareto front: {0} against {1}", "{0} {1} ({2} cases): {3} {4} vs {5} → ratio {6} ({7})"] {
                XCTAssertEqual(placeholders(tr.fill(key, [])), placeholders(key), key)
                XCTAssertNotEqual(tr.fill(key, []), key, "translated")
            }
        }
        XCTAssertEqual(Phrases(.en)("no such frame"), "⟦no such frame⟧")
        XCTAssertEqual(Phrases(.fi)("{0} cases change segment.", "7"), "7 asiakasta vaihtaa segmenttiä.")
    }

    func testNumbersFollowTheLanguage() {
        XCTAssertEqual(Phrases(.en).number(0.7194, 3), "0.719")
        XCTAssertEqual(Phrases(.fi).number(0.7194, 3), "0,719")
        XCTAssertEqual(Phrases(.sv).percent(0.457), "45,7\u{00A0}%")
        XCTAssertEqual(Phrases(.en).percent(0.457), "45.7%")
        XCTAssertEqual(Phrases(.en).count(1_000_000), "1,000,000")
        XCTAssertEqual(Phrases(.fi).count(20000), "20\u{00A0}000")
        XCTAssertEqual(Phrases(.fi).interval(0.712, 0.724, 3), "0,712–0,724")
    }

    func testReportsAndTextInEveryLanguage() {
        let e = evaluation(Self.v2)
        let (run, cases, comparison) = tune(Self.v2)
        var diff = CaseloadDiff(modelA: defaultModel, modelB: Self.v2, today: testToday)
        XCTAssertNil(diff.run(fixtureBytes("labelled-400.csv"), format: .csv, strict: false))
        let fileChanges = DocumentDiff.changes(defaultModel.document.value, Self.v2.document.value)
        let expectations: [ReportLanguage: (segment: String, undetermined: String, phrase: String, outcome: String)] = [
            .fi: ("Pärjääjä", "Määrittämätön (seulonta kesken)", "Yhtäpitävyys työntekijöiden kanssa", "Palvelu vastaanotossa"),
            .sv: ("Klarar sig", "Obestämd (screeningen ofullständig)", "Överensstämmelse med handläggarna", "Service i mottagningen"),
            .en: ("Self-reliant", "Undetermined (screening incomplete)", "Agreement with the caseworkers", "Served at reception"),
        ]
        for language in ReportLanguage.allCases {
            let x = expectations[language]!
            let pages = [EvaluationReport.html(e, context: context(language)),
                         TuneReport.html(run, cases: cases, comparison: comparison, publication: nil, context: context(language)),
                         DiffReport.html(diff, fileChanges: fileChanges, context: context(language))]
            let texts = [EvaluationText.render(e, inputName: "x.csv", language: language),
                         TuneText.render(run, rejections: RejectionTally(), inputName: "x.csv", comparison: comparison, language: language),
                         CaseloadDiffText.render(diff, fileChanges: fileChanges, inputName: "x.csv", language: language)]
            for (k, page) in pages.enumerated() {
                XCTAssertTrue(page.contains("<html lang=\"\(language.code)\">"), "page \(k) in \(language)")
                XCTAssertFalse(page.contains("⟦"), "a frame without a translation in page \(k), \(language): \(page.components(separatedBy: "⟦").dropFirst().first?.prefix(60) ?? "")")
                XCTAssertTrue(page.contains(x.segment), "page \(k) in \(language)")
                // The footer: date, Seula, criteria id/version/sha256, command line.
                XCTAssertTrue(page.contains("2026-12-01 10:00 Europe/Helsinki"))
                XCTAssertTrue(page.contains("Seula test"))
                XCTAssertTrue(page.contains(Self.v2.sha256))
                XCTAssertTrue(page.contains("seula evaluate x.csv --lang \(language.code)"))
                XCTAssertTrue(page.contains("id=\"summary\""))
                // No upper-casing that would turn κ into Κ.
                XCTAssertFalse(page.contains("text-transform"))
            }
            XCTAssertTrue(pages[0].contains(x.undetermined), "\(language)")
            XCTAssertTrue(pages[0].contains(x.phrase), "\(language)")
            XCTAssertTrue(pages[0].contains(x.outcome), "\(language)")
            for (k, text) in texts.enumerated() { XCTAssertFalse(text.contains("⟦"), "text \(k) in \(language): \(text.components(separatedBy: "⟦").dropFirst().first?.prefix(60) ?? "")") }
            XCTAssertTrue(texts[0].contains(x.segment))
        }
    }

    func testANameTheFileLacksInTheLanguageCarriesItsOwnLang() {
        // V1 names its coping items in fi and en only: in a Swedish page they fall back to English
        // and say so; V2 names every product in sv.
        let sv = NameBook(model: defaultModel, language: .sv)
        let item = sv.item(0)
        XCTAssertEqual(item.lang, "en")
        XCTAssertEqual(HTMLPage.name(item, page: .sv), "<span lang=\"en\">\(item.text)</span>")
        XCTAssertEqual(NameBook(model: Self.v2, language: .sv).item(0).lang, "sv")
        XCTAssertEqual(HTMLPage.name(NameBook(model: Self.v2, language: .sv).product(0), page: .sv), NameBook(model: Self.v2, language: .sv).product(0).text)
    }

    func testTheDiffListsOnlyProductsThatChangeByName() {
        var diff = CaseloadDiff(modelA: defaultModel, modelB: Self.v2, today: testToday)
        XCTAssertNil(diff.run(fixtureBytes("labelled-400.csv"), format: .csv, strict: false))
        let page = DiffReport.html(diff, fileChanges: [], context: context(.en))
        let changed = diff.changedProducts
        XCTAssertFalse(changed.isEmpty)
        XCTAssertLessThan(changed.count, diff.products.count)
        for p in diff.products {
            let name = diff.productName(p.product, language: .en).text
            let listed = page.contains("<code>\(p.product)</code>")
            XCTAssertEqual(listed, p.gained + p.lost > 0, p.product)
            if listed { XCTAssertTrue(page.contains(HTMLPage.escape(name)), name) }
        }
    }

    func testTheSummaryShowsTheConstrainedFiguresBeforeAndAfter() {
        let (run, cases, comparison) = tune(Self.v2)
        XCTAssertEqual(comparison.rows.map(\.role), [.objective, .pareto, .constraint(0)])
        let best = try! XCTUnwrap(run.best)
        XCTAssertEqual(comparison.rows[0].current.value, run.current.objective, accuracy: 1e-12)
        XCTAssertEqual(comparison.rows[0].chosen!.value, best.objective, accuracy: 1e-12)
        XCTAssertEqual(comparison.rows[2].current.value, run.current.constraintValues[0], accuracy: 1e-12)
        XCTAssertEqual(comparison.rows[2].chosen!.value, best.constraintValues[0], accuracy: 1e-12)
        XCTAssertEqual(comparison.rows[1].chosen!.value, best.pareto, accuracy: 1e-12)
        for row in comparison.rows { XCTAssertTrue(row.current.hasInterval) }
        let page = TuneReport.html(run, cases: cases, comparison: comparison, publication: nil, context: context(.en))
        let summary = page.components(separatedBy: "<main")[0]
        let tr = Phrases(.en)
        XCTAssertTrue(summary.contains(tr.number(run.current.constraintValues[0], 4)))
        XCTAssertTrue(summary.contains(tr.number(best.constraintValues[0], 4)))
        XCTAssertTrue(summary.contains(HTMLPage.escape(run.settings.constraints[0].metric.name(segments: Self.v2.segments.domain.values))))
    }
}
