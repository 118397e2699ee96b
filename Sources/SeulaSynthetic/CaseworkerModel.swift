import Foundation
import SeulaCore

/// The simulated caseworker behind `--labels` (`"label"` in the output).
///
/// - **segment**: the caseworker perceives the person's latent coping and risk on Seula's own
///   scales — the expected coping score (every item, no answer noise) and the expected risk
///   score (every indicator, no gaps) — each plus their own normal noise (SD `copingNoise`,
///   `riskNoise` points), and puts them through the same thresholds (coping ≥ 40 hard, risk ≥ 35
///   high). Seula measures the same latent values with answer noise and gaps, so the two agree
///   mostly (Cohen's κ ≈ 0.6–0.8 over cases Seula can place) and disagree mostly near the
///   thresholds. A case Seula finds undetermined still gets a quadrant from the caseworker.
/// - **outcome**: the default for the caseworker's segment (reception, guided, named_worker,
///   multiprofessional), escalated by the obvious flags (immediate danger, homeless tonight,
///   unaccompanied minor under 18 — the caseworker sees through a stale flag at 18–19 —
///   → immediate; trafficking, undocumented, violence in a close
///   relationship, or children with hard coping → at least named_worker), then 5 % one level up
///   and 3 % one level down (never into or out of immediate, never below that named_worker).
/// - **services**: up to four products picked in the caseworker's order of importance from
///   rules that mirror MODEL-V1's eligibility but read the caseworker's own impressions and
///   segment (so mostly Seula-eligible); a child who is not an unaccompanied minor gets family
///   products only. Noise: 12 % of cases gain a random product, 10 % lose one.
/// - **outcome_12m**: a serious adverse outcome within 12 months, Bernoulli with
///   logit = −2.75 + 0.85·r + 0.25·d + 0.6·[homeless] + 0.5·[substance contacts ≥ 4] +
///   0.4·[emergency visits ≥ 6] + 0.6·[released from prison] + 0.3·[income support ≥ 10 months]
///   (r, d latent; indicators as the registers know them, gaps included): base rate ≈ 14 %, and
///   Seula's risk score ranks it with AUC ≈ 0.75.
/// - **gender**: f/m/x, drawn first; it shifts some situations (men: substance use, prison,
///   homelessness; women: violence, single parenthood). Scoring never reads it.
///
/// Its draws come from a stream of their own, so the cases are the same with or without labels.
enum CaseworkerModel {
    static let copingNoise = 5.0
    static let riskNoise = 5.0
    static let copingThreshold = 40.0
    static let riskThreshold = 35.0

