import Foundation
import SeulaCore

/// The generative model of one synthetic adult-social-work client.
///
/// **Latent structure.** Each person has a latent everyday difficulty `d` and register risk `r`,
/// bivariate normal with ρ = 0.4 (`d` rises after 70; `r` is a little higher at 18–29 and lower
/// from 75), and latent situations drawn by probit models of `r`, `d`, age and gender at about
/// adult-social-work rates: immigrant background 16 % (30 % of them arrived within 3 years),
/// mental-health rehabilitee ≈ 11 %, substance use ≈ 8 %, disability ≈ 6 %, homelessness ≈ 5 %
/// (≈ 40 % of it long-term), violence in a close relationship ≈ 4 % (more in families with
/// children), released from prison ≈ 2 %, family with children ≈ 21 %, care leaver (18–29)
/// ≈ 18 %, sudden income drop ≈ 5 %, a memory disorder (65+: 65–74 ≈ 4 %, 75–84 ≈ 14 %, 85+
/// ≈ 30 %, more with higher `d`), and the rare ones: unaccompanied minor ≈ 0.17 %, came as one
/// ≈ 0.4 %, trafficking ≈ 0.2 %, undocumented ≈ 0.3 %, acute danger ≈ 0.6 %, homeless tonight
/// ≈ 0.7 %.
///
/// **Coping items** are ordered-probit measurements of `d` (a graded response model): item i's
/// answer is the number of cutpoints 0, 1, 2, 3 below μᵢ + ε with μᵢ = λᵢ·d + bᵢ + (situation
/// shifts: homelessness raises `keeping_home`, substance use `substance_gambling`, violence
/// `unsafe_at_home`, a memory disorder `concentration_memory`, errands, bills and self-care, …)
/// and ε standard normal. With λ ≈ 0.5–0.9 the items correlate and Cronbach's
/// α is ≈ 0.85. About 15 % of cases leave 1–3 items unanswered (sensitive items and `work_study`
/// for the retired more often) and 5 % leave 4–9 (undetermined).
///
/// **Risk indicators** are ordered-probit draws over the scorecard's bins from μⱼ = aⱼ + βⱼ·r +
/// (situation shifts); a count is then drawn uniformly inside its bin (open bins geometrically).
/// Housing follows homelessness (homeless / long-term) or else two probits (arrears; supported
/// housing), prison is the situation itself, unemployment and sick leave are 0 outside working
/// age. Register gaps: 2.5 % per indicator, 1.2 % of cases with 4–7 gaps, and an undocumented
/// person is mostly unknown to the registers (6–10 gaps).
///
/// Because both axes are graded-response models, the expectations a caseworker would perceive
/// (`expectedCopingScore`, `expectedRiskScore`) are exact sums of Φ(μ − c).
///
/// **Other fields.** Age 15–95 (15–17: 2.5 %, 18–24: 18 %, 25–34: 19 %, 35–44: 16 %, 45–54: 14 %,
/// 55–64: 13 %, 65–74: 9 %, 75–84: 6 %, 85–95: 3 %, weights out of 100.5); households with 1–5
/// children, the youngest 0–17 and young-skewed, single parents, expecting; ten municipalities
/// weighted by size; language fi mostly, sv (more in Vaasa and the capital region), and
/// en/ar/so/ru/et with immigrant background; `assessed_on` on every case, uniform over the
/// caller's range (one draw whatever the range). A few optional fields are left out (1–3 %).
/// Flags are recorded from the situations, a few under-recorded (rehabilitee 70–80 %, disability
/// 85 %); the unaccompanied-minor flag is left uncleared for half of the 18–19-year-olds who
/// came as unaccompanied minors (≈ 0.05 % of cases); `care_allowance_highest` (Kela's highest
/// care allowance for pensioners) only for pensioners — 65+, or a disability benefit with a
/// disability — by a probit of `d`, a memory disorder, 75+ and disability: ≈ 1.8 % of cases,
/// ≈ 70 % of them 75+. The `hetu` is drawn afterwards, from a stream of its own (`HetuModel`).
///
/// **What MODEL-V2 needs, as written** (measured on 200 000 default cases of seed 1;
/// `V2PopulationTests` holds ranges around them on 20 000): 75+ ≈ 9 %, with the care-allowance
/// flag ≈ 1.2 %; minors 15–17 ≈ 2.5 %; a stale unaccompanied-minor flag at 18–19 ≈ 0.05 %;
/// undocumented ≈ 0.3 %, each with 6–10 gaps; 1–3 gaps ≈ 26 %, 4+ ≈ 1.5 %; housing homeless or long-term
/// ≈ 5 %, psychiatric inpatient ≈ 10 %, released from prison ≈ 2 %, child-welfare household
/// ≈ 7 %; violence ≈ 4 %, `unsafe_at_home` ≥ 3 ≈ 2.5 %, `sudden_crisis` = 4 ≈ 3 %, immediate
/// danger ≈ 0.6 %; some safety signal ≈ 7 %, with children under 18 in the household ≈ 2 %.
enum PopulationModel {
    // MARK: Parameters

