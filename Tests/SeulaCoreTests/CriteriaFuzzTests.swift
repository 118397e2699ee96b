import Foundation
@testable import SeulaCore
import SeulaJSON
import XCTest

/// Fuzz targets for the expression compiler and the criteria loader (issue 11): seeded mutation
/// loops, each run for a fixed time budget. The toolchain here has no libFuzzer, so they are
/// plain tests; what they assert:
///
/// - nothing traps (a trap kills the test process: the code must be safe, nothing is caught);
/// - no expression compiles and no criteria file loads in over 1 s;
/// - every expression the compiler accepts evaluates, explains and writes its `because` on real
///   decision frames (the contract's extremes included), and every numeric part of it stays
///   within ±2^53 there — the interval analysis is checked against evaluation;
/// - every mutated file `model check` accepts decides `casesPerFile` generated cases (the
///   extremes of the input contract over-represented), each written as a decision record, the
///   first few also explained in text and traced.
///
/// Environment: `SEULA_FUZZ_SECONDS` (budget per target, default 3), `SEULA_FUZZ_SEED` (default
/// 20260302), `SEULA_FUZZ_ONLY=n` (replay iteration n alone: each iteration draws from its own
/// generator, seeded from the seed and n), `SEULA_FUZZ_VERBOSE=1` (each iteration to stderr before
/// it runs, so the last line before a crash names the input).
final class CriteriaFuzzTests: XCTestCase {
    static let environment = ProcessInfo.processInfo.environment
    static let budget = environment["SEULA_FUZZ_SECONDS"].flatMap(Double.init) ?? 3
    /// The loader target decides `casesPerFile` cases for each accepted file: it gets more time.
    static let loaderBudget = environment["SEULA_FUZZ_SECONDS"].flatMap(Double.init) ?? 5
    static let seed = environment["SEULA_FUZZ_SEED"].flatMap(UInt64.init) ?? 20_260_302
    static let only = environment["SEULA_FUZZ_ONLY"].flatMap(Int.init)
    static let verbose = environment["SEULA_FUZZ_VERBOSE"] == "1"
    static let casesPerFile = 200
    static let models: [(name: String, bytes: [UInt8], model: CriteriaModel)] = [("v1", defaultModelBytes, defaultModel), ("v2", v2ModelBytes, v2Model)]

    static func log(_ text: @autoclosure () -> String) {
        guard verbose else { return }
        FileHandle.standardError.write(Data((text() + "\n").utf8))
    }

    /// The iterations to run: all from 0 until the budget is spent, or the one to replay.
    static func iterations(budget: Double = budget, _ body: (Int, inout SplitMix64) -> Void) -> (count: Int, seconds: Double) {
        let start = Date()
        if let only {
            var rng = SplitMix64(seed: seed &+ UInt64(only) &* 0x9E37_79B9_7F4A_7C15)
            body(only, &rng)
            return (1, Date().timeIntervalSince(start))
        }
        var n = 0
        while Date().timeIntervalSince(start) < budget {
            var rng = SplitMix64(seed: seed &+ UInt64(n) &* 0x9E37_79B9_7F4A_7C15)
            body(n, &rng)
            n += 1
        }
        return (n, Date().timeIntervalSince(start))
    }

    /// Decision frames of random extreme cases, per model (every phase filled).
    static let frames: [[[Value]]] = models.map { entry in
        let engine = DecisionEngine(model: entry.model, today: CalendarDate(year: 2026, month: 3, day: 2)!)
        var cases = ExtremeCases(model: entry.model, seed: 77)
        return (0..<48).map { engine.decide(cases.next(id: $0), explaining: false).frame }
    }

    // MARK: The expression compiler