    static func label(_ c: SyntheticCase, seed: UInt64) -> CaseworkerLabel {
        var rng = SplitMix64(seed: streamSeed(seed, 2, c.index))
        let (z1, z2) = rng.normalPair()
        let pc = c.expectedCopingScore + copingNoise * z1
        let pr = c.expectedRiskScore + riskNoise * z2
        let hard = pc >= copingThreshold, high = pr >= riskThreshold
        let segment = (hard ? 1 : 0) + (high ? 2 : 0)   // parjaaja, tuki, yhteistyo, huolenpito

        // Outcome.
        var outcome = segment   // reception, guided, named_worker, multiprofessional
        if c.hasFlag(Flag.immediateDanger | Flag.homelessTonight) || (c.hasFlag(Flag.unaccompaniedMinor) && c.age < 18) {
            outcome = 4
        } else {
            let floor = c.hasFlag(Flag.trafficking | Flag.undocumented | Flag.violence) || (c.children > 0 && hard) ? 2 : 0
            outcome = max(outcome, floor)
            let u = rng.unit()
            if u < 0.05 { outcome = min(3, outcome + 1) } else if u < 0.08 { outcome = max(floor, outcome - 1) }
        }

        // Services.
        let t = c.registerTruth
        func item(_ i: Int) -> Int { max(0, Int(c.coping[i])) }
        let housing = Int(t[Indicator.housing]), debt = Int(t[Indicator.debt])
        let incomeSupport = Int(t[Indicator.incomeSupport])
        let childWelfare = t[Indicator.childWelfare] != 0
        let homeless = housing >= 3
        let rehab = c.hasFlag(Flag.mentalHealthRehabilitee | Flag.substanceRehabilitee)
        let kids = c.children > 0, kidsOrExpecting = kids || c.expecting
        let age = c.age
        let childScope = age < 18 && !c.hasFlag(Flag.unaccompaniedMinor)
        var picked: UInt64 = 0
        var count = 0
        func pick(_ p: Int, _ condition: Bool) {
            guard condition, count < 4, picked & (1 << UInt64(p)) == 0 else { return }
            if childScope && !Vocabulary.familyProducts.contains(Vocabulary.products[p]) { return }
            picked |= 1 << UInt64(p)
            count += 1
        }
        pick(P.perheryhmakoti, c.hasFlag(Flag.unaccompaniedMinor) && age < 18)
        pick(P.kriisimajoitus, c.hasFlag(Flag.immediateDanger | Flag.violence))
        pick(P.tilapainen, c.hasFlag(Flag.homelessTonight) || housing == 3)
        pick(P.tuettuAsunnottomat, housing == 4)
        pick(P.ihmiskauppa, c.hasFlag(Flag.trafficking))
        pick(P.paperittomat, c.hasFlag(Flag.undocumented))
        pick(P.perhetyoTehostettu, childWelfare)
        pick(P.tukihenkilo, kids && c.hasFlag(Flag.childSpecialSupport))
        pick(P.perhetyoVarhainen, kidsOrExpecting && !childWelfare && pc >= 20 && pc < 60)
        pick(P.perhetyoErityinen, kids && !childWelfare && pc >= 60)
        pick(P.kotipalvelu, kidsOrExpecting && max(item(Item.householdChores), item(Item.selfCare), item(Item.suddenCrisis)) >= 3)
        pick(P.monialainen, segment == 3)
        pick(P.jalkihuolto, c.hasFlag(Flag.careLeaver) && age >= 18 && age <= 24)
        pick(P.kotouttavaJalkihuolto, c.hasFlag(Flag.cameAsUnaccompaniedMinor) && age >= 18 && age <= 24)
        pick(segment == 0 ? P.kotoutumisenOhjaus : P.kotoutumisenSosiaalityo, c.hasFlag(Flag.immigratedWithin3y))
        pick(P.omatyontekija, outcome >= 2)
        pick(P.sosiaaliohjaus, segment == 1)
        pick(P.palveluasuminen, pc >= 80 && item(Item.selfCare) == 4)
        pick(P.yhteisollinen, pc >= 60 && rehab)
        pick(P.arvioiva, homeless && pc >= 60)
        pick(P.vammaisPaiva, c.hasFlag(Flag.disability) && item(Item.workStudy) >= 3)
        pick(P.vammaisValmennus, c.hasFlag(Flag.disability) && (1...2).contains(item(Item.workStudy)))
        pick(P.tyoJaPaiva, rehab && item(Item.workStudy) >= 2)
        pick(P.kuntouttava, t[Indicator.unemployment] >= 12 && incomeSupport >= 1 && age >= 18 && age <= 64)
        pick(P.valitystili, item(Item.payingBills) >= 3 && (debt > 0 || housing == 2))
        pick(P.luototus, debt == 1 && t[Indicator.substanceContacts] == 0 && incomeSupport < 10)
        pick(P.ehkaiseva, debt > 0 || housing == 2 || c.hasFlag(Flag.suddenIncomeDrop))
        pick(P.taydentava, c.hasFlag(Flag.kelaDecision) && (incomeSupport >= 10 || item(Item.suddenCrisis) >= 3))
        pick(P.tuettuNuoret, age >= 18 && age <= 29 && item(Item.keepingHome) >= 2 && housing != 0)
        pick(P.tuettuKoti, max(item(Item.householdChores), item(Item.selfCare), item(Item.keepingHome)) >= 3 && (housing == 0 || housing == 2))
        pick(P.avoinOlohuone, homeless || item(Item.loneliness) >= 3)
        pick(P.kuntoutusRyhma, item(Item.loneliness) >= 2 && pc < 60)
        pick(P.kuntoutusKoti, item(Item.gettingOut) >= 2)
        pick(P.palvelutarve, segment != 0)
        pick(P.omananny, kids && segment <= 1)
        pick(P.neuvonta, age >= 18)
        if rng.chance(0.12) {
            picked |= 1 << UInt64(rng.below(Vocabulary.products.count))
        }
        if picked.nonzeroBitCount >= 2 && rng.chance(0.10) {
            var k = rng.below(picked.nonzeroBitCount)
            var bits = picked
            while true {
                let b = UInt64(bits.trailingZeroBitCount)
                if k == 0 { picked &= ~(1 << b); break }
                bits &= ~(1 << b)
                k -= 1
            }
        }

        // Adverse outcome within 12 months.
        var logit = -2.6 + 0.85 * c.registerRisk + 0.25 * c.difficulty
        if homeless { logit += 0.6 }
        if t[Indicator.substanceContacts] >= 4 { logit += 0.5 }
        if t[Indicator.emergencyVisits] >= 6 { logit += 0.4 }
        if t[Indicator.prison] != 0 { logit += 0.6 }
        if incomeSupport >= 10 { logit += 0.3 }
        let adverse = rng.unit() < 1 / (1 + exp(-logit))

        return CaseworkerLabel(perceivedCoping: pc, perceivedRisk: pr, segment: segment, outcome: outcome,
                               services: picked, outcome12m: adverse)
    }
}
