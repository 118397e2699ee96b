/// What would move a case to each neighbouring segment: the fewest changed answers or
/// indicators, then the smallest total change (answer steps on the coping axis, points on the
/// risk axis). Age, flags and household never change; only answered items change (an
/// unanswered item stays unanswered); a risk gap may be filled. A neighbour no such change can
/// reach is left out. Undetermined cases have no neighbours.
enum Counterfactual {
    /// Reusable buffers, so deciding a case allocates (almost) nothing here.
    ///
    /// A class, so lending it to the search costs one retain (as a struct of some thirty
    /// buffers, every move in and out of the decision retained and released each of them).
    /// Unchecked Sendable and exclusivity: a workspace belongs to one decision, and
    /// `DecisionEngine.finish` gives a decision a fresh one before use when a copy of the
    /// decision shares it, so no two decisions ever write one.
    final class Workspace: @unchecked Sendable {
        @exclusivity(unchecked) var problem = FewestChangesSolver.Problem()
        @exclusivity(unchecked) var choices: [FewestChangesSolver.Choice] = []
        @exclusivity(unchecked) var rooms: [Int] = []
        @exclusivity(unchecked) var items: [Int] = []
        @exclusivity(unchecked) var steps: [(candidate: Int, step: Int)] = []
        @exclusivity(unchecked) var riskSearch = RiskSideSearch.Buffers()
    }

    static func moves(model: CriteriaModel, case c: ScreeningCase, decision d: borrowing Decision,
                      workspace w: Workspace, into moves: inout [CounterfactualMove], memo: RiskChangeMemo? = nil) {
        moves.removeAll(keepingCapacity: true)
        guard let copingScore = d.coping.score, d.riskSide != .undetermined else { return }
        let grid = model.segments
        let hard = model.coping.isHard(copingScore)
        let high = d.riskSide == .high
        for qi in 0..<grid.quadrants.count {
            let q = grid.quadrants[qi]
            if q.copingHard != hard && q.riskHigh == high {
                if let changes = copingChanges(model.coping, c.coping, towardHard: !hard, w) {
                    moves.append(CounterfactualMove(segment: SegmentIndex(qi), changes: changes))
                }
            } else if q.riskHigh != high && q.copingHard == hard {
                let changes: [CounterfactualChange]?
                if model.risk.isPlainScorecard {
                    changes = riskChanges(model, c, d.risk, towardHigh: !high, frame: d.frame, w)
                } else {
                    changes = riskSideSolution(model, c, d.risk, towardHigh: !high, frame: d.frame, w, memo: memo)
                        .map { $0.map { change(model.risk, c, $0.indicator, $0.raw) } }
                }
                if let changes { moves.append(CounterfactualMove(segment: SegmentIndex(qi), changes: changes)) }
            }
        }
    }

    /// The fewest changes to the other risk side under the V2 side rule, as (indicator, raw
    /// value to move to): one change toward high when a scan finds it, else the search. With a
    /// memo, a risk picture already seen is answered from it (`RiskChangeMemo`).
    static func riskSideSolution(_ model: CriteriaModel, _ c: ScreeningCase, _ risk: RiskResult, towardHigh: Bool,
                                 frame: [Value], _ w: Workspace, memo: RiskChangeMemo?) -> [(indicator: Int, raw: Int)]? {
        let key = memo?.key(model.risk, c, risk, frame: frame, towardHigh: towardHigh)
        if let memo, let key, let known = memo.lookup(key) { return known }
        let answer: [(indicator: Int, raw: Int)]?
        if towardHigh, let quick = RiskSideSearch.singleChangeToHigh(model: model, case: c, risk: risk, frame: frame),
           let single = quick {
            answer = [single]
        } else {
            var search = RiskSideSearch(model: model, case: c, risk: risk, frame: frame, towardHigh: towardHigh,
                                        buffers: w.riskSearch)
            answer = search.solve(points: risk.points, maxPoints: risk.maxPoints, gaps: risk.gaps.count)
        }
        if let memo, let key { memo.store(key, answer) }
        return answer
    }