    func testExpressionCompilerFuzz() {
        var accepted = 0, refused = 0, slowest = 0.0
        var refusedByRange = 0
        let (count, seconds) = Self.iterations { n, rng in
            let k = rng.below(Self.models.count)
            let m = Self.models[k].model
            var generator = ExpressionGenerator(symbols: m.symbols, rng: rng)
            var text = generator.condition(depth: 1 + rng.below(5))
            if rng.chance(0.25) { text = generator.mutateText(text) }
            rng = generator.rng
            let phase = Phase.allCases[rng.below(Phase.allCases.count)]
            Self.log("expression \(n) [\(Self.models[k].name), \(phase)]: \(text)")
            let start = Date()
            let compiled: CompiledExpression
            do {
                compiled = try ExpressionCompiler.compileCondition(text, symbols: m.symbols, phase: phase)
            } catch let error as ExpressionError {
                slowest = max(slowest, Date().timeIntervalSince(start))
                refused += 1
                if error.message.contains("2^53") || error.message.contains("no bound") { refusedByRange += 1 }
                XCTAssertFalse(error.message.isEmpty)
                return
            } catch {
                return XCTFail("\(error)")
            }
            slowest = max(slowest, Date().timeIntervalSince(start))
            accepted += 1
            XCTAssertLessThanOrEqual(compiled.expandedSize, CriteriaLimits.maxExpandedSize, text)
            XCTAssertLessThanOrEqual(compiled.expandedDepth, CriteriaLimits.maxExpandedDepth, text)
            let plan = BecausePlan(compiled, riskSlots: m.slots.riskIndicators)
            for _ in 0..<4 {
                let frame = Self.frames[k][rng.below(Self.frames[k].count)]
                let gapMask = rng.next() & 0xFFF
                let missing = Set((0..<12).filter { gapMask & (1 << UInt64($0)) != 0 }.map { m.slots.riskIndicators.lowerBound + $0 })
                let value = compiled.evaluate(frame)
                XCTAssertTrue(value == .null || value == .bool(true) || value == .bool(false), text)
                let facts = compiled.because(frame, missing: missing)
                XCTAssertEqual(facts.isEmpty, value != .bool(true), text)
                _ = compiled.trace(frame, missing: missing)
                var w = JSONWriter(capacity: 256)
                plan.writeArray(frame, gapMask: gapMask, into: &w)
                XCTAssertEqual(String(decoding: w.bytes, as: UTF8.self), "[" + facts.map { "\"\(Self.escaped($0))\"" }.joined(separator: ",") + "]", text)
                Self.checkNumbersStayExact(compiled, frame, text)
            }
        }
        print("expression fuzz: \(count) expressions in \(String(format: "%.1f", seconds)) s: \(accepted) accepted, \(refused) refused (\(refusedByRange) by the ±2^53 analysis); slowest compile \(String(format: "%.4f", slowest)) s")
        XCTAssertLessThan(slowest, 1.0)
        if Self.only == nil {
            XCTAssertGreaterThan(count, 1000, "the budget should try thousands of expressions")
            XCTAssertGreaterThan(accepted, count / 5, "the generator should mostly write valid expressions")
            XCTAssertGreaterThan(refusedByRange, 0, "the generator should reach the range limits")
        }
    }

    static func escaped(_ s: String) -> String {
        String(decoding: JSONWriter.escapedContent(s), as: UTF8.self)
    }

    /// Every numeric part of an accepted expression, evaluated on the frame, is within ±2^53.
    static func checkNumbersStayExact(_ e: CompiledExpression, _ frame: [Value], _ text: String) {
        var pending = [e]
        while let x = pending.popLast() {
            if x.type.isNumeric, case .number(let v) = x.evaluate(frame) {
                XCTAssertTrue(abs(v) <= CriteriaLimits.exactMagnitude, "\(x.rendered) = \(v) in \(text)")
            }
            switch x {
            case .constant, .slot: break
            case .negate(let a), .not(let a), .definition(_, let a): pending.append(a)
            case .arithmetic(_, let a, let b, _), .compare(_, let a, let b): pending += [a, b]
            case .membership(let a, _, _): pending.append(a)
            case .and(let xs), .or(let xs), .minimum(let xs, _), .maximum(let xs, _): pending += xs
            }
        }
    }

