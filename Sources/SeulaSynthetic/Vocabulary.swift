import SeulaCore

/// The input contract as the generator writes it: field names, item, indicator, flag, segment,
/// outcome and product ids, in the order of `shared/design/MODEL-V1.md`, plus MODEL-V2's flag
/// `care_allowance_highest` (last, the 16th). The generator needs no criteria file; these names
/// are the contract and are never renamed.
public enum Vocabulary {
    static let itemsStatic: [StaticString] = [
        "household_chores", "self_care", "paying_bills", "keeping_home", "errands_eservices",
        "concentration_memory", "mood_anxiety", "substance_gambling", "sleep_rhythm", "getting_out",
        "close_conflicts", "no_one_to_help", "loneliness", "work_study", "unsafe_at_home", "sudden_crisis",
    ]
    public static let items = itemsStatic.map { $0.description }
    static let indicatorsStatic: [StaticString] = [
        "income_support_months_12m", "unemployment_months", "housing", "debt",
        "substance_service_contacts_12m", "psychiatric_care_12m", "emergency_visits_12m",
        "child_welfare_household", "service_types_in_use", "released_from_prison_12m",
        "long_sick_leave_or_disability_benefit", "no_secondary_qualification",
    ]
    public static let indicators = indicatorsStatic.map { $0.description }
    static let housingValuesStatic: [StaticString] = ["stable", "supported", "arrears_or_eviction", "homeless", "long_term_homeless"]
    public static let housingValues = housingValuesStatic.map { $0.description }
    static let debtValuesStatic: [StaticString] = ["none", "payment_default", "enforcement"]
    public static let debtValues = debtValuesStatic.map { $0.description }
    static let psychiatricValuesStatic: [StaticString] = ["none", "outpatient", "inpatient"]
    public static let psychiatricValues = psychiatricValuesStatic.map { $0.description }
    static let flagsStatic: [StaticString] = [
        "immediate_danger", "homeless_tonight", "violence_close_relationship", "unaccompanied_minor",
        "came_as_unaccompanied_minor", "trafficking_victim", "undocumented", "care_leaver",
        "immigrated_within_3y", "disability", "mental_health_rehabilitee", "substance_rehabilitee",
        "kela_basic_support_decision", "sudden_income_drop", "child_special_support",
        "care_allowance_highest",
    ]
    public static let flags = flagsStatic.map { $0.description }
    public static let householdFields = HouseholdField.allCases.map(\.name)
    static let segmentsStatic: [StaticString] = ["parjaaja", "tuki", "yhteistyo", "huolenpito"]
    public static let segments = segmentsStatic.map { $0.description }
    static let outcomesStatic: [StaticString] = ["reception", "guided", "named_worker", "multiprofessional", "immediate"]
    public static let outcomes = outcomesStatic.map { $0.description }
    static let productsStatic: [StaticString] = [
        "neuvonta-ohjaus", "sosiaaliohjaus", "sosiaalityo-omatyontekija", "palvelutarpeen-arviointi",
        "monialainen-arviointi", "sosiaalinen-kuntoutus-koti", "sosiaalinen-kuntoutus-ryhma",
        "tyo-ja-paivatoiminta", "jalkihuolto", "sosiaalinen-luototus", "taydentava-toimeentulotuki",
        "ehkaiseva-toimeentulotuki", "valitystili", "kotouttava-jalkihuolto", "kotoutumisen-ohjaus",
        "kotoutumisen-sosiaalityo", "perheryhmakoti", "ihmiskaupan-uhrit", "paperittomat", "avoin-olohuone",
        "tilapainen-asuminen", "kriisimajoitus", "arvioiva-asuminen", "tuettu-asuminen-koti",
        "tuettu-asuminen-nuoret", "tuettu-asuminen-asunnottomat", "yhteisollinen-asuminen",
        "palveluasuminen-24h", "kuntouttava-tyotoiminta", "vammaisten-paivatoiminta",
        "vammaisten-tyovalmennus", "vammaisten-tyotoiminta", "perhetyo-varhainen", "perhetyo-erityinen",
        "perhetyo-tehostettu", "lapsiperheiden-kotipalvelu", "tukihenkilo-lapselle", "omananny",
    ]
    public static let products = productsStatic.map { $0.description }
    /// Products a minor who is not an unaccompanied minor may still get (MODEL-V1 clarification 9).
    public static let familyProducts: Set<String> = [
        "perhetyo-varhainen", "perhetyo-erityinen", "perhetyo-tehostettu", "lapsiperheiden-kotipalvelu",
        "tukihenkilo-lapselle", "omananny",
    ]
    /// A handful of real Finnish municipalities, weighted roughly by their adult social work caseload.
    static let municipalitiesStatic: [StaticString] = ["Helsinki", "Espoo", "Vantaa", "Tampere", "Turku", "Oulu",
                                        "Jyväskylä", "Kuopio", "Lahti", "Vaasa"]
    public static let municipalities = municipalitiesStatic.map { $0.description }
    static let municipalityWeights = [26.0, 11, 11, 11, 9, 9, 7, 6, 6, 4]
    static let languagesStatic: [StaticString] = ["fi", "sv", "en", "ar", "so", "ru", "et"]
    public static let languages = languagesStatic.map { $0.description }
    static let gendersStatic: [StaticString] = ["f", "m", "x"]
    public static let genders = gendersStatic.map { $0.description }