    static let ageBands: [(lo: Int, hi: Int)] = [(15, 17), (18, 24), (25, 34), (35, 44), (45, 54), (55, 64),
                                                 (65, 74), (75, 84), (85, 95)]
    static let ageCumulative = cumulative([2.5, 18, 19, 16, 14, 13, 9, 6, 3])
    static let municipalityCumulative = cumulative(Vocabulary.municipalityWeights)
    /// Share of Swedish speakers by municipality (Vocabulary order).
    static let swedishShare = [0.06, 0.08, 0.03, 0.01, 0.05, 0.01, 0.01, 0.01, 0.01, 0.22]
    /// Languages of people with an immigrant background: fi sv en ar so ru et.
    static let immigrantLanguageCumulative = cumulative([12, 0, 16, 24, 14, 20, 14])
    static let childCountCumulative = cumulative([45, 33, 14, 5, 3])

    /// Item loadings on `d`, intercepts, and loadings on `r`.
    static let itemLoading: SIMD16<Double> = [0.75, 0.75, 0.65, 0.75, 0.65, 0.75, 0.85, 0.45, 0.75, 0.75, 0.55, 0.65, 0.75, 0.65, 0.45, 0.55]
    static let itemBase: SIMD16<Double> = [0.7, 0.45, 0.75, 0.6, 0.85, 0.7, 1.1, -0.8, 0.95, 0.65, 0.45, 0.85, 1.05, 0.95, -0.7, 0.3]
    static let itemRiskLoading: SIMD16<Double> = [0, 0, 0.45, 0.1, 0, 0, 0.1, 0.35, 0.1, 0, 0.15, 0.1, 0, 0.3, 0.15, 0.3]
    static let itemCuts: SIMD4<Double> = [0, 1, 2, 3]