    // MARK: The criteria loader

    func testCriteriaLoaderFuzz() {
        let documents = Self.models.map { try! JSONReader.parse($0.bytes) }
        var accepted = 0, refused = 0, decided = 0
        var slowestLoad = 0.0, slowestCase = 0.0
        var slowestFile = ""
        let (count, seconds) = Self.iterations(budget: Self.loaderBudget) { n, rng in
            let k = rng.below(Self.models.count)
            var mutator = CriteriaMutator(document: documents[k], symbols: Self.models[k].model.symbols, rng: rng)
            let steps = 1 + mutator.rng.below(3)
            var done: [String] = []
            for _ in 0..<steps { done.append(mutator.mutate()) }
            let byteLevel = mutator.rng.chance(0.08)
            var bytes: [UInt8]? = nil
            if byteLevel {
                var w = JSONWriter(capacity: 1 << 17)
                w.value(mutator.document)
                bytes = mutator.mutateBytes(w.bytes)
                done.append("bytes")
            }
            rng = mutator.rng
            Self.log("file \(n) [\(Self.models[k].name)]: \(done.joined(separator: "; "))")
            let start = Date()
            let model: CriteriaModel
            do {
                if let bytes {
                    model = try ModelLoader.load(bytes: bytes, sha256: "fuzz")
                } else {
                    model = try ModelLoader.load(document: mutator.document, sha256: "fuzz")
                }
            } catch let error as ModelLoadError {
                let t = Date().timeIntervalSince(start)
                if t > slowestLoad { slowestLoad = t; slowestFile = done.joined(separator: "; ") }
                refused += 1
                XCTAssertFalse(error.issues.isEmpty)
                XCTAssertTrue(error.issues.allSatisfy { !$0.message.isEmpty })
                return
            } catch {
                return XCTFail("\(error)")
            }
            let t = Date().timeIntervalSince(start)
            if t > slowestLoad { slowestLoad = t; slowestFile = done.joined(separator: "; ") }
            accepted += 1
            // Decide, write, explain.
            let engine = DecisionEngine(model: model, today: CalendarDate(year: 2026, month: 3, day: 2)!)
            let writer = DecisionRecordWriter(model: model)
            let text = DecisionText(model: model, language: ["fi", "sv", "en"][n % 3])
            var cases = ExtremeCases(model: model, seed: rng.next())
            var d = Decision(model: model)
            for i in 0..<Self.casesPerFile {
                let c = cases.next(id: i)
                let caseStart = Date()
                engine.decide(c, into: &d)
                var w = JSONWriter(capacity: 4096)
                writer.write(d, into: &w)
                XCTAssertGreaterThan(w.count, 0)
                if i < 3 {
                    XCTAssertFalse(text.render(d).isEmpty)
                    let trace = DecisionTrace(model: model, case: c, decision: d)
                    var t = JSONWriter(capacity: 4096)
                    writer.write(d, into: &t, trace: trace)
                }
                slowestCase = max(slowestCase, Date().timeIntervalSince(caseStart))
                if let s = d.coping.score { XCTAssertTrue(s.isFinite && s >= 0 && s <= 100, "coping \(s)") }
                if d.riskSide != .undetermined { XCTAssertTrue(d.risk.score.isFinite && d.risk.score >= 0 && d.risk.score <= 100, "risk \(d.risk.score)") }
                decided += 1
            }
        }
        print("loader fuzz: \(count) mutated files in \(String(format: "%.1f", seconds)) s: \(accepted) accepted (each deciding \(Self.casesPerFile) cases: \(decided) decisions), \(refused) refused; slowest load \(String(format: "%.3f", slowestLoad)) s (\(slowestFile)); slowest case \(String(format: "%.4f", slowestCase)) s")
        XCTAssertLessThan(slowestLoad, 1.0, slowestFile)
        XCTAssertLessThan(slowestCase, 1.0)
        if Self.only == nil {
            XCTAssertGreaterThan(count, 40)
            XCTAssertGreaterThan(accepted, 5, "some mutations should be accepted")
            XCTAssertGreaterThan(refused, 5)
        }
    }
}

