import SeulaCore
import SeulaJSON
import SeulaCrypto
import SeulaService
import SeulaFormats

/// The fast path for one criteria version within a chunk: the cases the fast reader took for
/// this version, decided together and written out by index.
///
/// Per chunk: `begin`, then `parse` + `accept` per line, then `decideAll`, then `write` (or
/// `writeRecord`) per accepted case. A lane belongs to one worker thread (it reuses every buffer).
package final class DecisionLane {
    let model: CriteriaModel
    let parser: CaseLineParser
    let engine: DecisionEngine
    let writer: DecisionRecordWriter
    let oracle: EvaluatingOracle
    /// Pseudonyms for the cases that carry a hetu (this lane's own hasher: not thread-safe).
    private let hasher: HMACSHA256Hasher?
    private let pseudonymizer: (any Pseudonymizer)?
    var useKernels = true

    private let kernels: [RuleKernel]
    /// The risk-side counterfactuals of risk pictures this lane has seen (its own: one thread).
    private let riskMemo: RiskChangeMemo
    /// The case the steps that read none are given.
    private let placeholder = ScreeningCase(id: "", age: 0, itemCount: 0, indicatorCount: 0, flagCount: 0)
    /// Cases accepted in this chunk (`cases[0..<count]`); `cases[count]` is the one being read.
    package private(set) var count = 0
    // Unchecked exclusivity: a lane belongs to one worker thread; the dynamic checks on these
    // class properties otherwise cost more than the work in the hot loops.
    @exclusivity(unchecked) private var cases: [ScreeningCase] = []
    @exclusivity(unchecked) private var decisions: [Decision] = []
    @exclusivity(unchecked) private var columns = FrameColumns()
    @exclusivity(unchecked) private var masks: [UInt64] = []
    private var scratchTrue: [UInt64] = []
    private var scratchFalse: [UInt64] = []
    private var weighted: [Double] = []
    private var weight: [Double] = []

    package init(model: CriteriaModel, options: ScoringOptions) {
        self.model = model
        parser = CaseLineParser(model: model, strict: options.strict, today: options.today, maxDepth: options.maxDepth,
                                acceptsHetu: options.pseudonymizer != nil)
        pseudonymizer = options.pseudonymizer
        hasher = (options.pseudonymizer as? HMACPseudonymizer)?.makeHasher()
        engine = DecisionEngine(model: model, today: options.today)
        writer = DecisionRecordWriter(model: model)
        oracle = EvaluatingOracle(conditions: engine.rules.conditions)
        kernels = engine.rules.conditions.map(RuleKernel.init)
        riskMemo = RiskChangeMemo(model: model)
    }

    /// Starts a chunk of up to `capacity` lines.
    package func begin(capacity: Int) {
        count = 0
        let m = model
        while cases.count < capacity + 1 {
            cases.append(ScreeningCase(id: "", age: 0, itemCount: m.coping.items.count,
                                       indicatorCount: m.risk.indicators.count, flagCount: m.flags.count))
        }
    }

    /// Reads a line into the next free case (not yet accepted).
    package func parse(_ bytes: UnsafeRawBufferPointer, line: Int) -> CaseLineParser.Outcome {
        cases.withUnsafeMutableBufferPointer { cs in parser.parse(bytes, into: &cs[count]) }
    }

    /// Keeps the case just parsed; returns its index in the lane.
    package func accept() -> Int {
        count += 1
        return count - 1
    }

    /// Decides every accepted case, step by step up to `last`.
    package func decideAll(through last: DecisionStep, explaining: Bool) {
        let n = count
        while decisions.count < n { decisions.append(Decision(model: model)) }
        computeCopingSums(n)
        let slots = model.slots
        if useKernels { columns.reset(slots: slots.count, cases: n) }
        let words = RuleKernel.words(n)
        let rules = engine.rules
        if masks.count < rules.conditions.count * words { masks = Array(repeating: 0, count: rules.conditions.count * words) }
        for step in DecisionStep.allCases where step.rawValue <= last.rawValue {
            if useKernels {
                if let phase = step.rulePhase, rules.hasRules(in: phase) { evaluateKernels(phase: phase, words: words) }
                masks.withUnsafeBufferPointer { m in
                    run(step, n, explaining: explaining) { k in MaskOracle(masks: m.baseAddress!, wordsPerRule: words, caseIndex: k) }
                }
                if let phase = step.fillsPhase { copyToColumns(slots.slots(knownFrom: phase), n) }
            } else {
                let oracle = self.oracle
                run(step, n, explaining: explaining) { _ in oracle }
            }
        }
    }

    private func run<O: RuleOracle>(_ step: DecisionStep, _ n: Int, explaining: Bool, _ oracle: (Int) -> O) {
        let engine = self.engine
        let memo = riskMemo
        let sums = (weighted, weight)
        // Only the intake and finish steps read the case; the others get a placeholder, as
        // handing over `cs[k]` copies it (a retain and release of each of its lists).
        let readsCase = step == .intake || step == .finish
        let none = placeholder
        cases.withUnsafeBufferPointer { cs in
            decisions.withUnsafeMutableBufferPointer { ds in
                if readsCase {
                    for k in 0..<n {
                        engine.run(step, cs[k], into: &ds[k], oracle: oracle(k),
                                   copingSums: step == .intake ? (sums.0[k], sums.1[k]) : nil, explaining: explaining,
                                   riskMemo: memo)
                    }
                } else {
                    for k in 0..<n { engine.run(step, none, into: &ds[k], oracle: oracle(k)) }
                }
            }
        }
    }

    /// Copies a block of frame slots of every case into the kernels' columns.
    private func copyToColumns(_ range: Range<Int>, _ n: Int) {
        guard !range.isEmpty else { return }
        let stride = columns.stride
        decisions.withUnsafeBufferPointer { ds in
            columns.values.withUnsafeMutableBufferPointer { v in
                for k in 0..<n {
                    ds[k].frame.withUnsafeBufferPointer { frame in
                        for slot in range { v[slot * stride + k] = FrameColumns.double(frame[slot]) }
                    }
                }
            }
        }
    }

    private func evaluateKernels(phase: Phase, words: Int) {
        let rules = engine.rules
        for r in 0..<rules.conditions.count where rules.phases[r] == phase {
            kernels[r].evaluate(columns, isTrue: &scratchTrue, isFalse: &scratchFalse)
            for i in 0..<words { masks[r * words + i] = scratchTrue[i] }
        }
    }

    /// The decision record of case `j`.
    package func writeRecord(_ j: Int, into w: inout JSONWriter) {
        setPseudonym(j)
        decisions.withUnsafeMutableBufferPointer { ds in writer.write(inPlace: &ds[j], into: &w) }
    }

    /// The answer to case `j` in `output`'s format (a record, a CSV row, …).
    func write<O: AnswerOutputFormat>(_ j: Int, lineNumber: Int, to output: inout O, into w: inout JSONWriter) {
        setPseudonym(j)
        let (model, writer) = (self.model, self.writer)
        decisions.withUnsafeMutableBufferPointer { ds in
            output.write(&ds[j], model: model, records: writer, lineNumber: lineNumber, into: &w)
        }
    }

    /// The keyed pseudonym of case `j`'s hetu (the parser took a hetu only with a key configured).
    private func setPseudonym(_ j: Int) {
        guard let hetu = cases[j].hetu else { return }
        decisions[j].pseudonym = hasher.map { $0.hex(hetu) } ?? pseudonymizer?.pseudonym(forHetu: hetu)
    }

    /// Σuᵢxᵢ and Σuᵢ (weight units, `CopingInstrument.weightUnits`) over the answered items
    /// of every accepted case: whole numbers, the same bits whichever way they are added.
    ///
    /// A plain loop: BLAS `dgemv` gave the same bits but did not pay (measured on 200 000
    /// generated cases, CSV columns: 2.36–2.69 s CPU with BLAS, 2.20–2.40 s without — the
    /// matrices it needs cost as much to fill as the sums themselves).
    private func computeCopingSums(_ n: Int) {
        if weighted.count < n {
            weighted = Array(repeating: 0, count: n)
            weight = Array(repeating: 0, count: n)
        }
        let coping = model.coping
        for k in 0..<n {
            let (s, w) = coping.sums(cases[k].coping)
            weighted[k] = s
            weight[k] = w
        }
    }
}
