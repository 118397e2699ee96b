import SeulaCore
import XCTest

final class HetuTests: XCTestCase {
    /// Builds a code with the right check character, for the given date part, sign and number.
    func make(_ ddmmyy: String, _ sign: Character, _ nnn: String) -> String {
        let nine = Int(ddmmyy + nnn)!
        let checks = Array("0123456789ABCDEFHJKLMNPRSTUVWXY")
        return "\(ddmmyy)\(sign)\(nnn)\(checks[nine % 31])"
    }

    func testPublishedExamples() {
        // The example code used in Finnish public documentation.
        XCTAssertEqual(try Hetu.validate("131052-308T").get(), "131052-308T")
        XCTAssertEqual(Hetu.birthDate("131052-308T"), CalendarDate(year: 1952, month: 10, day: 13))
        // Lower case is accepted and canonicalised.
        XCTAssertEqual(try Hetu.validate("010101a123n").get().count, 11)
    }

    func testEveryCenturySign() {
        let cases: [(Character, Int)] = [("+", 1800), ("-", 1900), ("Y", 1900), ("X", 1900), ("W", 1900), ("V", 1900), ("U", 1900),
                                         ("A", 2000), ("B", 2000), ("C", 2000), ("D", 2000), ("E", 2000), ("F", 2000)]
        for (sign, century) in cases {
            let code = make("290296", sign, "123")   // 29 Feb: valid in 1896, 1996, 2096? 1896 and 1996 leap; 2096 leap
            guard case .success = Hetu.validate(code) else { return XCTFail("\(sign) rejected") }
            XCTAssertEqual(Hetu.birthDate(code)?.year, century + 96, "sign \(sign)")
        }
        XCTAssertEqual(Hetu.century(ofSign: UInt8(ascii: "G")), nil)
    }

    func testDatesAreChecked() {
        XCTAssertNotNil(try? Hetu.validate(make("290200", "A", "002")).get(), "2000 is a leap year")
        XCTAssertNil(try? Hetu.validate(make("290200", "+", "002")).get(), "1900 is not a leap year... 1800 neither")
        XCTAssertNil(try? Hetu.validate(make("290201", "A", "002")).get(), "2001 is not a leap year")
        XCTAssertNil(try? Hetu.validate(make("310452", "-", "308")).get(), "30 days in April")
        XCTAssertNil(try? Hetu.validate(make("001352", "-", "308")).get(), "no day 0, no month 13")
    }

    func testRejections() {
        let rejected = [
            "131052-308U": "check character",
            "131052-308": "length",
            "131052-308TT": "length",
            "131052G308T": "century sign",
            "13105X-308T": "date digits",
            "131052-3A8T": "individual digits",
            make("131052", "-", "000"): "individual number 000",
            make("131052", "-", "001"): "individual number 001",
            "": "empty",
        ]
        for (code, why) in rejected {
            guard case .failure(let e) = Hetu.validate(code) else { XCTFail("accepted a bad code (\(why))"); continue }
            XCTAssertEqual(e.code, .invalidHetu)
            XCTAssertEqual(e.path, "hetu")
            XCTAssertFalse(e.message.contains(code) && !code.isEmpty, "the message must never echo the code")
        }
        XCTAssertNotNil(try? Hetu.validate(make("131052", "-", "899")).get())
        XCTAssertNotNil(try? Hetu.validate(make("131052", "-", "950")).get(), "temporary codes 900-999 are well-formed")
    }

    /// The fast reader's allocation-free `parse(ascii:)` repeats `check`'s sequence: on valid
    /// codes and one-character mutations of them (every check's failure reached), it takes
    /// exactly the codes `validate` takes, with the same canonical form and birth date.
    func testParseASCIIAgreesWithValidate() {
        var rng = SplitMix64(seed: 5)
        let alphabet = Array("0123456789+-ABCDEFUVWXYabcdefhjkZ.")
        var taken = 0, failed = Set<Hetu.Check>()
        for k in 0..<20_000 {
            let day = 1 + rng.below(28), month = 1 + rng.below(12), year = 1850 + rng.below(200)
            let sign: Character = year < 1900 ? "+" : year < 2000 ? "-" : "A"
            func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
            let nnn = String(1000 + rng.below(1000)).dropFirst()
            var code = Array(make(two(day) + two(month) + two(year % 100), sign, String(nnn)))
            if k % 4 != 0 { code[rng.below(11)] = alphabet[rng.below(alphabet.count)] }
            if k % 97 == 0 { code.removeLast() }
            let text = String(code)
            let fast = Array(text.utf8).withUnsafeBytes { Hetu.parse(ascii: $0) }
            switch Hetu.validate(text) {
            case .success(let canonical):
                taken += 1
                XCTAssertEqual(fast?.code, canonical, text)
                XCTAssertEqual(fast?.birth, Hetu.birthDate(text), text)
            case .failure:
                XCTAssertNil(fast, text)
                if case .failure(let c) = Hetu.check(upperCased: Array(text.uppercased().utf8)) { failed.insert(c) }
            }
        }
        XCTAssertGreaterThan(taken, 5000)
        XCTAssertEqual(failed, Set(Hetu.Check.allCases), "every check's failure is reached")
    }
}