/// Random conditions from the expression grammar over a model's names, with the numbers that
/// find edges (0, 2^31 − 1, 2^53, 2^63, tiny fractions) over-represented.
struct ExpressionGenerator {
    var rng: SplitMix64
    let numeric: [String]
    let booleans: [String]
    let enums: [(name: String, values: [String])]

    static let literals = ["0", "1", "2", "3", "4", "10", "17", "18", "35", "40", "100", "120", "1000", "65536", "2147483647",
                           "2147483648", "4294967296", "1000000000000", "9007199254740992", "9007199254740993",
                           "9223372036854775807", "9223372036854775808", "1000000000000000000", "99999999999999999999999",
                           "0.5", "0.001", "0.0000000001", "39.96", "123.456", "1" + String(repeating: "0", count: 400)]

    init(symbols: SymbolTable, rng: SplitMix64) {
        self.rng = rng
        var numeric: [String] = [], booleans: [String] = [], enums: [(String, [String])] = []
        for name in symbols.orderedNames {
            guard let s = symbols[name] else { continue }
            switch s.type {
            case .int, .number: numeric.append(name)
            case .bool: booleans.append(name)
            case .enumeration(let d): enums.append((name, d.values))
            }
        }
        booleans += symbols.definitions.keys.sorted()
        self.numeric = numeric
        self.booleans = booleans
        self.enums = enums
    }

    mutating func pick<T>(_ xs: [T]) -> T { xs[rng.below(xs.count)] }

    mutating func condition(depth: Int) -> String {
        if depth <= 0 || rng.chance(0.3) { return atom(depth: depth) }
        switch rng.below(6) {
        case 0, 1: return "\(condition(depth: depth - 1)) and \(condition(depth: depth - 1))"
        case 2, 3: return "\(condition(depth: depth - 1)) or \(condition(depth: depth - 1))"
        case 4: return "not \(condition(depth: depth - 1))"
        default: return "(\(condition(depth: depth - 1)))"
        }
    }

    mutating func atom(depth: Int) -> String {
        switch rng.below(10) {
        case 0...4:
            return "\(number(depth: depth)) \(pick(["==", "!=", "<", "<=", ">", ">="])) \(number(depth: depth))"
        case 5:
            return pick(booleans)
        case 6:
            let (name, values) = pick(enums)
            let value = rng.chance(0.9) && !values.isEmpty ? pick(values) : "nonexistent"
            return rng.chance(0.5) ? "\(name) \(pick(["==", "!="])) '\(value)'"
                                   : "\(name) \(rng.chance(0.7) ? "in" : "not in") ['\(value)'\(values.isEmpty ? "" : ", '\(pick(values))'")]"
        case 7:
            let items = (0..<(1 + rng.below(3))).map { _ in pick(Self.literals) }
            return "\(number(depth: depth)) \(rng.chance(0.7) ? "in" : "not in") [\(items.joined(separator: ", "))]"
        case 8:
            return pick(["true", "false", "any_flag", pick(booleans)])
        default:
            return "\(pick(booleans)) == \(pick(["true", "false"]))"
        }
    }

    mutating func number(depth: Int) -> String {
        if depth <= 0 || rng.chance(0.4) {
            return rng.chance(0.55) ? pick(numeric) : pick(Self.literals)
        }
        switch rng.below(8) {
        case 0...3: return "\(number(depth: depth - 1)) \(pick(["+", "-", "*", "/"])) \(number(depth: depth - 1))"
        case 4: return "-\(number(depth: depth - 1))"
        case 5: return "\(pick(["min", "max"]))(\((0..<(2 + rng.below(2))).map { _ in number(depth: depth - 1) }.joined(separator: ", ")))"
        case 6: return "(\(number(depth: depth - 1)))"
        default: return String(repeating: "\(pick(numeric)) * ", count: 1 + rng.below(4)) + pick(Self.literals)
        }
    }