    /// Situation-specific shifts of item means.
    static let itemShifts: [(item: Int, situation: Situations, shift: Double)] = [
        (Item.householdChores, .veryOld, 0.6), (Item.householdChores, .disability, 0.5), (Item.householdChores, .family, 0.2),
        (Item.selfCare, .veryOld, 0.7), (Item.selfCare, .disability, 0.7), (Item.selfCare, .mentalHealth, 0.4),
        (Item.payingBills, .substanceUse, 0.4), (Item.payingBills, .incomeShock, 0.6),
        (Item.keepingHome, .homeless, 1.3), (Item.keepingHome, .substanceUse, 0.4), (Item.keepingHome, .veryOld, 0.4),
        (Item.errands, .immigrant, 0.5), (Item.errands, .recentImmigrant, 0.6), (Item.errands, .veryOld, 0.8), (Item.errands, .disability, 0.4),
        (Item.concentration, .mentalHealth, 0.6), (Item.concentration, .veryOld, 0.5), (Item.concentration, .substanceUse, 0.3),
        (Item.mood, .mentalHealth, 1.0), (Item.mood, .violence, 0.6), (Item.mood, .incomeShock, 0.3),
        (Item.substance, .substanceUse, 2.4), (Item.substance, .homeless, 0.4), (Item.substance, .prison, 0.5),
        (Item.sleep, .mentalHealth, 0.6), (Item.sleep, .homeless, 0.7), (Item.sleep, .substanceUse, 0.4),
        (Item.gettingOut, .veryOld, 0.7), (Item.gettingOut, .mentalHealth, 0.5), (Item.gettingOut, .disability, 0.5),
        (Item.conflicts, .violence, 1.3), (Item.conflicts, .family, 0.3), (Item.conflicts, .substanceUse, 0.3),
        (Item.noOneToHelp, .immigrant, 0.4), (Item.noOneToHelp, .veryOld, 0.3), (Item.noOneToHelp, .homeless, 0.4), (Item.noOneToHelp, .unaccompaniedMinor, 0.8),
        (Item.loneliness, .veryOld, 0.6), (Item.loneliness, .mentalHealth, 0.5), (Item.loneliness, .immigrant, 0.3),
        (Item.workStudy, .disability, 0.8), (Item.workStudy, .mentalHealth, 0.5), (Item.workStudy, .prison, 0.4),
        (Item.unsafeAtHome, .violence, 2.2), (Item.unsafeAtHome, .homeless, 0.6), (Item.unsafeAtHome, .unaccompaniedMinor, 0.6),
        (Item.suddenCrisis, .incomeShock, 1.0), (Item.suddenCrisis, .acuteDanger, 1.6), (Item.suddenCrisis, .homeless, 0.6),
        (Item.suddenCrisis, .violence, 0.8), (Item.suddenCrisis, .prison, 0.4),
        // A memory disorder: dementia-like difficulty with memory, errands, money and self-care.
        (Item.concentration, .dementia, 1.6), (Item.errands, .dementia, 0.9), (Item.payingBills, .dementia, 0.8),
        (Item.selfCare, .dementia, 0.7), (Item.householdChores, .dementia, 0.5), (Item.keepingHome, .dementia, 0.5),
        (Item.gettingOut, .dementia, 0.4), (Item.noOneToHelp, .dementia, 0.3), (Item.sleep, .dementia, 0.3),
    ]
    /// Relative chance of an item being left unanswered (sensitive items more often).
    static let missingWeight: SIMD16<Double> = [1, 1, 1, 1, 1, 1, 1, 3, 1, 1, 2, 1, 1, 2, 3, 1]

    /// Bin cutpoints per indicator (ordered probit); housing and prison are drawn separately.
    static let riskCuts: [(cuts: SIMD4<Double>, count: Int)] = [
        ([0.0, 0.8, 1.5, 0], 3),   // income support: 0 | 1–5 | 6–9 | 10–12
        ([0.0, 0.7, 1.3, 0], 3),   // unemployment: 0 | 1–11 | 12–23 | 24+
        ([0, 0, 0, 0], 0),         // housing (drawn separately)
        ([0.9, 1.7, 0, 0], 2),     // debt: none | payment_default | enforcement
        ([1.4, 2.1, 0, 0], 2),     // substance contacts: 0 | 1–3 | 4+
        ([1.4, 2.5, 0, 0], 2),     // psychiatric: none | outpatient | inpatient
        ([1.0, 2.1, 0, 0], 2),     // emergency visits: 0–1 | 2–5 | 6+
        ([1.3, 0, 0, 0], 1),       // child-welfare household
        ([0.2, 1.9, 0, 0], 2),     // service types: 0–1 | 2–3 | 4+
        ([0, 0, 0, 0], 0),         // prison (the situation itself)
        ([1.2, 0, 0, 0], 1),       // long sick leave / disability benefit
        ([1.0, 0, 0, 0], 1),       // no secondary qualification
    ]
    /// The indicators drawn by ordered probit, in drawing order.
    static let probitIndicators = [Indicator.incomeSupport, Indicator.unemployment, Indicator.debt, Indicator.substanceContacts,
                                   Indicator.psychiatric, Indicator.emergencyVisits, Indicator.serviceTypes, Indicator.sickLeave,
                                   Indicator.noSecondary, Indicator.childWelfare]
    static let off = -9.0

    // MARK: Drawing

