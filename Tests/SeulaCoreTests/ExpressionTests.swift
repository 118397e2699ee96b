import SeulaCore
import XCTest

final class ExpressionTests: XCTestCase {
    let symbols = defaultModel.symbols

    func compile(_ text: String, phase: Phase = .outcome) throws -> CompiledExpression {
        try ExpressionCompiler.compileCondition(text, symbols: symbols, phase: phase)
    }

    func error(_ text: String, phase: Phase = .outcome) -> ExpressionError? {
        do {
            _ = try ExpressionCompiler.compileCondition(text, symbols: symbols, phase: phase)
            return nil
        } catch {
            return error
        }
    }

    func testParserErrorsCarryColumns() {
        let table: [(String, Int, String)] = [
            ("coping.paying_bills >= ", 24, "expected a value"),
            ("age = 3", 5, "write '=='"),
            ("segment == \"tuki\"", 12, "single quotes"),
            ("(age > 3", 9, "expected ')'"),
            ("age > 3 and", 12, "expected a value"),
            ("age > 3 3", 9, "unexpected number 3"),
            ("age > 1.", 9, "digit after the decimal point"),
            ("segment == 'tuki", 12, "no closing quote"),
            ("age # 3", 5, "unexpected character '#'"),
            ("1 < age < 3", 9, "cannot be chained"),
            ("age in 3", 8, "expected '['"),
        ]
        for (text, column, fragment) in table {
            guard let e = error(text) else { XCTFail("accepted: \(text)"); continue }
            XCTAssertEqual(e.column, column, "\(text): \(e.message)")
            XCTAssertTrue(e.message.contains(fragment), "\(text): '\(e.message)' lacks '\(fragment)'")
        }
    }

    func testTypeErrorsAndNames() {
        let table: [(String, Phase, Int, String)] = [
            ("coping.payng_bills >= 3", .outcome, 1, "did you mean 'coping.paying_bills'"),
            ("segment == 'tuk'", .outcome, 12, "did you mean 'tuki'"),
            ("risk.housing == 'castle'", .outcome, 17, "not a housing value"),
            ("segment > 'tuki'", .outcome, 9, "no order"),
            ("outcome >= 'named_worker'", .segment, 1, "not known yet"),
            ("coping_score >= 40", .intake, 1, "not known yet"),
            ("age", .outcome, 1, "must be true or false"),
            ("age + flags.disability > 1", .outcome, 5, "needs numbers"),
            ("flags.disability > true", .outcome, 18, "only be compared with == or !="),
            ("median(age, 3) > 1", .outcome, 1, "unknown function"),
            ("max(age) > 1", .outcome, 1, "at least two"),
            ("3 > 2", .outcome, 3, "two constants"),
            ("risk.housing in ['stable', 'palace']", .outcome, 28, "not a housing value"),
            ("not age", .outcome, 5, "needs true/false"),
        ]
        for (text, phase, column, fragment) in table {
            guard let e = error(text, phase: phase) else { XCTFail("accepted: \(text)"); continue }
            XCTAssertEqual(e.column, column, "\(text): \(e.message)")
            XCTAssertTrue(e.message.contains(fragment), "\(text): '\(e.message)' lacks '\(fragment)'")
        }
    }

    /// A frame for the default model with the given slots set.
    func frame(_ set: [String: Value]) -> [Value] {
        var f = [Value](repeating: .null, count: defaultModel.slots.count)
        for (name, v) in set { f[symbols[name]!.slot] = v }
        return f
    }

    func testThreeValuedLogic() throws {
        let unknownScore = frame(["coping_score": .null, "age": .number(30)])
        XCTAssertEqual(try compile("coping_score >= 40").evaluate(unknownScore), .null)
        XCTAssertEqual(try compile("coping_score < 60").evaluate(unknownScore), .null, "criteria on an undetermined score are not true")
        XCTAssertEqual(try compile("not (coping_score >= 40)").evaluate(unknownScore), .null, "not cannot turn unknown into yes")
        XCTAssertEqual(try compile("coping_score >= 40 or age >= 18").evaluate(unknownScore), .bool(true))
        XCTAssertEqual(try compile("coping_score >= 40 and age < 18").evaluate(unknownScore), .bool(false))
        XCTAssertFalse(try compile("coping_score >= 40 and age >= 18").holds(unknownScore))
        // max/min skip unanswered items; all unanswered is unknown.
        let items = frame(["coping.household_chores": .null, "coping.self_care": .number(3), "coping.keeping_home": .null])
        XCTAssertTrue(try compile("max(coping.household_chores, coping.self_care, coping.keeping_home) >= 3").holds(items))
        let none = frame([:])
        XCTAssertEqual(try compile("max(coping.household_chores, coping.self_care) >= 0").evaluate(none), .null)
        XCTAssertEqual(try compile("age / 0 > 1").evaluate(frame(["age": .number(3)])), .null, "division by zero is unknown, never a trap")
    }

    func testBecauseSaysWhatItSaw() throws {
        let segment = defaultModel.segments.domain
        let f = frame(["coping_score": .number(46.875), "segment": .symbol(segment.index(of: "tuki")!),
                       "coping.paying_bills": .number(3), "risk.housing": .symbol(3), "flags.care_leaver": .bool(true),
                       "risk.child_welfare_household": .bool(false), "age": .number(20)])
        XCTAssertEqual(try compile("segment == 'tuki' or coping_score >= 40").because(f), ["segment = tuki", "coping_score 46.9 >= 40"])
        XCTAssertEqual(try compile("coping.paying_bills >= 3").because(f), ["coping.paying_bills 3 >= 3"])
        XCTAssertEqual(try compile("flags.care_leaver and age >= 18 and age <= 24").because(f),
                       ["flags.care_leaver = true", "age 20 >= 18", "age 20 <= 24"])
        XCTAssertEqual(try compile("not risk.child_welfare_household").because(f), ["risk.child_welfare_household = false"])
        XCTAssertEqual(try compile("homeless").because(f), ["risk.housing homeless in [homeless, long_term_homeless]"])
        XCTAssertEqual(try compile("not (coping_score < 40)").because(f), ["coping_score 46.9 >= 40"])
        XCTAssertEqual(try compile("segment != 'parjaaja'").because(f), ["segment tuki != parjaaja"])
        XCTAssertEqual(try compile("coping_score >= 60").because(f), [], "a false condition has no because")
        // A score that rounds onto the threshold keeps enough decimals to stay true.
        let close = frame(["coping_score": .number(39.96)])
        XCTAssertEqual(try compile("coping_score < 40").because(close), ["coping_score 39.96 < 40"])
        // Gaps are marked.
        let gapSlot = symbols["risk.debt"]!.slot
        XCTAssertEqual(try compile("risk.debt == 'none'").because(frame(["risk.debt": .symbol(0)]), missing: [gapSlot]),
                       ["risk.debt = none (missing)"])
    }

    func testTraceRecordsEveryCheck() throws {
        let f = frame(["coping_score": .number(30), "segment": .symbol(0)])
        let trace = try compile("segment == 'tuki' or coping_score >= 40").trace(f)
        XCTAssertEqual(trace.map(\.check), ["segment parjaaja == tuki", "coping_score 30.0 >= 40"])
        XCTAssertEqual(trace.map(\.result), [false, false])
    }

    func testDeepNestingIsRefusedNotCrashed() {
        let deep = String(repeating: "(", count: 5000) + "age > 1" + String(repeating: ")", count: 5000)
        XCTAssertTrue(error(deep)?.message.contains("nested deeper") ?? false)
    }
}