    /// A character-level mutation of an expression's text.
    mutating func mutateText(_ text: String) -> String {
        var chars = Array(text)
        let alphabet = Array("()[]'=<>!+-*/,. _.0123456789andornotinxyz'\"#")
        switch rng.below(6) {
        case 0 where !chars.isEmpty: chars.remove(at: rng.below(chars.count))
        case 1: chars.insert(pick(alphabet), at: rng.below(chars.count + 1))
        case 2 where !chars.isEmpty:
            let a = rng.below(chars.count), b = min(chars.count, a + 1 + rng.below(12))
            chars.insert(contentsOf: chars[a..<b], at: b)
        case 3 where !chars.isEmpty: chars.removeLast(rng.below(chars.count) + 1)
        case 4: return String(repeating: "(", count: 30 + rng.below(80)) + text + String(repeating: ")", count: 30 + rng.below(80))
        default: return text + " " + pick(["and", "or", "+", "*", "in [", ")", "not"]) + " " + pick(Self.literals)
        }
        return String(chars)
    }
}

/// Mutations of a criteria document: numbers set to edge values, expressions replaced or
/// spliced with generated ones, members deleted, list entries duplicated (up to past the
/// limits) or removed, values of the wrong type, ids renamed, definitions that double at each
/// level, long chains and cycles; and byte-level damage to the serialised file.
struct CriteriaMutator {
    var document: JSONValue
    var rng: SplitMix64
    var generator: ExpressionGenerator
    let symbols: SymbolTable

    init(document: JSONValue, symbols: SymbolTable, rng: SplitMix64) {
        self.document = document
        self.rng = rng
        self.symbols = symbols
        generator = ExpressionGenerator(symbols: symbols, rng: SplitMix64(seed: 0))
    }

    enum Step { case key(String), index(Int) }

    static let numbers: [JSONNumber] = [
        JSONNumber(0), JSONNumber(1), JSONNumber(-1), JSONNumber(2), JSONNumber(4), JSONNumber(10), JSONNumber(11),
        JSONNumber(64), JSONNumber(65), JSONNumber(100), JSONNumber(101), JSONNumber(1000), JSONNumber(1001), JSONNumber(100_000),
        JSONNumber(2_147_483_647), JSONNumber(2_147_483_648), JSONNumber(Int(Int64.max)), JSONNumber(Int(Int64.min)),
        JSONNumber(isInteger: true, int64: nil, double: 9.3e18), JSONNumber(isInteger: true, int64: nil, double: 1e30),
        JSONNumber(1e308), JSONNumber(-1e308), JSONNumber(1e-308), JSONNumber(Double.leastNonzeroMagnitude), JSONNumber(0.5), JSONNumber(0.001),
        JSONNumber(0.0009), JSONNumber(-0.0), JSONNumber(99.99), JSONNumber(1e-7), JSONNumber(Double.infinity),
    ]

    /// Every path in the document, with the value there.
    func paths() -> [([Step], JSONValue)] {
        var out: [([Step], JSONValue)] = []
        var pending: [([Step], JSONValue)] = [([], document)]
        while let (path, v) = pending.popLast() {
            out.append((path, v))
            switch v {
            case .object(let o): for m in o.members { pending.append((path + [.key(m.key)], m.value)) }
            case .array(let a): for (i, x) in a.enumerated() { pending.append((path + [.index(i)], x)) }
            default: break
            }
        }
        return out
    }