    /// Case `index` of the caseload with `seed`: depends on nothing else.
    /// `expectations`: also compute `expectedCopingScore`/`expectedRiskScore` (the labels need them).
    /// `assessedOn`: the range `assessed_on` is drawn from (one draw whatever the range, so the
    /// rest of the person does not depend on it).
    static func draw(index: Int, seed: UInt64, assessedOn: DateRange = .v2Default, expectations: Bool) -> SyntheticCase {
        var rng = SplitMix64(seed: streamSeed(seed, 1, index))
        let phi = Phi.shared

        // Who: gender, age, latent traits.
        let gu = rng.unit()
        let gender: Gender = gu < 0.51 ? .female : (gu < 0.98 ? .male : .other)
        let band = ageBands[rng.pick(ageCumulative)]
        let age = rng.between(band.lo, band.hi)
        let (z1, z2) = rng.normalPair()
        var d = z1
        var r = 0.4 * z1 + (1 - 0.16).squareRoot() * z2
        if age > 70 { d += 0.03 * Double(age - 70) }
        if age >= 18 && age <= 29 { r += 0.15 }
        if age >= 75 { r -= 0.3 }
        let gf = gender == .female ? 1.0 : (gender == .male ? -1.0 : 0.0)   // +1 female, -1 male

        // Situations.
        var s: Situations = []
        if age < 18 { s.insert(.minor) }
        if age >= 18 && age <= 29 { s.insert(.young) }
        if age >= 65 { s.insert(.olderPerson) }
        if age >= 75 { s.insert(.veryOld) }
        if age >= 65 && rng.probit((age >= 85 ? -0.52 : (age >= 75 ? -1.08 : -1.75)) + 0.3 * d, phi) { s.insert(.dementia) }
        if age < 18 && rng.chance(0.075) {
            s.formUnion([.unaccompaniedMinor, .immigrant, .recentImmigrant])
        } else if rng.chance(age < 35 ? 0.2 : (age >= 65 ? 0.08 : 0.16)) {
            s.insert(.immigrant)
            if rng.chance(0.3) { s.insert(.recentImmigrant) }
            if age >= 18 && age <= 24 && rng.chance(0.12) { s.insert(.cameAsUnaccompaniedMinor) }
            if age >= 18 && rng.chance(0.02) { s.insert(.undocumented) }
            if age >= 18 && rng.chance(0.01) { s.insert(.trafficking) }
        }
        if !s.contains(.immigrant) && age >= 18 && rng.chance(0.0003) { s.insert(.trafficking) }
        if rng.probit(-1.35 + 0.4 * d + 0.25 * r, phi) { s.insert(.mentalHealth) }
        if !s.contains(.minor) && rng.probit(-1.55 + 0.55 * r - 0.25 * gf, phi) { s.insert(.substanceUse) }
        if rng.probit(-1.6 + 0.25 * d, phi) { s.insert(.disability) }
        let homelessMu = -2.05 + 0.5 * r + (s.contains(.substanceUse) ? 0.7 : 0) + (s.contains(.mentalHealth) ? 0.3 : 0)
            + (s.contains(.undocumented) ? 1.0 : 0) - 0.2 * gf
        if !s.contains(.minor) && rng.probit(homelessMu, phi) {
            s.insert(.homeless)
            if rng.probit(-0.85 + 0.4 * r + (s.contains(.substanceUse) ? 0.4 : 0), phi) { s.insert(.longTermHomeless) }
        }
        if age >= 18 && age <= 64 && rng.probit(-2.6 + 0.55 * r + (s.contains(.substanceUse) ? 0.6 : 0) - 0.45 * gf, phi) {
            s.insert(.prison)
        }
        let familyChance: Double
        switch age {
        case ..<18: familyChance = 0.01
        case 18...54: familyChance = phi.cdf(-0.5 + 0.32 * gf)
        case 55...64: familyChance = 0.05
        default: familyChance = 0
        }
        if rng.chance(familyChance) {
            s.insert(.family)
            if rng.chance(gender == .female ? 0.55 : (gender == .male ? 0.2 : 0.4)) { s.insert(.singleParent) }
        }
        if rng.probit(-2.05 + 0.3 * r + 0.35 * gf + (s.contains(.family) ? 0.3 : 0), phi) { s.insert(.violence) }
        if age >= 18 && age <= 29 && rng.probit(-1.0 + 0.35 * r, phi) { s.insert(.careLeaver) }
        if rng.probit(-1.7 + 0.25 * r, phi) { s.insert(.incomeShock) }
        if rng.chance(s.contains(.violence) ? 0.1 : phi.cdf(-3.2 + 0.35 * r + 0.3 * d)) { s.insert(.acuteDanger) }

        let assessed = Days.date(assessedOn.firstDay + rng.below(assessedOn.days))
        var c = SyntheticCase(index: index, gender: gender, difficulty: d, registerRisk: r, situations: s, age: age,
                              assessedOn: assessed, hetu: nil, municipality: nil, language: nil, householdRecorded: true,
                              children: 0, youngestChildAge: nil, expecting: false, singleParent: false,
                              coping: SIMD16(repeating: -1), risk: SIMD16(repeating: 0), registerTruth: SIMD16(repeating: 0),
                              flags: 0, expectedCopingScore: 0, expectedRiskScore: 0, label: nil)

        // Where.
        let municipality = rng.pick(municipalityCumulative)
        if !rng.chance(0.01) { c.municipality = municipality }
        let language: Int
        if s.contains(.immigrant) {
            language = rng.pick(immigrantLanguageCumulative)
        } else {
            let u = rng.unit()
            language = u < swedishShare[municipality] ? 1 : (u < swedishShare[municipality] + 0.005 ? 2 : 0)
        }
        if !rng.chance(0.015) { c.language = language }

        // Household.
        if s.contains(.family) {
            c.children = 1 + rng.pick(childCountCumulative)
            let oldest = max(0, min(17, age - 17))
            c.youngestChildAge = min(rng.between(0, oldest), rng.between(0, oldest))
            c.singleParent = s.contains(.singleParent)
        }
        if age >= 18 && age <= 44 && rng.chance(gender == .female ? 0.045 : (gender == .male ? 0.015 : 0.03)) {
            c.expecting = true
        }
        c.householdRecorded = !rng.chance(0.02)

        // Coping answers.
        var mu = itemLoading * d + itemBase + itemRiskLoading * r
        for shift in itemShifts where s.contains(shift.situation) { mu[shift.item] += shift.shift }
        var expectedSum = 0.0
        for i in 0..<16 {
            c.coping[i] = Int8(rng.level(mu[i], itemCuts, 4, phi))
            if expectations { expectedSum += phi.expectedLevel(mu[i], itemCuts, 4) }
        }
        c.expectedCopingScore = 100 * expectedSum / 64
        let mode = rng.unit()
        let unanswered = mode < 0.05 ? 4 + rng.below(6) : (mode < 0.20 ? 1 + rng.below(3) : 0)
        if unanswered > 0 {
            var weight = missingWeight
            if age >= 65 { weight[Item.workStudy] = 8 }
            for _ in 0..<unanswered {
                let u = rng.unit() * weight.sum()
                var chosen = -1, acc = 0.0
                for i in 0..<16 where weight[i] > 0 {
                    acc += weight[i]
                    chosen = i
                    if u < acc { break }
                }
                c.coping[chosen] = -1
                weight[chosen] = 0
            }
        }

        // Register indicators.
        let working = age >= 18 && age <= 64
        // Over a constant copy: a function over the variable `s` costs a dynamic exclusivity
        // check on every call.
        let final = s
        func has(_ x: Situations) -> Double { final.contains(x) ? 1 : 0 }
        var rm = SIMD16<Double>(repeating: off)
        rm[Indicator.incomeSupport] = s.contains(.undocumented) || s.contains(.minor) ? off
            : 0.25 + 1.0 * r + 0.5 * has(.recentImmigrant) + 0.4 * has(.homeless) + 0.3 * has(.singleParent)
              + 0.3 * has(.substanceUse) - 0.7 * has(.olderPerson)
        rm[Indicator.unemployment] = !working || s.contains(.undocumented) ? off
            : 0.25 + 0.9 * r + 0.4 * has(.immigrant) + 0.3 * has(.substanceUse) + 0.4 * has(.prison)
              + 0.2 * has(.mentalHealth) - 0.6 * has(.disability) + (age >= 55 ? 0.2 : 0)
        rm[Indicator.debt] = s.contains(.minor) ? off
            : 0.55 + 0.95 * r + 0.3 * has(.substanceUse) + 0.2 * has(.incomeShock) + 0.2 * has(.singleParent) - (age <= 24 ? 0.3 : 0)
        rm[Indicator.substanceContacts] = 0.2 + 0.65 * r + 2.3 * has(.substanceUse) + 0.4 * has(.homeless) + 0.4 * has(.prison)
            - (s.contains(.minor) ? 0.5 : 0)
        rm[Indicator.psychiatric] = 0.2 + 0.5 * r + 0.35 * d + 2.0 * has(.mentalHealth) + 0.3 * has(.substanceUse)
        rm[Indicator.emergencyVisits] = 0.3 + 0.6 * r + 0.2 * d + 0.6 * has(.substanceUse) + 0.5 * has(.homeless)
            + 0.4 * has(.veryOld) + 0.2 * has(.mentalHealth) + 0.3 * has(.dementia)
        rm[Indicator.childWelfare] = s.contains(.family) || s.contains(.minor)
            ? 0.2 + 0.9 * r + 0.3 * d + 0.6 * has(.substanceUse) + 0.6 * has(.violence) + 0.3 * has(.singleParent) + 0.3 * has(.minor)
            : off
        rm[Indicator.serviceTypes] = 0.1 + 0.55 * r + 0.35 * d + 0.7 * has(.disability) + 0.6 * has(.mentalHealth)
            + 0.6 * has(.substanceUse) + 0.5 * has(.veryOld) + 0.3 * has(.family) + 0.3 * has(.homeless)
            + 0.4 * has(.dementia)
        rm[Indicator.sickLeave] = !working ? off
            : 0.1 + 0.4 * r + 0.4 * d + 1.8 * has(.disability) + 1.0 * has(.mentalHealth) + (age >= 50 ? 0.4 : 0)
        rm[Indicator.noSecondary] = 0.0 + 0.7 * r + 0.6 * has(.immigrant) + 0.5 * has(.careLeaver)
            + (age < 19 ? 2.0 : 0) + (age >= 55 ? 0.3 : 0)
        let arrearsMu = -1.0 + 0.85 * r + 0.3 * has(.incomeShock) + 0.2 * has(.singleParent) - 2 * has(.minor)
        let supportedMu = -2.0 + 1.2 * has(.disability) + 1.0 * has(.mentalHealth) + 0.8 * has(.substanceUse)
            + 0.8 * (age >= 80 ? 1 : 0) + 1.5 * has(.unaccompaniedMinor)

        var truth = SIMD16<Int32>(repeating: 0)
        var expectedPoints = 0.0
        let riskCuts = Self.riskCuts
        for j in probitIndicators {
            let (cuts, count) = riskCuts[j]
            let level = rng.level(rm[j], cuts, count, phi)
            truth[j] = Int32(value(j, level, &rng))
            guard expectations else { continue }
            let e = phi.expectedLevel(rm[j], cuts, count)
            switch j {
            case Indicator.childWelfare: expectedPoints += 2 * e
            case Indicator.noSecondary: if age >= 18 && age <= 24 { expectedPoints += e }
            default: expectedPoints += e
            }
        }
        if s.contains(.homeless) {
            let longTerm = s.contains(.longTermHomeless)
            truth[Indicator.housing] = longTerm ? 4 : 3
            expectedPoints += longTerm ? 4 : 3
        } else {
            let pa = phi.cdf(arrearsMu), ps = phi.cdf(supportedMu)
            let arrears = rng.unit() < pa, supported = rng.unit() < ps
            truth[Indicator.housing] = arrears ? 2 : (supported ? 1 : 0)
            expectedPoints += 2 * pa + (1 - pa) * ps
        }
        if s.contains(.prison) {
            truth[Indicator.prison] = 1
            expectedPoints += 2
        }
        c.registerTruth = truth
        c.expectedRiskScore = 100 * expectedPoints / 26
        c.risk = truth
        if s.contains(.undocumented) {
            gapOut(&c, count: 6 + rng.below(5), &rng)
        } else if rng.chance(0.012) {
            gapOut(&c, count: 4 + rng.below(4), &rng)
        } else {
            for j in 0..<Indicator.count where rng.chance(0.025) { c.risk[j] = -1 }
        }

        // Intake flags.
        var f: UInt16 = 0
        if s.contains(.acuteDanger) { f |= Flag.immediateDanger }
        if s.contains(.homeless) ? rng.chance(0.13) : rng.chance(0.0005) { f |= Flag.homelessTonight }
        if s.contains(.violence) { f |= Flag.violence }
        // The unaccompanied-minor flag, and a stale one: not cleared at 18 for half of the
        // 18–19-year-olds who came as unaccompanied minors (MODEL-V2: inconsistent input).
        if s.contains(.unaccompaniedMinor) || (s.contains(.cameAsUnaccompaniedMinor) && age <= 19 && rng.chance(0.5)) {
            f |= Flag.unaccompaniedMinor
        }
        if s.contains(.cameAsUnaccompaniedMinor) { f |= Flag.cameAsUnaccompaniedMinor }
        if s.contains(.trafficking) { f |= Flag.trafficking }
        if s.contains(.undocumented) { f |= Flag.undocumented }
        if s.contains(.careLeaver) && rng.chance(0.9) { f |= Flag.careLeaver }
        if s.contains(.recentImmigrant) { f |= Flag.immigratedWithin3y }
        if s.contains(.disability) && rng.chance(0.85) { f |= Flag.disability }
        if s.contains(.mentalHealth) && rng.chance(0.8) { f |= Flag.mentalHealthRehabilitee }
        if s.contains(.substanceUse) && rng.chance(0.7) { f |= Flag.substanceRehabilitee }
        if !s.contains(.undocumented) && rng.chance(truth[Indicator.incomeSupport] > 0 ? 0.7 : 0.04) { f |= Flag.kelaDecision }
        if s.contains(.incomeShock) { f |= Flag.suddenIncomeDrop }
        if c.children > 0 && rng.probit(-1.2 + 0.3 * r + 0.2 * d, phi) { f |= Flag.childSpecialSupport }
        // Kela's highest care allowance for pensioners: pensioners only (65+, or a disability
        // benefit), mostly the very old with a memory disorder and the severely disabled.
        let pensioner = age >= 65 || (age >= 16 && truth[Indicator.sickLeave] != 0 && s.contains(.disability))
        if pensioner && rng.probit(-2.6 + 0.5 * d + 1.2 * has(.dementia) + 0.6 * has(.veryOld) + 0.8 * has(.disability), phi) {
            f |= Flag.careAllowanceHighest
        }
        c.flags = f
        return c
    }

