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

/// HMAC-SHA256 under one key, for many messages: the key's inner and outer padded states are
/// hashed once, and each message costs two SHA-256 finals on copies of them (RFC 2104) — about
/// a tenth of libcrypto's one-shot `HMAC()`, which sets everything up (and looks the digest up
/// under a lock) on every call.
///
/// Not thread-safe: one per thread (the batch engine keeps one per decision lane). The EVP
/// contexts are owned here and freed in `deinit`; `mac` never allocates.
public final class HMACSHA256Hasher {
    private let md: OpaquePointer?
    private let inner: OpaquePointer?
    private let outer: OpaquePointer?
    private let work: OpaquePointer?

    public init(key: [UInt8]) {
        md = EVP_MD_fetch(nil, "SHA256", nil)
        var block = [UInt8](repeating: 0, count: 64)
        if key.count > 64 {
            key.withUnsafeBufferPointer { k in _ = SHA256(k.baseAddress, k.count, &block) }
        } else {
            block.replaceSubrange(0..<key.count, with: key)
        }
        let ipad = block.map { $0 ^ 0x36 }, opad = block.map { $0 ^ 0x5c }
        inner = EVP_MD_CTX_new()
        outer = EVP_MD_CTX_new()
        work = EVP_MD_CTX_new()
        EVP_DigestInit_ex(inner, md, nil)
        EVP_DigestUpdate(inner, ipad, 64)
        EVP_DigestInit_ex(outer, md, nil)
        EVP_DigestUpdate(outer, opad, 64)
    }

    deinit {
        EVP_MD_CTX_free(work)
        EVP_MD_CTX_free(outer)
        EVP_MD_CTX_free(inner)
        EVP_MD_free(md)
    }

    /// The 32-byte MAC of `message` into `out`.
    public func mac(_ message: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<UInt8>) {
        var length: UInt32 = 0
        EVP_MD_CTX_copy_ex(work, inner)
        EVP_DigestUpdate(work, message.baseAddress, message.count)
        EVP_DigestFinal_ex(work, out, &length)
        assert(length == 32, "SHA-256 gives 32 bytes")
        EVP_MD_CTX_copy_ex(work, outer)
        EVP_DigestUpdate(work, out, 32)
        EVP_DigestFinal_ex(work, out, &length)
    }

    /// The MAC of `message` as lower-case hex (what `Digest.hmacSHA256Hex` gives).
    public func hex(_ message: String) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { raw in
            var m = message
            m.withUTF8 { mac(UnsafeRawBufferPointer($0), into: raw.baseAddress!) }
            return String(unsafeUninitializedCapacity: 64) { s in
                let digits: StaticString = "0123456789abcdef"
                let d = digits.utf8Start
                for i in 0..<32 {
                    s[2 * i] = d[Int(raw[i] >> 4)]
                    s[2 * i + 1] = d[Int(raw[i] & 0xF)]
                }
                return 64
            }
        }
    }
}

/// SHA-256 of many messages through one prefetched digest and one reused context (no lookup, no
/// allocation per message): the audit log hashes every entry it writes and reads.
///
/// Not thread-safe: one per thread. The EVP objects are owned here and freed in `deinit`.
public final class SHA256Hasher {
    private let md: OpaquePointer?
    private let ctx: OpaquePointer?

    public init() {
        md = EVP_MD_fetch(nil, "SHA256", nil)
        ctx = EVP_MD_CTX_new()
    }

    deinit {
        EVP_MD_CTX_free(ctx)
        EVP_MD_free(md)
    }

    /// The 32-byte digest of `message` into `out`.
    public func digest(_ message: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<UInt8>) {
        var length: UInt32 = 0
        EVP_DigestInit_ex(ctx, md, nil)
        EVP_DigestUpdate(ctx, message.baseAddress, message.count)
        EVP_DigestFinal_ex(ctx, out, &length)
    }

    /// The digest of `message` as 32 bytes.
    public func digest(_ message: UnsafeRawBufferPointer) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBufferPointer { digest(message, into: $0.baseAddress!) }
        return out
    }
}