    static func update(_ v: inout JSONValue, _ path: ArraySlice<Step>, _ f: (inout JSONValue) -> Void) {
        guard let first = path.first else { return f(&v) }
        switch (first, v) {
        case (.key(let k), .object(var o)):
            guard let i = o.members.lastIndex(where: { $0.key == k }) else { return }
            update(&o.members[i].value, path.dropFirst(), f)
            v = .object(o)
        case (.index(let i), .array(var a)) where i < a.count:
            update(&a[i], path.dropFirst(), f)
            v = .array(a)
        default:
            break
        }
    }

    static let expressionKeys: Set<String> = ["when", "eligibility", "counted_when", "automatable_when"]

    func isExpression(_ path: [Step]) -> Bool {
        guard let last = path.last else { return false }
        if case .key(let k) = last, Self.expressionKeys.contains(k) { return true }
        if path.count >= 2, case .key(let k) = path[path.count - 2], k == "definitions" || k == "high_when" { return true }
        return false
    }

    /// The phase an expression at `path` runs in (definitions: intake, so any rule may use them).
    func phase(_ path: [Step]) -> Phase {
        guard case .key(let top) = path.first else { return .final }
        switch top {
        case "risk", "definitions": return .intake
        case "overrides": return .segment
        case "urgency": return .outcome
        case "review": return .review
        case "outcomes": return .final
        default: return .routing
        }
    }

    /// One mutation; returns what it did.
    mutating func mutate() -> String {
        let all = paths()
        func some(_ xs: [([Step], JSONValue)]) -> ([Step], JSONValue)? { xs.isEmpty ? nil : xs[rng.below(xs.count)] }
        switch rng.below(20) {
        case 0...5:
            guard let (path, v) = some(all.filter({ if case .number = $0.1 { return true } else { return false } })) else { return "nothing" }
            var n = Self.numbers[rng.below(Self.numbers.count)]
            if rng.chance(0.5), let old = v.numberValue {
                // Near the old value: more often still valid, so the file is decided with it.
                let x = old.double
                let near = [x + 1, x - 1, x * 2, x / 2, x * 10, x + 0.5, 0][rng.below(7)]
                n = old.isInteger && near == near.rounded() && abs(near) < 1e15 ? JSONNumber(Int(near)) : JSONNumber(near)
            }
            Self.update(&document, path[...]) { $0 = .number(n) }
            return "number \(describe(path)) = \(n)"
        case 6...10:
            guard let (path, v) = some(all.filter({ isExpression($0.0) && $0.1.stringValue != nil })) else { return "nothing" }
            generator.rng = SplitMix64(seed: rng.next())
            var text = generator.condition(depth: 1 + rng.below(4))
            // Mostly an expression that compiles where it is (so the file is decided with it),
            // sometimes whatever the grammar gave.
            if rng.chance(0.7) {
                for _ in 0..<30 where (try? ExpressionCompiler.compileCondition(text, symbols: symbols, phase: phase(path))) == nil {
                    text = generator.condition(depth: 1 + rng.below(4))
                }
            }
            if rng.chance(0.5) { text = "\(v.stringValue!) \(rng.chance(0.5) ? "and" : "or") \(text)" }
            if rng.chance(0.1) { text = generator.mutateText(text) }
            Self.update(&document, path[...]) { $0 = .string(text) }
            return "expression \(describe(path)) = \(text)"
        case 11:
            guard let (path, _) = some(all.filter({ if case .key = $0.0.last { return true } else { return false } })) else { return "nothing" }
            guard case .key(let k) = path.last! else { return "nothing" }
            Self.update(&document, path.dropLast()) { v in
                if case .object(var o) = v { o.members.removeAll { $0.key == k }; v = .object(o) }
            }
            return "delete \(describe(path))"
        case 12, 13:
            guard let (path, _) = some(all.filter({ if case .array(let a) = $0.1 { return !a.isEmpty } else { return false } })) else { return "nothing" }
            let copies = rng.chance(0.2) ? 20 + rng.below(60) : 1
            let remove = rng.chance(0.3)
            let at = rng.next()
            Self.update(&document, path[...]) { v in
                guard case .array(var a) = v else { return }
                let i = Int(at % UInt64(a.count))
                if remove { a.remove(at: i) } else { a.insert(contentsOf: repeatElement(a[i], count: copies), at: i) }
                v = .array(a)
            }
            return "\(remove ? "remove from" : "duplicate ×\(copies) in") \(describe(path))"
        case 14:
            guard all.count > 1 else { return "nothing" }
            let (path, _) = all[1 + rng.below(all.count - 1)]
            let values: [JSONValue] = [.null, .bool(true), .string(""), .string("x"), .array([]), .object(JSONObject()), .number(JSONNumber(3))]
            let v = values[rng.below(values.count)]
            Self.update(&document, path[...]) { $0 = v }
            return "type \(describe(path)) = \(v.typeName)"
        case 15:
            let ids = all.filter { if case .key("id") = $0.0.last { return $0.1.stringValue != nil } else { return false } }
            guard let (path, v) = some(ids), let (_, other) = some(ids) else { return "nothing" }
            let renamed: JSONValue = rng.chance(0.5) ? other : .string(v.stringValue! + "x")
            Self.update(&document, path[...]) { $0 = renamed }
            return "id \(describe(path)) = \(renamed.stringValue ?? "")"
        default:
            return definitions()
        }
    }