    /// A count inside the bin `level` of indicator `j` (enum and bool indicators: the level itself).
    static func value(_ j: Int, _ level: Int, _ rng: inout SplitMix64) -> Int {
        switch j {
        case Indicator.incomeSupport:
            switch level {
            case 0: return 0
            case 1: return rng.between(1, 5)
            case 2: return rng.between(6, 9)
            default: let u = rng.unit(); return u < 0.2 ? 10 : (u < 0.45 ? 11 : 12)
            }
        case Indicator.unemployment:
            switch level {
            case 0: return 0
            case 1: return rng.between(1, 11)
            case 2: return rng.between(12, 23)
            default: return min(360, 24 + rng.geometric(mean: 20))
            }
        case Indicator.substanceContacts:
            switch level {
            case 0: return 0
            case 1: return rng.between(1, 3)
            default: return min(200, 4 + rng.geometric(mean: 5))
            }
        case Indicator.emergencyVisits:
            switch level {
            case 0: return rng.chance(0.3) ? 1 : 0
            case 1: return rng.between(2, 5)
            default: return min(120, 6 + rng.geometric(mean: 4))
            }
        case Indicator.serviceTypes:
            switch level {
            case 0: return rng.chance(0.6) ? 1 : 0
            case 1: return rng.between(2, 3)
            default: return 4 + min(4, rng.geometric(mean: 0.7))
            }
        default:
            return level
        }
    }

    /// Leaves `count` distinct indicators out (register gaps).
    static func gapOut(_ c: inout SyntheticCase, count: Int, _ rng: inout SplitMix64) {
        var left = count
        while left > 0 {
            let j = rng.below(Indicator.count)
            if c.risk[j] >= 0 { c.risk[j] = -1; left -= 1 }
        }
    }
}
