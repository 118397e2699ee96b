/// The Finnish and Swedish sentence frames of the evaluators' text and reports, by their
/// English text (`Phrases`). Placeholders `{0}`, `{1}`, … are the same in every language (a test
/// checks). Vocabulary follows `seula explain --lang` (arjen vaikeus / svårigheter i vardagen,
/// ammattilaisen arvio / bedömning av en yrkesperson) and the criteria file's own names.
enum PhraseTable {
    struct Entry: Sendable {
        var fi: String
        var sv: String
    }

    static let entries: [String: Entry] = [
        "seula diff — A: {0} {1} (sha256 {2}…)  B: {3} {4} (sha256 {5}…)":
            Entry(fi: "seula diff — A: {0} {1} (sha256 {2}…)  B: {3} {4} (sha256 {5}…)",
                  sv: "seula diff — A: {0} {1} (sha256 {2}…)  B: {3} {4} (sha256 {5}…)"),
        "Criteria changes A → B: {0}":
            Entry(fi: "Kriteerimuutokset A → B: {0}",
                  sv: "Ändringar i kriterierna A → B: {0}"),
        "… {0} more (--json has all)":
            Entry(fi: "… {0} lisää (--json näyttää kaikki)",
                  sv: "… {0} till (--json visar alla)"),
        "Caseload {0}: {1} cases compared; rejected under A: {2}, under B: {3}":
            Entry(fi: "Asiakasaineisto {0}: {1} asiakasta verrattu; hylätty A:lla {2}, B:llä {3}",
                  sv: "Klientmaterial {0}: {1} klienter jämförda; avvisade enligt A: {2}, enligt B: {3}"),
        "Rejected under A":
            Entry(fi: "Hylätty A:lla",
                  sv: "Avvisade enligt A"),
        "Rejected under B":
            Entry(fi: "Hylätty B:llä",
                  sv: "Avvisade enligt B"),
        "No case valid under both: nothing to compare.":
            Entry(fi: "Yksikään asiakas ei ole kelvollinen molemmilla: ei vertailtavaa.",
                  sv: "Ingen klient är giltig enligt båda: inget att jämföra."),
        "No differences: every compared case gets the same segment, outcome, products and review under A and B.":
            Entry(fi: "Ei eroja: jokainen verrattu asiakas saa saman segmentin, tuloksen, palvelut ja arviotarpeen A:lla ja B:llä.",
                  sv: "Inga skillnader: varje jämförd klient får samma segment, resultat, tjänster och bedömning enligt A och B."),
        "Segments — rows: A, columns: B; {0} cases ({1}, 95 % interval {2}) move":
            Entry(fi: "Segmentit — rivit: A, sarakkeet: B; {0} asiakasta ({1}, 95 %:n väli {2}) siirtyy",
                  sv: "Segment — rader: A, kolumner: B; {0} klienter ({1}, 95 % intervall {2}) flyttas"),
        "Reception outcome — rows: A, columns: B; {0} escalated, {1} de-escalated":
            Entry(fi: "Vastaanoton tulos — rivit: A, sarakkeet: B; {0} korotettu, {1} laskettu",
                  sv: "Resultat i mottagningen — rader: A, kolumner: B; {0} höjda, {1} sänkta"),
        "Products that change ({0} of {1}; the others are recommended to the same cases under A and B)":
            Entry(fi: "Muuttuvat palvelut ({0}/{1}; muita suositellaan samoille asiakkaille A:lla ja B:llä)",
                  sv: "Tjänster som ändras ({0} av {1}; de övriga rekommenderas till samma klienter enligt A och B)"),
        "product":
            Entry(fi: "palvelu",
                  sv: "tjänst"),
        "gained":
            Entry(fi: "saa",
                  sv: "får"),
        "lost":
            Entry(fi: "menettää",
                  sv: "förlorar"),
        "net":
            Entry(fi: "netto",
                  sv: "netto"),
        "Professional review: A {0} ({1}) → B {2} ({3}), change {4} ({5} points)":
            Entry(fi: "Ammattilaisen arvio: A {0} ({1}) → B {2} ({3}), muutos {4} ({5} prosenttiyksikköä)",
                  sv: "Bedömning av en yrkesperson: A {0} ({1}) → B {2} ({3}), ändring {4} ({5} procentenheter)"),
        "Examples (first {0} case ids of each kind of move, input order)":
            Entry(fi: "Esimerkit (kunkin muutoslajin {0} ensimmäistä asiakastunnusta aineiston järjestyksessä)",
                  sv: "Exempel (de {0} första klient-id:na för varje slags ändring, i materialets ordning)"),
        "segment {0} → {1}":
            Entry(fi: "segmentti {0} → {1}",
                  sv: "segment {0} → {1}"),
        "outcome {0} → {1}":
            Entry(fi: "tulos {0} → {1}",
                  sv: "resultat {0} → {1}"),
        "gains {0}":
            Entry(fi: "saa palvelun {0}",
                  sv: "får tjänsten {0}"),
        "loses {0}":
            Entry(fi: "menettää palvelun {0}",
                  sv: "förlorar tjänsten {0}"),
        "total":
            Entry(fi: "yhteensä",
                  sv: "totalt"),
        "seula evaluate — criteria {0} {1} (sha256 {2}…) on {3}":
            Entry(fi: "seula evaluate — kriteerit {0} {1} (sha256 {2}…), aineisto {3}",
                  sv: "seula evaluate — kriterier {0} {1} (sha256 {2}…), material {3}"),
        "{0} rows: {1} evaluated, {2} rejected":
            Entry(fi: "{0} riviä: {1} arvioitu, {2} hylätty",
                  sv: "{0} rader: {1} utvärderade, {2} avvisade"),
        "Rejected rows by error code (not used in any figure)":
            Entry(fi: "Hylätyt rivit virhekoodeittain (ei mukana missään luvussa)",
                  sv: "Avvisade rader per felkod (ingår inte i något tal)"),
        "No valid labelled case: nothing to evaluate.":
            Entry(fi: "Ei yhtään kelvollista luokiteltua asiakasta: ei arvioitavaa.",
                  sv: "Ingen giltig klassificerad klient: inget att utvärdera."),
        "Segments — rows: the caseworker's label, columns: Seula":
            Entry(fi: "Segmentit — rivit: työntekijän luokitus, sarakkeet: Seula",
                  sv: "Segment — rader: handläggarens klassificering, kolumner: Seula"),
        "Agreement (95 % bootstrap interval, {0} replicates, seed {1})":
            Entry(fi: "Yhtäpitävyys (95 %:n bootstrap-luottamusväli, {0} toistoa, siemen {1})",
                  sv: "Överensstämmelse (95 % bootstrapintervall, {0} replikat, frö {1})"),
        "figure":
            Entry(fi: "tunnusluku",
                  sv: "mått"),
        "value":
            Entry(fi: "arvo",
                  sv: "värde"),
        "95 % interval":
            Entry(fi: "95 %:n väli",
                  sv: "95 % intervall"),
        "over":
            Entry(fi: "aineisto",
                  sv: "underlag"),
        "Per segment (the four segments only: undetermined is reported above, as scikit-learn's labels= leaves it out)":
            Entry(fi: "Segmenteittäin (vain neljä segmenttiä: määrittämättömät raportoidaan edellä, kuten scikit-learnin labels= jättää ne pois)",
                  sv: "Per segment (endast de fyra segmenten: obestämda redovisas ovan, så som scikit-learns labels= lämnar dem utanför)"),
        "segment":
            Entry(fi: "segmentti",
                  sv: "segment"),
        "caseworker":
            Entry(fi: "työntekijä",
                  sv: "handläggare"),
        "precision":
            Entry(fi: "tarkkuus",
                  sv: "precision"),
        "recall":
            Entry(fi: "herkkyys",
                  sv: "sensitivitet"),
        "Reception outcome — {0} cases with label.outcome; rows: caseworker, columns: Seula (after overrides)":
            Entry(fi: "Vastaanoton tulos — {0} asiakasta, joilla label.outcome; rivit: työntekijä, sarakkeet: Seula (sääntöjen jälkeen)",
                  sv: "Resultat i mottagningen — {0} klienter med label.outcome; rader: handläggare, kolumner: Seula (efter reglerna)"),
        "accuracy {0}, quadratic-weighted κ {1} (levels in the order of the criteria file)":
            Entry(fi: "osuvuus {0}, neliöllisesti painotettu κ {1} (tasot kriteeritiedoston järjestyksessä)",
                  sv: "träffsäkerhet {0}, kvadratiskt viktad κ {1} (nivåerna i kriteriefilens ordning)"),
        "Services — {0} cases with label.services":
            Entry(fi: "Palvelut — {0} asiakasta, joilla label.services",
                  sv: "Tjänster — {0} klienter med label.services"),
        "micro precision {0}, recall {1}, F1 {2}; mean Jaccard {3}; identical sets {4}":
            Entry(fi: "mikrotarkkuus {0}, herkkyys {1}, F1 {2}; Jaccardin keskiarvo {3}; samat palvelut {4}",
                  sv: "mikroprecision {0}, sensitivitet {1}, F1 {2}; medel-Jaccard {3}; identiska uppsättningar {4}"),
        "both":
            Entry(fi: "molemmat",
                  sv: "båda"),
        "Seula only":
            Entry(fi: "vain Seula",
                  sv: "endast Seula"),
        "caseworker only":
            Entry(fi: "vain työntekijä",
                  sv: "endast handläggaren"),
        "Risk score against label.outcome_12m — {0} cases, {1} with the outcome ({2})":
            Entry(fi: "Riskipisteet ja label.outcome_12m — {0} asiakasta, {1} joilla tapahtuma ({2})",
                  sv: "Riskpoäng mot label.outcome_12m — {0} klienter, {1} med utfallet ({2})"),
        "{0} more cases with label.outcome_12m have no risk score (risk undetermined) and are left out":
            Entry(fi: "{0} muulla asiakkaalla, joilla on label.outcome_12m, ei ole riskipisteitä (riski määrittämätön); ne jätetään pois",
                  sv: "ytterligare {0} klienter med label.outcome_12m saknar riskpoäng (risken obestämd) och lämnas utanför"),
        "ROC AUC {0} (95 % interval {1}); Brier {2} ({3}) reading score/100 as a probability; predicting the base rate: {4}":
            Entry(fi: "ROC AUC {0} (95 %:n väli {1}); Brier {2} ({3}), kun pisteet/100 luetaan todennäköisyydeksi; perustason ennuste: {4}",
                  sv: "ROC AUC {0} (95 % intervall {1}); Brier {2} ({3}) när poäng/100 läses som en sannolikhet; att förutsäga basnivån: {4}"),
        "Reliability: predicted probability (risk score / 100) in bins of 0.1 against the observed rate, with Wilson 95 % intervals":
            Entry(fi: "Kalibraatio: ennustettu todennäköisyys (riskipisteet / 100) 0,1:n luokissa ja havaittu osuus Wilsonin 95 %:n väleineen",
                  sv: "Kalibrering: förutsagd sannolikhet (riskpoäng / 100) i klasser om 0,1 mot den observerade andelen, med Wilsons 95 % intervall"),
        "predicted":
            Entry(fi: "ennustettu",
                  sv: "förutsagd"),
        "cases":
            Entry(fi: "asiakkaita",
                  sv: "klienter"),
        "mean predicted":
            Entry(fi: "ennusteen keskiarvo",
                  sv: "medelprognos"),
        "observed":
            Entry(fi: "havaittu",
                  sv: "observerad"),
        "Undetermined: Seula left {0} of {1} cases undetermined ({2}, 95 % interval {3}): {4} with too few coping answers, {5} with too many register gaps.":
            Entry(fi: "Määrittämättömät: Seula jätti {0}/{1} asiakasta määrittämättä ({2}, 95 %:n väli {3}): {4} liian vähien arkivastausten ja {5} liian monen puuttuvan rekisteritiedon vuoksi.",
                  sv: "Obestämda: Seula lämnade {0} av {1} klienter obestämda ({2}, 95 % intervall {3}): {4} med för få svar om vardagen, {5} med för många saknade registeruppgifter."),
        "The caseworkers placed them: {0}.":
            Entry(fi: "Työntekijät sijoittivat heidät: {0}.",
                  sv: "Handläggarna placerade dem: {0}."),
        "{0} cases are labelled undetermined by the caseworker.":
            Entry(fi: "Työntekijä on luokitellut {0} asiakasta määrittämättömiksi.",
                  sv: "{0} klienter har av handläggaren klassificerats som obestämda."),
        "{0} cases are high risk by a severe marker: no risk threshold moves them.":
            Entry(fi: "{0} asiakkaan riski on suuri vakavan riskimerkin perusteella: mikään riskiraja ei siirrä heitä.",
                  sv: "{0} klienter har hög risk på grund av en allvarlig riskmarkör: ingen risktröskel flyttar dem."),
        "Fairness — disparity = group figure / reference group figure, with a bootstrap 95 % interval":
            Entry(fi: "Yhdenvertaisuus — suhdeluku = ryhmän luku / vertailuryhmän luku, 95 %:n bootstrap-väleineen",
                  sv: "Likabehandling — kvot = gruppens tal / referensgruppens tal, med 95 % bootstrapintervall"),
        "Flagged only when the whole interval lies outside {0}–{1}, the group and the reference have at least {2} cases, and the figure's denominator is at least {3} in both.":
            Entry(fi: "Liputetaan vain, kun koko väli on välin {0}–{1} ulkopuolella, ryhmässä ja vertailuryhmässä on vähintään {2} asiakasta ja luvun nimittäjä on molemmissa vähintään {3}.",
                  sv: "Flaggas endast när hela intervallet ligger utanför {0}–{1}, gruppen och referensgruppen har minst {2} klienter och måttets nämnare är minst {3} i båda."),
        "{0} (reference: {1})":
            Entry(fi: "{0} (vertailuryhmä: {1})",
                  sv: "{0} (referens: {1})"),
        "group":
            Entry(fi: "ryhmä",
                  sv: "grupp"),
        "accuracy":
            Entry(fi: "osuvuus",
                  sv: "träffsäkerhet"),
        "share":
            Entry(fi: "osuus",
                  sv: "andel"),
        "(small)":
            Entry(fi: "(pieni)",
                  sv: "(liten)"),
        "No ratio is flagged.":
            Entry(fi: "Yhtään suhdelukua ei ole liputettu.",
                  sv: "Ingen kvot är flaggad."),
        "Flagged ratios ({0}), clearest first:":
            Entry(fi: "Liputetut suhdeluvut ({0}), selvimmät ensin:",
                  sv: "Flaggade kvoter ({0}), de tydligaste först:"),
        "{0} {1} ({2} cases): {3} {4} vs {5} → ratio {6} ({7})":
            Entry(fi: "{0} {1} ({2} asiakasta): {3} {4} vs. {5} → suhde {6} ({7})",
                  sv: "{0} {1} ({2} klienter): {3} {4} mot {5} → kvot {6} ({7})"),
        "share in {0}":
            Entry(fi: "osuus segmentissä {0}",
                  sv: "andel i {0}"),
        "false positive rate of {0}":
            Entry(fi: "väärien positiivisten osuus, {0}",
                  sv: "andel falskt positiva, {0}"),
        "false negative rate of {0}":
            Entry(fi: "väärien negatiivisten osuus, {0}",
                  sv: "andel falskt negativa, {0}"),
        "municipality":
            Entry(fi: "kunta",
                  sv: "kommun"),
        "language":
            Entry(fi: "kieli",
                  sv: "språk"),
        "age band":
            Entry(fi: "ikäryhmä",
                  sv: "åldersgrupp"),
        "segment accuracy":
            Entry(fi: "segmenttien osuvuus",
                  sv: "segmentens träffsäkerhet"),
        "Cohen's κ (segments)":
            Entry(fi: "Cohenin κ (segmentit)",
                  sv: "Cohens κ (segment)"),
        "macro F1 (segments)":
            Entry(fi: "makro-F1 (segmentit)",
                  sv: "makro-F1 (segment)"),
        "balanced accuracy (segments)":
            Entry(fi: "tasapainotettu osuvuus (segmentit)",
                  sv: "balanserad träffsäkerhet (segment)"),
        "quadratic-weighted κ (outcome)":
            Entry(fi: "neliöllisesti painotettu κ (tulos)",
                  sv: "kvadratiskt viktad κ (resultat)"),
        "ROC AUC (risk vs outcome_12m)":
            Entry(fi: "ROC AUC (riski ja outcome_12m)",
                  sv: "ROC AUC (risk mot outcome_12m)"),
        "Brier score (risk/100)":
            Entry(fi: "Brierin luku (riski/100)",
                  sv: "Brierpoäng (risk/100)"),
        "all {0} cases; undetermined counts as disagreement":
            Entry(fi: "kaikki {0} asiakasta; määrittämätön lasketaan erimielisyydeksi",
                  sv: "alla {0} klienter; obestämd räknas som oenighet"),
        "mean over the {0} segments":
            Entry(fi: "keskiarvo {0} segmentistä",
                  sv: "medelvärde över de {0} segmenten"),
        "{0} cases with label.outcome":
            Entry(fi: "{0} asiakasta, joilla label.outcome",
                  sv: "{0} klienter med label.outcome"),
        "{0} cases with label.outcome_12m and a risk score":
            Entry(fi: "{0} asiakasta, joilla label.outcome_12m ja riskipisteet",
                  sv: "{0} klienter med label.outcome_12m och riskpoäng"),
        "seula fit — criteria {0} {1} on {2}: {3} cases, {4} with outcome_12m = 1 ({5}), {6} rejected":
            Entry(fi: "seula fit — kriteerit {0} {1}, aineisto {2}: {3} asiakasta, {4} joilla outcome_12m = 1 ({5}), {6} hylätty",
                  sv: "seula fit — kriterier {0} {1}, material {2}: {3} klienter, {4} med outcome_12m = 1 ({5}), {6} avvisade"),
        "logistic regression of outcome_12m on the risk indicators' categories (reference: each indicator's first category; gaps and uncounted indicators score 0 as in the scorer)":
            Entry(fi: "outcome_12m:n logistinen regressio riskitekijöiden luokilla (vertailu: kunkin tekijän ensimmäinen luokka; puuttuvat ja laskematta jäävät tekijät saavat 0 pistettä kuten pisteytyksessä)",
                  sv: "logistisk regression av outcome_12m på riskfaktorernas klasser (referens: varje faktors första klass; saknade och ej räknade faktorer ger 0 poäng som i poängsättningen)"),
        "IRLS with LAPACK dposv: {0} iterations, {1}; log-likelihood {2}; ridge λ = {3}":
            Entry(fi: "IRLS ja LAPACK dposv: {0} iteraatiota, {1}; log-uskottavuus {2}; harjaparametri λ = {3}",
                  sv: "IRLS med LAPACK dposv: {0} iterationer, {1}; log-likelihood {2}; ridge λ = {3}"),
        "converged":
            Entry(fi: "konvergoi",
                  sv: "konvergerade"),
        "NOT converged":
            Entry(fi: "EI konvergoinut",
                  sv: "konvergerade INTE"),
        "Rejected rows by error code":
            Entry(fi: "Hylätyt rivit virhekoodeittain",
                  sv: "Avvisade rader per felkod"),
        "AUC: in-sample (linear predictor) {0}":
            Entry(fi: "AUC: samalla aineistolla (lineaarinen ennustin) {0}",
                  sv: "AUC: i samma material (linjär prediktor) {0}"),
        "{0}-fold (pooled out-of-fold, seed {1}) {2} [folds: {3}]":
            Entry(fi: "{0}-kertainen ristiinvalidointi (yhdistetyt ennusteet, siemen {1}) {2} [osat: {3}]",
                  sv: "{0}-faldig korsvalidering (sammanslagna prognoser, frö {1}) {2} [delar: {3}]"),
        "current points {0}; new integer points {1}":
            Entry(fi: "nykyiset pisteet {0}; uudet kokonaislukupisteet {1}",
                  sv: "nuvarande poäng {0}; nya heltalspoäng {1}"),
        "intercept {0} (SE {1}); scale {2} points per unit log-odds; maximum total points {3} → {4}":
            Entry(fi: "vakio {0} (keskivirhe {1}); skaala {2} pistettä log-vetosuhteen yksikköä kohden; enimmäispisteet {3} → {4}",
                  sv: "intercept {0} (medelfel {1}); skala {2} poäng per enhet log-odds; maximal poängsumma {3} → {4}"),
        "indicator":
            Entry(fi: "tekijä",
                  sv: "faktor"),
        "category":
            Entry(fi: "luokka",
                  sv: "klass"),
        "coef":
            Entry(fi: "kerroin",
                  sv: "koeff."),
        "monotone":
            Entry(fi: "monotoninen",
                  sv: "monoton"),
        "old":
            Entry(fi: "vanha",
                  sv: "gammal"),
        "new":
            Entry(fi: "uusi",
                  sv: "ny"),
        "ref":
            Entry(fi: "vert.",
                  sv: "ref."),
        "no data":
            Entry(fi: "ei tietoa",
                  sv: "inga data"),
        "(monotone: log-odds after pooling so points never fall as a value worsens, shifted so the first category is 0; * = changed)":
            Entry(fi: "(monotoninen: log-vetosuhde yhdistämisen jälkeen, jotta pisteet eivät koskaan laske tilanteen pahentuessa, siirrettynä niin että ensimmäinen luokka on 0; * = muuttunut)",
                  sv: "(monoton: log-odds efter sammanslagning så att poängen aldrig sjunker när värdet försämras, förskjutna så att första klassen är 0; * = ändrad)"),
        "The risk threshold ({0}) is unchanged and now reads against {1} points; re-tune it with seula tune on the new file.":
            Entry(fi: "Riskiraja ({0}) on ennallaan ja suhteutuu nyt {1} pisteeseen; viritä se uudelleen komennolla seula tune uudella tiedostolla.",
                  sv: "Risktröskeln ({0}) är oförändrad och gäller nu mot {1} poäng; justera den på nytt med seula tune på den nya filen."),
        "seula instrument — coping items of {0} {1} on {2}: {3} cases ({4} with every item answered), {5} rejected":
            Entry(fi: "seula instrument — kriteerien {0} {1} arkiväittämät, aineisto {2}: {3} asiakasta ({4} vastannut kaikkiin), {5} hylätty",
                  sv: "seula instrument — vardagspåståendena i {0} {1}, material {2}: {3} klienter ({4} har svarat på alla), {5} avvisade"),
        "Cronbach's α (complete cases, raw answers): {0}":
            Entry(fi: "Cronbachin α (täydet vastaukset, raakavastaukset): {0}",
                  sv: "Cronbachs α (fullständiga svar, råa svar): {0}"),
        "Eigenvalues of the item correlation matrix (dsyev): {0}":
            Entry(fi: "Väittämien korrelaatiomatriisin ominaisarvot (dsyev): {0}",
                  sv: "Egenvärden för påståendenas korrelationsmatris (dsyev): {0}"),
        "first explains {0} of the variance; {1} above 1 (Kaiser)":
            Entry(fi: "ensimmäinen selittää {0} vaihtelusta; {1} yli 1 (Kaiser)",
                  sv: "det första förklarar {0} av variansen; {1} över 1 (Kaiser)"),
        "left out of the correlations (no variance): {0}":
            Entry(fi: "jätetty korrelaatioiden ulkopuolelle (ei vaihtelua): {0}",
                  sv: "utelämnade ur korrelationerna (ingen varians): {0}"),
        "item":
            Entry(fi: "väittämä",
                  sv: "påstående"),
        "answered":
            Entry(fi: "vastattu",
                  sv: "besvarade"),
        "missing":
            Entry(fi: "puuttuu",
                  sv: "saknas"),
        "mean":
            Entry(fi: "keskiarvo",
                  sv: "medelvärde"),
        "floor":
            Entry(fi: "lattia",
                  sv: "golv"),
        "ceiling":
            Entry(fi: "katto",
                  sv: "tak"),
        "item-rest r":
            Entry(fi: "r muihin",
                  sv: "r mot övriga"),
        "α without":
            Entry(fi: "α ilman",
                  sv: "α utan"),
        "(floor = share of answers at {0}, ceiling = at {1}; item-rest r = correlation with the sum of the other items)":
            Entry(fi: "(lattia = vastausten osuus arvossa {0}, katto = arvossa {1}; r muihin = korrelaatio muiden väittämien summaan)",
                  sv: "(golv = andelen svar på {0}, tak = på {1}; r mot övriga = korrelation med summan av de övriga påståendena)"),
        "risk score →":
            Entry(fi: "riskipisteet →",
                  sv: "riskpoäng →"),
        "% of the maximum points of the known register indicators":
            Entry(fi: "% tiedossa olevien rekisteritekijöiden enimmäispisteistä",
                  sv: "% av maxpoängen för de kända registerfaktorerna"),
        "% of the maximum register points":
            Entry(fi: "% rekisteritekijöiden enimmäispisteistä",
                  sv: "% av registerfaktorernas maxpoäng"),
        "coping difficulty →":
            Entry(fi: "arjen vaikeus →",
                  sv: "svårigheter i vardagen →"),
        "0 = no difficulty in any answered item, 100 = cannot manage in any":
            Entry(fi: "0 = ei vaikeuksia yhdessäkään vastatussa väittämässä, 100 = ei pärjää missään",
                  sv: "0 = inga svårigheter i något besvarat påstående, 100 = klarar inget"),
        "shaded: within {0} points of a threshold (review)":
            Entry(fi: "varjostettu: enintään {0} pisteen päässä rajasta (ammattilaisen arvio)",
                  sv: "skuggat: högst {0} poäng från en tröskel (bedömning)"),
        "strip above: {0} cases high by a severe marker, whatever their score":
            Entry(fi: "yläpuolen kaista: {0} asiakasta, joiden riski on suuri vakavan riskimerkin perusteella pisteistä riippumatta",
                  sv: "remsan ovanför: {0} klienter med hög risk på grund av en allvarlig riskmarkör, oavsett poäng"),
        "{0} cases undetermined, not shown":
            Entry(fi: "{0} määrittämätöntä asiakasta, ei kuvassa",
                  sv: "{0} obestämda klienter, visas inte"),
        "darker cells hold more cases (most: {0})":
            Entry(fi: "tummemmissa ruuduissa on enemmän asiakkaita (enintään {0})",
                  sv: "mörkare rutor har fler klienter (högst {0})"),
        "marker":
            Entry(fi: "merkki",
                  sv: "markör"),
        "{0} · {1} cases":
            Entry(fi: "{0} · {1} asiakasta",
                  sv: "{0} · {1} klienter"),
        "coping ≥ {0}, risk ≥ {1}":
            Entry(fi: "arki ≥ {0}, riski ≥ {1}",
                  sv: "vardag ≥ {0}, risk ≥ {1}"),
        "near band ±{0}":
            Entry(fi: "lähialue ±{0}",
                  sv: "zon nära tröskeln ±{0}"),
        "cases per cell":
            Entry(fi: "asiakkaita ruudussa",
                  sv: "klienter per ruta"),
        "Seula criteria diff — {0} {1} → {2} {3}":
            Entry(fi: "Seula: kriteerien vertailu — {0} {1} → {2} {3}",
                  sv: "Seula: jämförelse av kriterier — {0} {1} → {2} {3}"),
        "{0}: {1} cases compared · rejected under A {2}, under B {3}":
            Entry(fi: "{0}: {1} asiakasta verrattu · hylätty A:lla {2}, B:llä {3}",
                  sv: "{0}: {1} klienter jämförda · avvisade enligt A {2}, enligt B {3}"),
        "cases changing segment":
            Entry(fi: "segmenttiä vaihtavat asiakkaat",
                  sv: "klienter som byter segment"),
        "outcome escalated":
            Entry(fi: "tulos korotettu",
                  sv: "resultatet höjt"),
        "outcome de-escalated":
            Entry(fi: "tulos laskettu",
                  sv: "resultatet sänkt"),
        "professional review under A":
            Entry(fi: "ammattilaisen arvio A:lla",
                  sv: "bedömning av en yrkesperson enligt A"),
        "professional review under B":
            Entry(fi: "ammattilaisen arvio B:llä",
                  sv: "bedömning av en yrkesperson enligt B"),
        "products whose recommendations change":
            Entry(fi: "palvelut, joiden suositukset muuttuvat",
                  sv: "tjänster vars rekommendationer ändras"),
        "criteria members changed":
            Entry(fi: "muuttuneet kriteerikohdat",
                  sv: "ändrade punkter i kriterierna"),
        "What changes for this caseload":
            Entry(fi: "Mikä muuttuu tälle asiakasaineistolle",
                  sv: "Vad som ändras för detta klientmaterial"),
        "No compared case changes segment, outcome, products or review.":
            Entry(fi: "Yhdenkään verratun asiakkaan segmentti, tulos, palvelut tai arviotarve ei muutu.",
                  sv: "Ingen jämförd klient byter segment, resultat, tjänster eller bedömning."),
        "Shares are of the {0} cases valid under both files; intervals are Wilson score intervals.":
            Entry(fi: "Osuudet {0} asiakkaasta, jotka ovat kelvollisia molemmilla tiedostoilla; välit ovat Wilsonin välejä.",
                  sv: "Andelarna gäller de {0} klienter som är giltiga enligt båda filerna; intervallen är Wilsonintervall."),
        "Segments: A → B":
            Entry(fi: "Segmentit: A → B",
                  sv: "Segment: A → B"),
        "B (columns numbered as the rows)":
            Entry(fi: "B (sarakkeet numeroitu kuten rivit)",
                  sv: "B (kolumnerna numrerade som raderna)"),
        "No product changes.":
            Entry(fi: "Yksikään palvelu ei muutu.",
                  sv: "Inga tjänster ändras."),
        "{0} more in the detail.":
            Entry(fi: "{0} lisää yksityiskohdissa.",
                  sv: "{0} till i detaljerna."),
        "Apart from the version and provenance, the two files mean the same.":
            Entry(fi: "Versiota ja alkuperätietoja lukuun ottamatta tiedostot tarkoittavat samaa.",
                  sv: "Bortsett från versionen och ursprungsuppgifterna betyder filerna samma sak."),
        "{0} cases change segment.":
            Entry(fi: "{0} asiakasta vaihtaa segmenttiä.",
                  sv: "{0} klienter byter segment."),
        "Products that change":
            Entry(fi: "Muuttuvat palvelut",
                  sv: "Tjänster som ändras"),
        "Criteria changes":
            Entry(fi: "Kriteerimuutokset",
                  sv: "Ändringar i kriterierna"),
        "A: {0} {1}":
            Entry(fi: "A: {0} {1}",
                  sv: "A: {0} {1}"),
        "B: {0} {1}":
            Entry(fi: "B: {0} {1}",
                  sv: "B: {0} {1}"),
        "Reception outcome: A → B":
            Entry(fi: "Vastaanoton tulos: A → B",
                  sv: "Resultat i mottagningen: A → B"),
        "Transitions":
            Entry(fi: "Siirtymät",
                  sv: "Övergångar"),
        "Rows: the case under A; columns: under B. Off the diagonal are the cases that move.":
            Entry(fi: "Rivit: asiakas A:lla; sarakkeet: B:llä. Lävistäjän ulkopuolella ovat siirtyvät asiakkaat.",
                  sv: "Rader: klienten enligt A; kolumner: enligt B. Utanför diagonalen finns de klienter som flyttas."),
        "{0} escalated, {1} de-escalated.":
            Entry(fi: "{0} korotettu, {1} laskettu.",
                  sv: "{0} höjda, {1} sänkta."),
        "Products gained and lost":
            Entry(fi: "Saadut ja menetetyt palvelut",
                  sv: "Tjänster som fås och förloras"),
        "Products":
            Entry(fi: "Palvelut",
                  sv: "Tjänster"),
        "Only the {0} products whose recommendations change are listed ({1} in all): how many cases get each under A and B, and how many gain or lose it.":
            Entry(fi: "Luettelossa vain ne {0} palvelua, joiden suositukset muuttuvat (kaikkiaan {1}): montako asiakasta saa kunkin A:lla ja B:llä ja montako saa tai menettää sen.",
                  sv: "Endast de {0} tjänster vars rekommendationer ändras visas (av totalt {1}): hur många klienter får varje tjänst enligt A och B, och hur många får eller förlorar den."),
        "Members of the criteria file that differ, by JSON path.":
            Entry(fi: "Kriteeritiedoston eroavat kohdat JSON-polun mukaan.",
                  sv: "Punkter i kriteriefilen som skiljer sig, efter JSON-sökväg."),
        "The two files mean the same.":
            Entry(fi: "Tiedostot tarkoittavat samaa.",
                  sv: "Filerna betyder samma sak."),
        "path":
            Entry(fi: "polku",
                  sv: "sökväg"),
        "Example cases":
            Entry(fi: "Esimerkkiasiakkaat",
                  sv: "Exempelklienter"),
        "The first case ids of each kind of move, in input order.":
            Entry(fi: "Kunkin muutoslajin ensimmäiset asiakastunnukset aineiston järjestyksessä.",
                  sv: "De första klient-id:na för varje slags ändring, i materialets ordning."),
        "move":
            Entry(fi: "muutos",
                  sv: "ändring"),
        "examples":
            Entry(fi: "esimerkit",
                  sv: "exempel"),
        "(absent)":
            Entry(fi: "(puuttuu)",
                  sv: "(saknas)"),
        "Seula evaluation — {0} {1}":
            Entry(fi: "Seula: arviointi — {0} {1}",
                  sv: "Seula: utvärdering — {0} {1}"),
        "{0} · {1}: {2} labelled cases evaluated, {3} rows rejected":
            Entry(fi: "{0} · {1}: {2} luokiteltua asiakasta arvioitu, {3} riviä hylätty",
                  sv: "{0} · {1}: {2} klassificerade klienter utvärderade, {3} rader avvisade"),
        "Evaluated":
            Entry(fi: "Arvioidut",
                  sv: "Utvärderade"),
        "undetermined share":
            Entry(fi: "määrittämättömien osuus",
                  sv: "andel obestämda"),
        "{0} cases; Wilson interval":
            Entry(fi: "{0} asiakasta; Wilsonin väli",
                  sv: "{0} klienter; Wilsonintervall"),
        "Agreement with the caseworkers":
            Entry(fi: "Yhtäpitävyys työntekijöiden kanssa",
                  sv: "Överensstämmelse med handläggarna"),
        "Intervals: percentile bootstrap, {0} replicates, seed {1}; per-segment figures and the macro averages leave undetermined out (scikit-learn labels=).":
            Entry(fi: "Välit: persentiili-bootstrap, {0} toistoa, siemen {1}; segmenttikohtaiset luvut ja makrokeskiarvot jättävät määrittämättömät pois (scikit-learn labels=).",
                  sv: "Intervall: percentilbootstrap, {0} replikat, frö {1}; måtten per segment och makromedelvärdena lämnar obestämda utanför (scikit-learn labels=)."),
        "Seula's segments on the two axes":
            Entry(fi: "Seulan segmentit kahdella akselilla",
                  sv: "Seulas segment på de två axlarna"),
        "Flagged when the whole 95 % interval of a ratio to the reference group lies outside 0.8–1.25 and the group has at least {0} cases (the figure's denominator at least {1}).":
            Entry(fi: "Liputetaan, kun vertailuryhmään suhteutetun luvun koko 95 %:n väli on välin 0,8–1,25 ulkopuolella ja ryhmässä on vähintään {0} asiakasta (luvun nimittäjä vähintään {1}).",
                  sv: "Flaggas när hela 95 % intervallet för kvoten mot referensgruppen ligger utanför 0,8–1,25 och gruppen har minst {0} klienter (måttets nämnare minst {1})."),
        "Fairness flags ({0})":
            Entry(fi: "Yhdenvertaisuusliput ({0})",
                  sv: "Flaggor för likabehandling ({0})"),
        "The criteria":
            Entry(fi: "Kriteerit",
                  sv: "Kriterierna"),
        "Segments: caseworker × Seula":
            Entry(fi: "Segmentit: työntekijä × Seula",
                  sv: "Segment: handläggare × Seula"),
        "Seula (columns numbered as the rows)":
            Entry(fi: "Seula (sarakkeet numeroitu kuten rivit)",
                  sv: "Seula (kolumnerna numrerade som raderna)"),
        "caseworker's label":
            Entry(fi: "työntekijän luokitus",
                  sv: "handläggarens klassificering"),
        "Segments":
            Entry(fi: "Segmentit",
                  sv: "Segment"),
        "Rows are the caseworker's segment, columns Seula's; each cell shows the count and its share of the row. The diagonal (outlined) is agreement. Precision, recall and F1 are given for the four segments with bootstrap 95 % intervals; undetermined is reported apart.":
            Entry(fi: "Rivit ovat työntekijän segmentti, sarakkeet Seulan; kussakin ruudussa on lukumäärä ja osuus rivistä. Lävistäjä (reunustettu) on yhtäpitävyys. Tarkkuus, herkkyys ja F1 annetaan neljälle segmentille 95 %:n bootstrap-väleineen; määrittämättömät raportoidaan erikseen.",
                  sv: "Raderna är handläggarens segment, kolumnerna Seulas; varje ruta visar antalet och dess andel av raden. Diagonalen (inramad) är överensstämmelse. Precision, sensitivitet och F1 anges för de fyra segmenten med 95 % bootstrapintervall; obestämda redovisas separat."),
        "Severe markers (MODEL-V2) decide the risk side of {0} cases: they are high whatever their score and are drawn in the strip above the caseload map.":
            Entry(fi: "Vakavat riskimerkit (MODEL-V2) ratkaisevat {0} asiakkaan riskin: se on suuri pisteistä riippumatta, ja heidät on piirretty asiakaskartan yläpuolen kaistaan.",
                  sv: "Allvarliga riskmarkörer (MODEL-V2) avgör risken för {0} klienter: den är hög oavsett poäng, och de ritas i remsan ovanför klientkartan."),
        "Undetermined cases":
            Entry(fi: "Määrittämättömät asiakkaat",
                  sv: "Obestämda klienter"),
        "Cases Seula cannot place in a segment (too few coping answers, or too many register gaps) are not a fifth segment: they count as disagreements in accuracy and κ, and are left out of the per-segment figures and macro averages.":
            Entry(fi: "Asiakkaat, joita Seula ei voi sijoittaa segmenttiin (liian vähän arkivastauksia tai liian monta puuttuvaa rekisteritietoa), eivät ole viides segmentti: ne lasketaan erimielisyyksiksi osuvuudessa ja κ:ssa ja jätetään pois segmenttikohtaisista luvuista ja makrokeskiarvoista.",
                  sv: "Klienter som Seula inte kan placera i ett segment (för få svar om vardagen eller för många saknade registeruppgifter) är inte ett femte segment: de räknas som oenighet i träffsäkerhet och κ och lämnas utanför måtten per segment och makromedelvärdena."),
        "Agreement against each threshold":
            Entry(fi: "Yhtäpitävyys kunkin rajan mukaan",
                  sv: "Överensstämmelse mot varje tröskel"),
        "Cohen's κ if only one threshold moved, the other kept as it is (computed exactly, as tune does).":
            Entry(fi: "Cohenin κ, jos vain toinen raja siirtyisi ja toinen pysyisi ennallaan (laskettu tarkasti kuten tune).",
                  sv: "Cohens κ om bara den ena tröskeln flyttades och den andra hölls kvar (exakt beräknat, som tune gör)."),
        "Reception outcome: caseworker × Seula":
            Entry(fi: "Vastaanoton tulos: työntekijä × Seula",
                  sv: "Resultat i mottagningen: handläggare × Seula"),
        "caseworker's outcome":
            Entry(fi: "työntekijän tulos",
                  sv: "handläggarens resultat"),
        "Seula (after overrides)":
            Entry(fi: "Seula (sääntöjen jälkeen)",
                  sv: "Seula (efter reglerna)"),
        "Reception outcome":
            Entry(fi: "Vastaanoton tulos",
                  sv: "Resultat i mottagningen"),
        "{0} cases with a labelled outcome. Levels are ordered as in the criteria file; the quadratic-weighted κ counts a two-level miss four times a one-level miss. Levels no case has are left out.":
            Entry(fi: "{0} asiakasta, joilla on luokiteltu tulos. Tasot ovat kriteeritiedoston järjestyksessä; neliöllisesti painotettu κ laskee kahden tason virheen nelinkertaiseksi yhden tason virheeseen nähden. Tasot, joita kellään ei ole, jätetään pois.",
                  sv: "{0} klienter med klassificerat resultat. Nivåerna är i kriteriefilens ordning; den kvadratiskt viktade κ räknar ett fel på två nivåer fyra gånger ett fel på en nivå. Nivåer som ingen klient har lämnas bort."),
        "Accuracy {0}; quadratic-weighted κ {1} (95 % interval {2}).":
            Entry(fi: "Osuvuus {0}; neliöllisesti painotettu κ {1} (95 %:n väli {2}).",
                  sv: "Träffsäkerhet {0}; kvadratiskt viktad κ {1} (95 % intervall {2})."),
        "Services":
            Entry(fi: "Palvelut",
                  sv: "Tjänster"),
        "{0} cases with labelled services. Micro precision {1}, recall {2}, F1 {3}; mean Jaccard {4}; identical sets in {5} of cases.":
            Entry(fi: "{0} asiakasta, joilla on luokitellut palvelut. Mikrotarkkuus {1}, herkkyys {2}, F1 {3}; Jaccardin keskiarvo {4}; samat palvelut {5} asiakkaista.",
                  sv: "{0} klienter med klassificerade tjänster. Mikroprecision {1}, sensitivitet {2}, F1 {3}; medel-Jaccard {4}; identiska uppsättningar hos {5} av klienterna."),
        "{0} cases with label.outcome_12m and a risk score, {1} with the outcome. ROC AUC {2} (95 % interval {3}); Brier score {4} ({5}) reading score/100 as a probability, against {6} for predicting the base rate.":
            Entry(fi: "{0} asiakasta, joilla label.outcome_12m ja riskipisteet, {1} joilla tapahtuma. ROC AUC {2} (95 %:n väli {3}); Brierin luku {4} ({5}), kun pisteet/100 luetaan todennäköisyydeksi, perustason ennusteella {6}.",
                  sv: "{0} klienter med label.outcome_12m och riskpoäng, {1} med utfallet. ROC AUC {2} (95 % intervall {3}); Brierpoäng {4} ({5}) när poäng/100 läses som en sannolikhet, mot {6} för att förutsäga basnivån."),
        "{0} more cases have no risk score (risk undetermined) and are left out.":
            Entry(fi: "{0} muulla asiakkaalla ei ole riskipisteitä (riski määrittämätön), ja heidät jätetään pois.",
                  sv: "Ytterligare {0} klienter saknar riskpoäng (risken obestämd) och lämnas utanför."),
        "Risk score against the 12-month outcome":
            Entry(fi: "Riskipisteet ja 12 kuukauden tapahtuma",
                  sv: "Riskpoäng mot utfallet efter 12 månader"),
        "Every distinct score is a point; the dashed diagonal is a score that ranks no better than chance.":
            Entry(fi: "Jokainen eri pistemäärä on yksi piste; katkoviivainen lävistäjä on pisteytys, joka ei järjestä sattumaa paremmin.",
                  sv: "Varje skild poäng är en punkt; den streckade diagonalen är en poäng som inte rangordnar bättre än slumpen."),
        "Bins of width 0.1 of score/100; on the dashed diagonal the score would be a calibrated probability.":
            Entry(fi: "Luokat, joiden leveys on 0,1 arvosta pisteet/100; katkoviivaisella lävistäjällä pisteet olisivat kalibroitu todennäköisyys.",
                  sv: "Klasser med bredden 0,1 av poäng/100; på den streckade diagonalen vore poängen en kalibrerad sannolikhet."),
        "events":
            Entry(fi: "tapahtumia",
                  sv: "utfall"),
        "{0}: ratio to {1}":
            Entry(fi: "{0}: suhde ryhmään {1}",
                  sv: "{0}: kvot mot {1}"),
        "Flagged ratios, clearest first":
            Entry(fi: "Liputetut suhdeluvut, selvimmät ensin",
                  sv: "Flaggade kvoter, de tydligaste först"),
        "attribute":
            Entry(fi: "ominaisuus",
                  sv: "egenskap"),
        "group value":
            Entry(fi: "ryhmän arvo",
                  sv: "gruppens värde"),
        "reference":
            Entry(fi: "vertailu",
                  sv: "referens"),
        "ratio":
            Entry(fi: "suhde",
                  sv: "kvot"),
        "Fairness":
            Entry(fi: "Yhdenvertaisuus",
                  sv: "Likabehandling"),
        "Per group: Seula's segment shares and its error rates against the caseworkers (false positive rate: put in the segment when the caseworker did not; false negative rate: missed a case the caseworker put there), as ratios to the reference group with bootstrap 95 % intervals.":
            Entry(fi: "Ryhmittäin: Seulan segmenttiosuudet ja virheosuudet työntekijöihin verrattuna (väärien positiivisten osuus: sijoitettu segmenttiin, vaikka työntekijä ei sijoittanut; väärien negatiivisten osuus: jäi pois segmentistä, johon työntekijä sijoitti), suhteutettuna vertailuryhmään 95 %:n bootstrap-väleineen.",
                  sv: "Per grupp: Seulas segmentandelar och felandelar jämfört med handläggarna (andel falskt positiva: placerad i segmentet när handläggaren inte gjorde det; andel falskt negativa: missad klient som handläggaren placerade där), som kvoter mot referensgruppen med 95 % bootstrapintervall."),
        "Rejected rows":
            Entry(fi: "Hylätyt rivit",
                  sv: "Avvisade rader"),
        "Rows not used in any figure, by error code (the first {0} of each).":
            Entry(fi: "Rivit, jotka eivät ole mukana missään luvussa, virhekoodeittain ({0} ensimmäistä kustakin).",
                  sv: "Rader som inte ingår i något mått, per felkod (de {0} första av varje)."),
        "code":
            Entry(fi: "koodi",
                  sv: "kod"),
        "rows":
            Entry(fi: "rivejä",
                  sv: "rader"),
        "line":
            Entry(fi: "rivi",
                  sv: "rad"),
        "field":
            Entry(fi: "kenttä",
                  sv: "fält"),
        "message":
            Entry(fi: "viesti",
                  sv: "meddelande"),
        "How the figures are computed":
            Entry(fi: "Miten luvut lasketaan",
                  sv: "Hur måtten beräknas"),
        "Undetermined: {0} cases ({1}, 95 % interval {2}) — {3} with too few coping answers, {4} with too many register gaps. They count as disagreements in accuracy and κ.":
            Entry(fi: "Määrittämättömät: {0} asiakasta ({1}, 95 %:n väli {2}) — {3} liian vähien arkivastausten, {4} liian monen puuttuvan rekisteritiedon vuoksi. Ne lasketaan erimielisyyksiksi osuvuudessa ja κ:ssa.",
                  sv: "Obestämda: {0} klienter ({1}, 95 % intervall {2}) — {3} med för få svar om vardagen, {4} med för många saknade registeruppgifter. De räknas som oenighet i träffsäkerhet och κ."),
        "{0} {1}: {2}":
            Entry(fi: "{0} {1}: {2}",
                  sv: "{0} {1}: {2}"),
        "Thresholds: coping difficulty ≥ {0} is hard, risk ≥ {1} is high; within {2} points of a threshold asks for review.":
            Entry(fi: "Rajat: arjen vaikeus ≥ {0} on vaikea, riski ≥ {1} on suuri; enintään {2} pisteen päässä rajasta pyydetään ammattilaisen arvio.",
                  sv: "Trösklar: svårigheter i vardagen ≥ {0} är svårt, risk ≥ {1} är hög; högst {2} poäng från en tröskel kräver bedömning av en yrkesperson."),
        "Derived from {0}.":
            Entry(fi: "Johdettu versiosta {0}.",
                  sv: "Härledd från {0}."),
        "{0} more changes in the file's provenance.":
            Entry(fi: "{0} muuta muutosta tiedoston alkuperätiedoissa.",
                  sv: "{0} ändringar till i filens ursprungsuppgifter."),
        "Every case is decided exactly as seula serve decides it; the criteria file's in-force dates are not applied.":
            Entry(fi: "Jokainen asiakas ratkaistaan täsmälleen kuten seula serve ratkaisee; kriteeritiedoston voimassaolopäiviä ei sovelleta.",
                  sv: "Varje klient avgörs exakt som seula serve avgör; kriteriefilens giltighetsdatum tillämpas inte."),
        "Accuracy and Cohen's κ are over every evaluated case; a case Seula left undetermined counts as a disagreement.":
            Entry(fi: "Osuvuus ja Cohenin κ lasketaan kaikista arvioiduista asiakkaista; Seulan määrittämättä jättämä asiakas lasketaan erimielisyydeksi.",
                  sv: "Träffsäkerhet och Cohens κ gäller alla utvärderade klienter; en klient som Seula lämnade obestämd räknas som oenighet."),
        "Precision, recall and F1 are per segment over the four segments; macro F1 averages them and balanced accuracy averages recall over the segments the caseworkers used — scikit-learn's labels=, which leaves undetermined out of the averages.":
            Entry(fi: "Tarkkuus, herkkyys ja F1 ovat segmenttikohtaisia neljälle segmentille; makro-F1 on niiden keskiarvo ja tasapainotettu osuvuus herkkyyden keskiarvo työntekijöiden käyttämistä segmenteistä — scikit-learnin labels=, joka jättää määrittämättömät keskiarvojen ulkopuolelle.",
                  sv: "Precision, sensitivitet och F1 gäller per segment för de fyra segmenten; makro-F1 är deras medelvärde och balanserad träffsäkerhet medelvärdet av sensitiviteten över de segment som handläggarna använde — scikit-learns labels=, som lämnar obestämda utanför medelvärdena."),
        "Intervals are 95 % percentile bootstrap intervals: {0} replicates with seed {1}, each redrawing every case pattern's count from the multinomial distribution of resampling all cases with replacement.":
            Entry(fi: "Välit ovat 95 %:n persentiili-bootstrap-välejä: {0} toistoa siemenellä {1}; kussakin kunkin tapausmallin lukumäärä arvotaan uudelleen multinomijakaumasta, joka vastaa kaikkien asiakkaiden otantaa takaisinpanolla.",
                  sv: "Intervallen är 95 % percentilbootstrapintervall: {0} replikat med frö {1}, där varje fallmönsters antal dras på nytt ur den multinomialfördelning som motsvarar dragning av alla klienter med återläggning."),
        "A single share (the undetermined share, a reliability bin's observed rate) has a Wilson score interval.":
            Entry(fi: "Yksittäisellä osuudella (määrittämättömien osuus, kalibraatioluokan havaittu osuus) on Wilsonin väli.",
                  sv: "En enskild andel (andelen obestämda, en kalibreringsklass observerade andel) har ett Wilsonintervall."),
        "ROC AUC counts ties as one half (the Mann–Whitney statistic); the Brier score reads the risk score divided by 100 as a probability.":
            Entry(fi: "ROC AUC laskee tasapelit puolikkaina (Mann–Whitneyn tunnusluku); Brierin luku lukee riskipisteet jaettuna sadalla todennäköisyydeksi.",
                  sv: "ROC AUC räknar lika värden som en halv (Mann–Whitneys statistika); Brierpoängen läser riskpoängen delad med 100 som en sannolikhet."),
        "Fairness ratios divide a group's figure by the reference group's; a ratio is flagged only when its whole interval lies outside 0.8–1.25, the group and the reference have at least {0} cases and the figure's denominator is at least {1} in both.":
            Entry(fi: "Yhdenvertaisuuden suhdeluku jakaa ryhmän luvun vertailuryhmän luvulla; suhdeluku liputetaan vain, kun sen koko väli on välin 0,8–1,25 ulkopuolella, ryhmässä ja vertailuryhmässä on vähintään {0} asiakasta ja luvun nimittäjä on molemmissa vähintään {1}.",
                  sv: "Kvoterna för likabehandling delar gruppens mått med referensgruppens; en kvot flaggas endast när hela dess intervall ligger utanför 0,8–1,25, gruppen och referensgruppen har minst {0} klienter och måttets nämnare är minst {1} i båda."),
        "κ against the coping threshold":
            Entry(fi: "κ arjen vaikeuden rajan mukaan",
                  sv: "κ mot tröskeln för svårigheter i vardagen"),
        "coping threshold (risk kept at {0})":
            Entry(fi: "arjen vaikeuden raja (riskiraja pidetty arvossa {0})",
                  sv: "tröskel för svårigheter i vardagen (risktröskeln kvar på {0})"),
        "Cohen's κ":
            Entry(fi: "Cohenin κ",
                  sv: "Cohens κ"),
        "current {0}":
            Entry(fi: "nykyinen {0}",
                  sv: "nuvarande {0}"),
        "κ against the risk threshold":
            Entry(fi: "κ riskirajan mukaan",
                  sv: "κ mot risktröskeln"),
        "risk threshold (coping kept at {0})":
            Entry(fi: "riskiraja (arjen vaikeuden raja pidetty arvossa {0})",
                  sv: "risktröskel (vardagströskeln kvar på {0})"),
        "{0} cases are high risk by a severe marker and {1} are undetermined: no threshold moves them.":
            Entry(fi: "{0} asiakkaan riski on suuri vakavan riskimerkin perusteella ja {1} on määrittämättömiä: mikään raja ei siirrä heitä.",
                  sv: "{0} klienter har hög risk på grund av en allvarlig riskmarkör och {1} är obestämda: ingen tröskel flyttar dem."),
        "reference · {0}":
            Entry(fi: "vertailuryhmä · {0}",
                  sv: "referens · {0}"),
        "n = {0}":
            Entry(fi: "n = {0}",
                  sv: "n = {0}"),
        "segment share":
            Entry(fi: "segmentin osuus",
                  sv: "segmentets andel"),
        "false positive rate":
            Entry(fi: "väärien positiivisten osuus",
                  sv: "andel falskt positiva"),
        "false negative rate":
            Entry(fi: "väärien negatiivisten osuus",
                  sv: "andel falskt negativa"),
        "reference (ratio 1)":
            Entry(fi: "vertailuryhmä (suhde 1)",
                  sv: "referens (kvot 1)"),
        "flagged: the whole interval outside 0.8–1.25 and the group large enough":
            Entry(fi: "liputettu: koko väli välin 0,8–1,25 ulkopuolella ja ryhmä riittävän suuri",
                  sv: "flaggad: hela intervallet utanför 0,8–1,25 och gruppen tillräckligt stor"),
        "Generated {0} by {1}.":
            Entry(fi: "Tuotettu {0}, {1}.",
                  sv: "Skapad {0} av {1}."),
        "{0}: criteria {1} {2}, in force from {3}, sha256 {4}":
            Entry(fi: "{0}: kriteerit {1} {2}, voimassa {3} alkaen, sha256 {4}",
                  sv: "{0}: kriterier {1} {2}, i kraft från {3}, sha256 {4}"),
        "Data: {0}":
            Entry(fi: "Aineisto: {0}",
                  sv: "Material: {0}"),
        "Command: {0}":
            Entry(fi: "Komento: {0}",
                  sv: "Kommando: {0}"),
        "Detail":
            Entry(fi: "Yksityiskohdat",
                  sv: "Detaljer"),
        "Self-contained: inline SVG, no scripts, no external files.":
            Entry(fi: "Itsenäinen tiedosto: upotettu SVG, ei skriptejä, ei ulkoisia tiedostoja.",
                  sv: "Fristående fil: inbäddad SVG, inga skript, inga externa filer."),
        "no values":
            Entry(fi: "ei arvoja",
                  sv: "inga värden"),
        "meets every constraint":
            Entry(fi: "täyttää kaikki ehdot",
                  sv: "uppfyller alla villkor"),
        "breaks a constraint":
            Entry(fi: "rikkoo ehdon",
                  sv: "bryter mot ett villkor"),
        "current":
            Entry(fi: "nykyinen",
                  sv: "nuvarande"),
        "chosen":
            Entry(fi: "valittu",
                  sv: "vald"),
        "coping threshold (hard at ≥)":
            Entry(fi: "arjen vaikeuden raja (vaikea, kun ≥)",
                  sv: "tröskel för svårigheter i vardagen (svårt vid ≥)"),
        "risk threshold (high at ≥)":
            Entry(fi: "riskiraja (suuri, kun ≥)",
                  sv: "risktröskel (hög vid ≥)"),
        "Pareto front":
            Entry(fi: "Pareto-rintama",
                  sv: "Paretofront"),
        "← cases losing it":
            Entry(fi: "← menettäviä asiakkaita",
                  sv: "← klienter som förlorar den"),
        "cases gaining it →":
            Entry(fi: "saavia asiakkaita →",
                  sv: "klienter som får den →"),
        "no product changes":
            Entry(fi: "yksikään palvelu ei muutu",
                  sv: "inga tjänster ändras"),
        "ROC curve of the risk score":
            Entry(fi: "Riskipisteiden ROC-käyrä",
                  sv: "ROC-kurva för riskpoängen"),
        "1 − specificity":
            Entry(fi: "1 − spesifisyys",
                  sv: "1 − specificitet"),
        "true positive rate":
            Entry(fi: "oikeiden positiivisten osuus",
                  sv: "andel sant positiva"),
        "sensitivity":
            Entry(fi: "sensitiivisyys",
                  sv: "sensitivitet"),
        "AUC {0}":
            Entry(fi: "AUC {0}",
                  sv: "AUC {0}"),
        "95 % interval {0}":
            Entry(fi: "95 %:n väli {0}",
                  sv: "95 % intervall {0}"),
        "chance":
            Entry(fi: "sattuma",
                  sv: "slump"),
        "Reliability of the risk score":
            Entry(fi: "Riskipisteiden kalibraatio",
                  sv: "Riskpoängens kalibrering"),
        "predicted probability":
            Entry(fi: "ennustettu todennäköisyys",
                  sv: "förutsagd sannolikhet"),
        "risk score / 100, mean of the bin":
            Entry(fi: "riskipisteet / 100, luokan keskiarvo",
                  sv: "riskpoäng / 100, klassens medelvärde"),
        "observed 12-month rate":
            Entry(fi: "havaittu osuus 12 kk:n kuluttua",
                  sv: "observerad andel efter 12 mån."),
        "with Wilson 95 % interval":
            Entry(fi: "Wilsonin 95 %:n väleineen",
                  sv: "med Wilsons 95 % intervall"),
        "perfect calibration":
            Entry(fi: "täydellinen kalibraatio",
                  sv: "perfekt kalibrering"),
        "Seula threshold tuning — {0} {1}":
            Entry(fi: "Seula: rajojen viritys — {0} {1}",
                  sv: "Seula: justering av trösklar — {0} {1}"),
        "{0}: {1} labelled cases · maximise {2}":
            Entry(fi: "{0}: {1} luokiteltua asiakasta · maksimoidaan {2}",
                  sv: "{0}: {1} klassificerade klienter · maximera {2}"),
        "subject to {0}":
            Entry(fi: "ehdoin {0}",
                  sv: "under villkoren {0}"),
        "Tuned":
            Entry(fi: "Viritetty",
                  sv: "Justerad"),
        "Written":
            Entry(fi: "Kirjoitettu",
                  sv: "Skriven"),
        "coping difficulty threshold":
            Entry(fi: "arjen vaikeuden raja",
                  sv: "tröskel för svårigheter i vardagen"),
        "risk threshold":
            Entry(fi: "riskiraja",
                  sv: "risktröskel"),
        "near-threshold band":
            Entry(fi: "rajan lähialue",
                  sv: "zon nära tröskeln"),
        "objective (maximised)":
            Entry(fi: "tavoite (maksimoidaan)",
                  sv: "mål (maximeras)"),
        "Pareto figure ({0})":
            Entry(fi: "Pareto-luku ({0})",
                  sv: "Paretomått ({0})"),
        "larger is better":
            Entry(fi: "suurempi on parempi",
                  sv: "större är bättre"),
        "smaller is better":
            Entry(fi: "pienempi on parempi",
                  sv: "mindre är bättre"),
        "constraint {0} {1}":
            Entry(fi: "ehto {0} {1}",
                  sv: "villkor {0} {1}"),
        "yes":
            Entry(fi: "kyllä",
                  sv: "ja"),
        "no":
            Entry(fi: "ei",
                  sv: "nej"),
        "threshold":
            Entry(fi: "raja",
                  sv: "tröskel"),
        "change":
            Entry(fi: "muutos",
                  sv: "ändring"),
        "role":
            Entry(fi: "rooli",
                  sv: "roll"),
        "met":
            Entry(fi: "täyttyy",
                  sv: "uppfyllt"),
        "No grid point meets every constraint; nothing was written.":
            Entry(fi: "Yksikään hilapiste ei täytä kaikkia ehtoja; mitään ei kirjoitettu.",
                  sv: "Ingen rutnätspunkt uppfyller alla villkor; inget skrevs."),
        "Chosen among the {0} grid points whose {1} is within {2} of the best feasible value: the one best on {3}, then nearest the current thresholds.":
            Entry(fi: "Valittu niiden {0} hilapisteen joukosta, joiden {1} on enintään {2} päässä parhaasta sallitusta arvosta: paras luvun {3} mukaan, sitten lähinnä nykyisiä rajoja.",
                  sv: "Vald bland de {0} rutnätspunkter vars {1} ligger inom {2} från det bästa tillåtna värdet: den bästa enligt {3}, sedan den närmast de nuvarande trösklarna."),
        "The current thresholds are already the chosen point; nothing to change.":
            Entry(fi: "Nykyiset rajat ovat jo valittu piste; ei muutettavaa.",
                  sv: "De nuvarande trösklarna är redan den valda punkten; inget att ändra."),
        "Thresholds and figures, current → chosen":
            Entry(fi: "Rajat ja tunnusluvut, nykyinen → valittu",
                  sv: "Trösklar och mått, nuvarande → vald"),
        "Intervals: percentile bootstrap, {0} replicates, seed {1}.":
            Entry(fi: "Välit: persentiili-bootstrap, {0} toistoa, siemen {1}.",
                  sv: "Intervall: percentilbootstrap, {0} replikat, frö {1}."),
        "The caseload: chosen (solid) and current (dashed) thresholds":
            Entry(fi: "Asiakkaat: valitut (yhtenäinen) ja nykyiset (katkoviiva) rajat",
                  sv: "Klienterna: valda (heldragna) och nuvarande (streckade) trösklar"),
        "The caseload and its thresholds":
            Entry(fi: "Asiakkaat ja rajat",
                  sv: "Klienterna och trösklarna"),
        "{0} cases ({1}) change segment.":
            Entry(fi: "{0} asiakasta ({1}) vaihtaa segmenttiä.",
                  sv: "{0} klienter ({1}) byter segment."),
        "Review rate {0} → {1}.":
            Entry(fi: "Ammattilaisen arvion osuus {0} → {1}.",
                  sv: "Andel som kräver bedömning {0} → {1}."),
        "{0} cases are high risk by a severe marker and {1} are undetermined: no threshold moves them, and they count in every figure as the engine decides them.":
            Entry(fi: "{0} asiakkaan riski on suuri vakavan riskimerkin perusteella ja {1} on määrittämättömiä: mikään raja ei siirrä heitä, ja heidät lasketaan kaikkiin lukuihin niin kuin päätöskone heidät ratkaisee.",
                  sv: "{0} klienter har hög risk på grund av en allvarlig riskmarkör och {1} är obestämda: ingen tröskel flyttar dem, och de räknas i varje mått så som beslutsmotorn avgör dem."),
        "New criteria version {0} {1} written to {2}.":
            Entry(fi: "Uusi kriteeriversio {0} {1} kirjoitettu tiedostoon {2}.",
                  sv: "Ny kriterieversion {0} {1} skriven till {2}."),
        "New criteria version {0} {1} (not written).":
            Entry(fi: "Uusi kriteeriversio {0} {1} (ei kirjoitettu).",
                  sv: "Ny kriterieversion {0} {1} (inte skriven)."),
        "What changes":
            Entry(fi: "Mikä muuttuu",
                  sv: "Vad som ändras"),
        "Segment moves: current → chosen":
            Entry(fi: "Segmenttisiirtymät: nykyinen → valittu",
                  sv: "Segmentbyten: nuvarande → vald"),
        "chosen (columns numbered as the rows)":
            Entry(fi: "valittu (sarakkeet numeroitu kuten rivit)",
                  sv: "vald (kolumnerna numrerade som raderna)"),
        "{0} over the threshold grid":
            Entry(fi: "{0} rajojen hilassa",
                  sv: "{0} över tröskelrutnätet"),
        "The objective over the grid":
            Entry(fi: "Tavoite hilassa",
                  sv: "Målet över rutnätet"),
        "Every point of the grid, computed exactly from sorted cumulative counts (near band {0}). Grey points break a constraint.":
            Entry(fi: "Hilan jokainen piste laskettuna tarkasti järjestetyistä kumulatiivisista lukumääristä (lähialue {0}). Harmaat pisteet rikkovat ehdon.",
                  sv: "Varje punkt i rutnätet, exakt beräknad ur sorterade kumulativa antal (zon {0}). Grå punkter bryter mot ett villkor."),
        "chosen {0}":
            Entry(fi: "valittu {0}",
                  sv: "vald {0}"),
        "{0} against the coping threshold":
            Entry(fi: "{0} arjen vaikeuden rajan mukaan",
                  sv: "{0} mot vardagströskeln"),
        "coping threshold (risk at {0})":
            Entry(fi: "arjen vaikeuden raja (riskiraja {0})",
                  sv: "vardagströskel (risktröskel {0})"),
        "{0} against the risk threshold":
            Entry(fi: "{0} riskirajan mukaan",
                  sv: "{0} mot risktröskeln"),
        "risk threshold (coping at {0})":
            Entry(fi: "riskiraja (arjen vaikeuden raja {0})",
                  sv: "risktröskel (vardagströskel {0})"),
        "The objective against each threshold":
            Entry(fi: "Tavoite kunkin rajan mukaan",
                  sv: "Målet mot varje tröskel"),
        "One threshold moves, the other stays at the chosen point's value.":
            Entry(fi: "Toinen raja liikkuu, toinen pysyy valitun pisteen arvossa.",
                  sv: "Den ena tröskeln rör sig, den andra ligger kvar på den valda punktens värde."),
        "Pareto front: {0} against {1}":
            Entry(fi: "Pareto-rintama: {0} ja {1}",
                  sv: "Paretofront: {0} mot {1}"),
        "Trade-off":
            Entry(fi: "Vaihtosuhde",
                  sv: "Avvägning"),
        "Feasible points no other feasible point beats on both figures; the chosen point is always one of them.":
            Entry(fi: "Sallitut pisteet, joita mikään muu sallittu piste ei voita molemmissa luvuissa; valittu piste on aina yksi niistä.",
                  sv: "Tillåtna punkter som ingen annan tillåten punkt slår på båda måtten; den valda punkten är alltid en av dem."),
        "coping ≥":
            Entry(fi: "arki ≥",
                  sv: "vardag ≥"),
        "risk ≥":
            Entry(fi: "riski ≥",
                  sv: "risk ≥"),
        "band":
            Entry(fi: "lähialue",
                  sv: "zon"),
        "Segments at the chosen point: caseworker × Seula":
            Entry(fi: "Segmentit valitussa pisteessä: työntekijä × Seula",
                  sv: "Segment i den valda punkten: handläggare × Seula"),
        "Seula (chosen thresholds)":
            Entry(fi: "Seula (valitut rajat)",
                  sv: "Seula (valda trösklar)"),
        "current thresholds":
            Entry(fi: "nykyiset rajat",
                  sv: "nuvarande trösklar"),
        "chosen thresholds":
            Entry(fi: "valitut rajat",
                  sv: "valda trösklar"),
        "At the chosen point":
            Entry(fi: "Valitussa pisteessä",
                  sv: "I den valda punkten"),
        "Agreement with the caseworkers, and how the caseload moves between segments.":
            Entry(fi: "Yhtäpitävyys työntekijöiden kanssa ja asiakkaiden siirtymät segmenttien välillä.",
                  sv: "Överensstämmelse med handläggarna, och hur klienterna flyttas mellan segmenten."),
        "How the point is chosen":
            Entry(fi: "Miten piste valitaan",
                  sv: "Hur punkten väljs"),
        "Every grid point is evaluated exactly: each case gets the segment, final outcome and review the decision engine would give it at those thresholds.":
            Entry(fi: "Jokainen hilapiste arvioidaan tarkasti: kukin asiakas saa segmentin, lopullisen tuloksen ja arviotarpeen, jotka päätöskone antaisi näillä rajoilla.",
                  sv: "Varje rutnätspunkt utvärderas exakt: varje klient får det segment, slutliga resultat och den bedömning som beslutsmotorn skulle ge vid de trösklarna."),
        "Among the points meeting every constraint, those within {0} of the best objective count as ties; of them the best on {1} is chosen, then the higher objective, then the point nearest the current thresholds.":
            Entry(fi: "Kaikki ehdot täyttävistä pisteistä ne, jotka ovat enintään {0} päässä parhaasta tavoitteesta, ovat tasoissa; niistä valitaan paras luvun {1} mukaan, sitten suurempi tavoite, sitten lähinnä nykyisiä rajoja oleva piste.",
                  sv: "Bland punkterna som uppfyller alla villkor räknas de inom {0} från det bästa målvärdet som lika; av dem väljs den bästa enligt {1}, sedan det högre målvärdet, sedan punkten närmast de nuvarande trösklarna."),
        "A case whose risk side a severe marker decides stays high, and an undetermined case stays undetermined, at every point.":
            Entry(fi: "Asiakas, jonka riskin vakava riskimerkki ratkaisee, pysyy suuren riskin puolella, ja määrittämätön pysyy määrittämättömänä jokaisessa pisteessä.",
                  sv: "En klient vars risk avgörs av en allvarlig riskmarkör förblir hög, och en obestämd klient förblir obestämd, i varje punkt."),
        "Intervals are 95 % percentile bootstrap intervals over the cases ({0} replicates, seed {1}).":
            Entry(fi: "Välit ovat asiakkaiden yli laskettuja 95 %:n persentiili-bootstrap-välejä ({0} toistoa, siemen {1}).",
                  sv: "Intervallen är 95 % percentilbootstrapintervall över klienterna ({0} replikat, frö {1})."),
        "New criteria version {0} {1} written to {2}; file changes:":
            Entry(fi: "Uusi kriteeriversio {0} {1} kirjoitettu tiedostoon {2}; muutokset tiedostoon:",
                  sv: "Ny kriterieversion {0} {1} skriven till {2}; ändringar i filen:"),
        "New criteria version {0} {1} (not written: --no-write); file changes:":
            Entry(fi: "Uusi kriteeriversio {0} {1} (ei kirjoitettu: --no-write); muutokset tiedostoon:",
                  sv: "Ny kriterieversion {0} {1} (inte skriven: --no-write); ändringar i filen:"),
        "New criteria version {0} {1} (not written); file changes:":
            Entry(fi: "Uusi kriteeriversio {0} {1} (ei kirjoitettu); muutokset tiedostoon:",
                  sv: "Ny kriterieversion {0} {1} (inte skriven); ändringar i filen:"),
        "seula tune — criteria {0} {1} on {2}: {3} labelled cases, {4} rejected":
            Entry(fi: "seula tune — kriteerit {0} {1}, aineisto {2}: {3} luokiteltua asiakasta, {4} hylätty",
                  sv: "seula tune — kriterier {0} {1}, material {2}: {3} klassificerade klienter, {4} avvisade"),
        "objective: maximise {0}":
            Entry(fi: "tavoite: maksimoidaan {0}",
                  sv: "mål: maximera {0}"),
        "grid: coping {0} ({1} values), risk {2} ({3}), near band {4} ({5}); {6} points, {7} meet every constraint":
            Entry(fi: "hila: arki {0} ({1} arvoa), riski {2} ({3}), lähialue {4} ({5}); {6} pistettä, {7} täyttää kaikki ehdot",
                  sv: "rutnät: vardag {0} ({1} värden), risk {2} ({3}), zon {4} ({5}); {6} punkter, {7} uppfyller alla villkor"),
        "fixed":
            Entry(fi: "kiinteä",
                  sv: "fast"),
        "choice: among the feasible points within {0} of the best {1}, the best on {2} ({3}), then the point nearest the current thresholds":
            Entry(fi: "valinta: sallituista pisteistä, jotka ovat enintään {0} päässä parhaasta luvusta {1}, paras luvun {2} mukaan ({3}), sitten lähinnä nykyisiä rajoja",
                  sv: "val: bland de tillåtna punkterna inom {0} från det bästa {1}, den bästa enligt {2} ({3}), sedan punkten närmast de nuvarande trösklarna"),
        "{0} cases are high risk by a severe marker and {1} are undetermined: no threshold moves them; they count in every figure as the engine decides them.":
            Entry(fi: "{0} asiakkaan riski on suuri vakavan riskimerkin perusteella ja {1} on määrittämättömiä: mikään raja ei siirrä heitä; heidät lasketaan kaikkiin lukuihin niin kuin päätöskone heidät ratkaisee.",
                  sv: "{0} klienter har hög risk på grund av en allvarlig riskmarkör och {1} är obestämda: ingen tröskel flyttar dem; de räknas i varje mått så som beslutsmotorn avgör dem."),
        "near band":
            Entry(fi: "lähialue",
                  sv: "zon"),
        "feasible":
            Entry(fi: "sallittu",
                  sv: "tillåten"),
        "Figures current → chosen (95 % bootstrap interval, {0} replicates, seed {1})":
            Entry(fi: "Tunnusluvut nykyinen → valittu (95 %:n bootstrap-väli, {0} toistoa, siemen {1})",
                  sv: "Mått nuvarande → vald (95 % bootstrapintervall, {0} replikat, frö {1})"),
        "Pareto figure":
            Entry(fi: "Pareto-luku",
                  sv: "Paretomått"),
        "No grid point meets every constraint; nothing written.":
            Entry(fi: "Yksikään hilapiste ei täytä kaikkia ehtoja; mitään ei kirjoitettu.",
                  sv: "Ingen rutnätspunkt uppfyller alla villkor; inget skrevs."),
        "Segments at the chosen point — rows: caseworker, columns: Seula":
            Entry(fi: "Segmentit valitussa pisteessä — rivit: työntekijä, sarakkeet: Seula",
                  sv: "Segment i den valda punkten — rader: handläggare, kolumner: Seula"),
        "Segment moves on this caseload, current → chosen (rows: current, columns: chosen): {0} cases move":
            Entry(fi: "Segmenttisiirtymät tässä aineistossa, nykyinen → valittu (rivit: nykyinen, sarakkeet: valittu): {0} asiakasta siirtyy",
                  sv: "Segmentbyten i detta material, nuvarande → vald (rader: nuvarande, kolumner: vald): {0} klienter flyttas"),
        "Pareto front ({0} against {1}): {2} points":
            Entry(fi: "Pareto-rintama ({0} ja {1}): {2} pistettä",
                  sv: "Paretofront ({0} mot {1}): {2} punkter"),
        "({0} of {1} shown, evenly spaced; --json has all)":
            Entry(fi: "({0}/{1} näytetty tasavälein; --json näyttää kaikki)",
                  sv: "({0} av {1} visas, jämnt fördelade; --json visar alla)"),
        "Note: these conditions compare a score with the old threshold written as a number; tune does not change them:":
            Entry(fi: "Huom.: nämä ehdot vertaavat pisteitä vanhaan rajaan, joka on kirjoitettu lukuna; tune ei muuta niitä:",
                  sv: "Obs: dessa villkor jämför poäng med den gamla tröskeln skriven som ett tal; tune ändrar dem inte:"),
        "The fitted points equal the current ones; nothing written.":
            Entry(fi: "Sovitetut pisteet ovat samat kuin nykyiset; mitään ei kirjoitettu.",
                  sv: "De anpassade poängen är desamma som de nuvarande; inget skrevs."),
        "(missing)":
            Entry(fi: "(puuttuu)",
                  sv: "(saknas)"),
        "n = {0}; undetermined = disagreement":
            Entry(fi: "n = {0}; määrittämätön = erimielisyys",
                  sv: "n = {0}; obestämd = oenighet"),
        "n = {0} with a risk score":
            Entry(fi: "n = {0}, joilla riskipisteet",
                  sv: "n = {0} med riskpoäng"),
        "Undetermined: {0} cases — {1} with too few coping answers, {2} with too many register gaps.":
            Entry(fi: "Määrittämättömiä {0}: {1} liian vähien arkivastausten, {2} liian monen puuttuvan rekisteritiedon vuoksi.",
                  sv: "Obestämda {0}: {1} med för få svar om vardagen, {2} med för många saknade registeruppgifter."),
        "95 % intervals: percentile bootstrap ({0} replicates, seed {1}); the undetermined share: Wilson.":
            Entry(fi: "95 %:n välit: persentiili-bootstrap ({0} toistoa, siemen {1}); määrittämättömien osuus: Wilson.",
                  sv: "95 % intervall: percentilbootstrap ({0} replikat, frö {1}); andelen obestämda: Wilson."),
        "Apart from names, documentation and provenance, the two files mean the same.":
            Entry(fi: "Nimiä, dokumentaatiota ja alkuperätietoja lukuun ottamatta tiedostot tarkoittavat samaa.",
                  sv: "Bortsett från namn, dokumentation och ursprungsuppgifter betyder filerna samma sak."),
        "{0} changes in all ({1} that decide something); every one is in the detail.":
            Entry(fi: "Muutoksia kaikkiaan {0} ({1} vaikuttaa ratkaisuihin); kaikki ovat yksityiskohdissa.",
                  sv: "Totalt {0} ändringar ({1} som påverkar besluten); alla finns i detaljerna."),
        "n/a":
            Entry(fi: "–",
                  sv: "–"),
        "review newly required":
            Entry(fi: "ammattilaisen arvio tulee tarpeelliseksi",
                  sv: "bedömning behövs nu"),
        "review no longer required":
            Entry(fi: "ammattilaisen arviota ei enää tarvita",
                  sv: "bedömning behövs inte längre"),
    ]
}