    static func copingChanges(_ scale: CopingInstrument, _ answers: [Int8], towardHard: Bool, _ w: Workspace) -> [CounterfactualChange]? {
        let (weightedSum, answeredWeight) = scale.sums(answers)
        if scale.hasUniformWeights {
            // Equal weights, unit steps: the closed form (same answer as the dynamic programme).
            w.rooms.removeAll(keepingCapacity: true)
            w.items.removeAll(keepingCapacity: true)
            var capacity = 0
            for i in 0..<answers.count where answers[i] >= 0 {
                let x = Int(answers[i])
                let room = towardHard ? scale.scaleMax - x : x - scale.scaleMin
                guard room > 0 else { continue }
                w.rooms.append(room)
                w.items.append(i)
                capacity += room
            }
            let unit = scale.weightUnits.first ?? 1
            var need = 1
            while need <= capacity {
                let s = towardHard ? weightedSum + Double(need) * unit : weightedSum - Double(need) * unit
                if scale.isHard(scale.score(weightedSum: s, answeredWeight: answeredWeight)) == towardHard { break }
                need += 1
            }
            guard need <= capacity, FewestChangesSolver.solveUnitSteps(rooms: w.rooms, need: need, into: &w.steps) else { return nil }
            return w.steps.map { choice in
                let item = w.items[choice.candidate]
                let x = Int(answers[item])
                return CounterfactualChange(axis: .coping, index: item, from: .int(x), to: .int(towardHard ? x + choice.step : x - choice.step))
            }
        }
        w.problem.reset()
        var effects: [Double] = []
        let uniform = scale.hasUniformWeights
        for i in 0..<answers.count where answers[i] >= 0 {
            let x = Int(answers[i])
            let room = towardHard ? scale.scaleMax - x : x - scale.scaleMin
            guard room > 0 else { continue }
            w.problem.addCandidate(i)
            var step = room
            while step >= 1 {
                w.problem.addOption(units: step, to: towardHard ? x + step : x - step)
                if !uniform { effects.append(scale.weightUnits[i] * Double(step)) }
                step -= 1
            }
        }
        let succeeds = { (effect: Double) -> Bool in
            let s = towardHard ? weightedSum + effect : weightedSum - effect
            return scale.isHard(scale.score(weightedSum: s, answeredWeight: answeredWeight)) == towardHard
        }
        var solved = false
        if uniform {
            let unit = scale.weightUnits.first ?? 1
            let capacity = w.problem.capacity
            var need = 1
            while need <= capacity && !succeeds(Double(need) * unit) { need += 1 }
            guard need <= capacity else { return nil }
            if FewestChangesSolver.fitsUniform(w.problem, need: need) {
                solved = FewestChangesSolver.solveUniform(w.problem, need: need, into: &w.choices)
            } else {
                effects = w.problem.optionUnits.map { Double($0) * unit }
                solved = FewestChangesSolver.solveWeighted(w.problem, effect: effects, succeeds: succeeds, into: &w.choices)
            }
        } else {
            solved = FewestChangesSolver.solveWeighted(w.problem, effect: effects, succeeds: succeeds, into: &w.choices)
        }
        guard solved else { return nil }
        return w.choices.map { choice in
            let item = w.problem.candidateIndex[choice.candidate]
            return CounterfactualChange(axis: .coping, index: item, from: .int(Int(answers[item])),
                                        to: .int(w.problem.optionTo[choice.option]))
        }
    }

    static func riskChanges(_ model: CriteriaModel, _ c: ScreeningCase, _ risk: RiskResult, towardHigh: Bool,
                            frame: borrowing [Value], _ w: Workspace) -> [CounterfactualChange]? {
        let card = model.risk
        let solved = solveRisk(model, c, risk, towardHigh: towardHigh, frame: frame, w)
        return solved.map { moves in moves.map { change(card, c, $0.indicator, $0.to) } }
    }

    static func change(_ card: RiskScorecard, _ c: ScreeningCase, _ i: Int, _ to: Int) -> CounterfactualChange {
        let raw = Int(c.risk[i])
        return CounterfactualChange(axis: .risk, index: i,
                                    from: raw == Int(ScreeningCase.gap) ? nil : rawValue(card.indicators[i], raw),
                                    to: rawValue(card.indicators[i], to))
    }

    /// The risk axis's fewest changes, as (indicator, raw value to move to).
    static func solveRisk(_ model: CriteriaModel, _ c: ScreeningCase, _ risk: RiskResult, towardHigh: Bool,
                          frame: borrowing [Value], _ w: Workspace) -> [(indicator: Int, to: Int)]? {
        let card = model.risk
        w.problem.reset()
        for i in 0..<card.indicators.count where card.isCounted(i, frame: frame) {
            let current = risk.indicatorPoints[i]
            var added = false
            if towardHigh {
                // Larger steps first: walk the levels from the top.
                let levels = card.indicators[i].levelsUp
                var k = levels.count - 1
                while k >= 0, levels[k].points > current {
                    if !added { w.problem.addCandidate(i); added = true }
                    w.problem.addOption(units: levels[k].points - current, to: levels[k].raw)
                    k -= 1
                }
            } else {
                let levels = card.indicators[i].levelsDown
                var k = 0
                while k < levels.count, levels[k].points < current {
                    if !added { w.problem.addCandidate(i); added = true }
                    w.problem.addOption(units: current - levels[k].points, to: levels[k].raw)
                    k += 1
                }
            }
        }
        let capacity = w.problem.capacity
        var need = 1
        while need <= capacity {
            let p = towardHigh ? risk.points + need : risk.points - need
            if card.isHigh(card.score(points: p)) == towardHigh { break }
            need += 1
        }
        guard need <= capacity else { return nil }
        let solved: Bool
        if FewestChangesSolver.fitsUniform(w.problem, need: need) {
            solved = FewestChangesSolver.solveUniform(w.problem, need: need, into: &w.choices)
        } else {
            solved = FewestChangesSolver.solveUniformWide(w.problem, need: need, into: &w.choices)
        }
        guard solved else { return nil }
        return w.choices.map { choice in (w.problem.candidateIndex[choice.candidate], w.problem.optionTo[choice.option]) }
    }

    static func rawValue(_ indicator: RiskIndicator, _ raw: Int) -> ReasonValue {
        switch indicator.kind {
        case .integer: return .int(raw)
        case .enumeration(let d, _): return .text(d.values[raw])
        case .boolean: return .bool(raw != 0)
        }
    }
}