    /// CSV columns, in the order the JSON members are written (so `CaseCSVReader` rebuilds the
    /// same objects): the top-level fields (`hetu` second, as in the contract), then
    /// `household.*`, `coping.*`, `risk.*`, `flags.*` and, with labels, `label.*`.
    public static func csvColumns(labels: Bool) -> [String] {
        var c: [String] = []
        for field in CaseField.allCases {
            switch field {
            case .id, .hetu, .assessedOn, .age, .municipality, .language: c.append(field.name)
            case .household: c += HouseholdField.allCases.map(\.path)
            case .coping: c += items.map { "coping.\($0)" }
            case .risk: c += indicators.map { "risk.\($0)" }
            case .flags: c += flags.map { "flags.\($0)" }
            }
        }
        if labels { c += ["label.segment", "label.outcome", "label.services", "label.outcome_12m", "label.gender"] }
        return c
    }
}

/// Indices into `Vocabulary.items`.
enum Item {
    static let householdChores = 0, selfCare = 1, payingBills = 2, keepingHome = 3, errands = 4
    static let concentration = 5, mood = 6, substance = 7, sleep = 8, gettingOut = 9, conflicts = 10
    static let noOneToHelp = 11, loneliness = 12, workStudy = 13, unsafeAtHome = 14, suddenCrisis = 15
}

/// Indices into `Vocabulary.indicators`.
enum Indicator {
    static let incomeSupport = 0, unemployment = 1, housing = 2, debt = 3, substanceContacts = 4
    static let psychiatric = 5, emergencyVisits = 6, childWelfare = 7, serviceTypes = 8, prison = 9
    static let sickLeave = 10, noSecondary = 11
    static let count = 12
}

/// Bits of `SyntheticCase.flags`, in `Vocabulary.flags` order.
public enum Flag {
    public static let immediateDanger: UInt16 = 1 << 0
    public static let homelessTonight: UInt16 = 1 << 1
    public static let violence: UInt16 = 1 << 2
    public static let unaccompaniedMinor: UInt16 = 1 << 3
    public static let cameAsUnaccompaniedMinor: UInt16 = 1 << 4
    public static let trafficking: UInt16 = 1 << 5
    public static let undocumented: UInt16 = 1 << 6
    public static let careLeaver: UInt16 = 1 << 7
    public static let immigratedWithin3y: UInt16 = 1 << 8
    public static let disability: UInt16 = 1 << 9
    public static let mentalHealthRehabilitee: UInt16 = 1 << 10
    public static let substanceRehabilitee: UInt16 = 1 << 11
    public static let kelaDecision: UInt16 = 1 << 12
    public static let suddenIncomeDrop: UInt16 = 1 << 13
    public static let childSpecialSupport: UInt16 = 1 << 14
    /// MODEL-V2: receives the highest rate of Kela's care allowance for pensioners.
    public static let careAllowanceHighest: UInt16 = 1 << 15
    public static let count = 16
}

/// Indices into `Vocabulary.products`.
enum P {
    static let neuvonta = 0, sosiaaliohjaus = 1, omatyontekija = 2, palvelutarve = 3, monialainen = 4
    static let kuntoutusKoti = 5, kuntoutusRyhma = 6, tyoJaPaiva = 7, jalkihuolto = 8, luototus = 9
    static let taydentava = 10, ehkaiseva = 11, valitystili = 12, kotouttavaJalkihuolto = 13
    static let kotoutumisenOhjaus = 14, kotoutumisenSosiaalityo = 15, perheryhmakoti = 16
    static let ihmiskauppa = 17, paperittomat = 18, avoinOlohuone = 19, tilapainen = 20
    static let kriisimajoitus = 21, arvioiva = 22, tuettuKoti = 23, tuettuNuoret = 24
    static let tuettuAsunnottomat = 25, yhteisollinen = 26, palveluasuminen = 27, kuntouttava = 28
    static let vammaisPaiva = 29, vammaisValmennus = 30, vammaisTyo = 31, perhetyoVarhainen = 32
    static let perhetyoErityinen = 33, perhetyoTehostettu = 34, kotipalvelu = 35, tukihenkilo = 36
    static let omananny = 37
}