    /// Definitions that double at each level, long chains, cycles — used by a rule.
    mutating func definitions() -> String {
        var added: [(String, String)] = []
        let kind = rng.below(4)
        let levels = [3, 8, 9, 15, 16, 17, 25, 60, 400][rng.below(9)]
        switch kind {
        case 0:
            added.append(("z0", "age > 1"))
            for i in 1...levels { added.append(("z\(i)", "(z\(i - 1) and z\(i - 1))")) }
        case 1:
            added.append(("z0", "age > 1"))
            for i in 1...levels { added.append(("z\(i)", "z\(i - 1) or age > \(i % 120)")) }
            if rng.chance(0.5) { added.reverse() }
        case 2:
            added = [("z0", "z1 and age > 3"), ("z1", "z2 or any_flag"), ("z2", "z0")]
        default:
            added.append(("z0", "household.children * 1000000"))
            for i in 1...min(levels, 20) { added.append(("z\(i)", "z\(i - 1) + z\(i - 1) * 2")) }
            added.append(("z\(min(levels, 20) + 1)", "z\(min(levels, 20)) > 3"))
        }
        let top = kind == 3 ? "z\(min(levels, 20) + 1)" : (kind == 2 ? "z0" : "z\(levels)")
        Self.update(&document, [.key("definitions")][...]) { v in
            guard case .object(var o) = v else { return }
            for (k, x) in added { o.members.append((k, .string(x))) }
            v = .object(o)
        }
        let product = rng.below(38)
        Self.update(&document, [.key("products"), .index(product), .key("eligibility")][...]) { $0 = .string("\(top) or age > 200") }
        return "definitions kind \(kind) × \(levels), used by products[\(product)]"
    }

    /// Byte-level damage: truncation, a flipped byte, garbage inserted.
    mutating func mutateBytes(_ bytes: [UInt8]) -> [UInt8] {
        var b = bytes
        switch rng.below(3) {
        case 0: b.removeLast(rng.below(b.count))
        case 1: b[rng.below(b.count)] ^= UInt8(truncatingIfNeeded: 1 + rng.below(255))
        default: b.insert(contentsOf: Array("\"x\": [[[[1e999, -0, 123456789012345678901234567890]]]], ".utf8), at: rng.below(b.count))
        }
        return b
    }

    func describe(_ path: [Step]) -> String {
        path.map { step -> String in
            switch step {
            case .key(let k): return ".\(k)"
            case .index(let i): return "[\(i)]"
            }
        }.joined()
    }
}
