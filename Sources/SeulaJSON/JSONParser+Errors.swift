/// Building the errors the parser throws.
extension JSONParser {
    func syntaxError(_ offset: Int, _ message: String) -> JSONParseError {
        JSONParseError(kind: .syntax, offset: offset, message: message)
    }

    /// "`expectation`, found X" at `j`; a malformed UTF-8 sequence there is reported as such.
    func unexpected(_ j: Int, _ expectation: String) -> JSONParseError {
        guard j < end else { return syntaxError(j, "unexpected end of input, \(expectation)") }
        let c = p[j]
        if c >= 0x80 {
            do throws(JSONParseError) {
                let next = try validateUTF8(at: j)
                let text = String(decoding: UnsafeBufferPointer(start: p + j, count: next - j), as: UTF8.self)
                let scalar = text.unicodeScalars.first.map { hex4String($0.value) } ?? "?"
                return syntaxError(j, "\(expectation), found character U+\(scalar)")
            } catch {
                return error
            }
        }
        if c > 0x20 && c < 0x7F {
            return syntaxError(j, "\(expectation), found '\(Character(Unicode.Scalar(c)))'")
        }
        return syntaxError(j, "\(expectation), found byte 0x\(hex2(c))")
    }

    func unterminatedString(_ quote: Int) -> JSONParseError {
        syntaxError(end, "unexpected end of input inside the string starting at byte \(quote)")
    }

    func controlCharacter(_ j: Int) -> JSONParseError {
        syntaxError(j, "raw control character 0x\(hex2(p[j])) in string (must be escaped)")
    }
}

/// Two lowercase hex digits.
func hex2(_ b: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(b >> 4)], digits[Int(b & 0xF)]])
}

/// Four uppercase hex digits, as a `\u` escape is usually written.
func hex4String(_ v: UInt32) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - s.count)) + s
}
