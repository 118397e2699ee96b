import CCrypto

/// SHA-256 and HMAC-SHA256 through OpenSSL's libcrypto (Debian `libssl-dev`), one-shot.
/// The only two hashing needs Seula has: the model file's fingerprint and the keyed hetu
/// pseudonym.
public enum Digest {
    /// SHA-256 of `bytes`, as lower-case hex.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        var out = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        bytes.withUnsafeBufferPointer { b in
            _ = SHA256(b.baseAddress, b.count, &out)
        }
        return hex(out)
    }

    /// HMAC-SHA256 of `message` under `key`, as lower-case hex.
    public static func hmacSHA256Hex(key: [UInt8], message: [UInt8]) -> String {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        key.withUnsafeBufferPointer { k in
            message.withUnsafeBufferPointer { m in
                _ = HMAC(EVP_sha256(), k.baseAddress, Int32(k.count), m.baseAddress, m.count, &out, &length)
            }
        }
        return hex(Array(out.prefix(Int(length))))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var s = [UInt8]()
        s.reserveCapacity(bytes.count * 2)
        for b in bytes {
            s.append(digits[Int(b >> 4)])
            s.append(digits[Int(b & 0xF)])
        }
        return String(decoding: s, as: UTF8.self)
    }
}
