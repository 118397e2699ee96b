import SeulaCore
import SeulaCrypto

/// The keyed hetu pseudonym: HMAC-SHA256(key, upper-case hetu), lower-case hex.
/// The same person gets the same pseudonym under the same key, and nothing reveals the hetu.
public struct HMACPseudonymizer: Pseudonymizer {
    private let key: [UInt8]

    /// nil for an empty key: an empty key would make the pseudonym a plain, reversible hash.
    public init?(key: [UInt8]) {
        guard !key.isEmpty else { return nil }
        self.key = key
    }

    public func pseudonym(forHetu hetu: String) -> String {
        Digest.hmacSHA256Hex(key: key, message: Array(hetu.utf8))
    }

    /// A hasher for one thread's many pseudonyms (the same values, a tenth of the cost).
    public func makeHasher() -> HMACSHA256Hasher { HMACSHA256Hasher(key: key) }
}
