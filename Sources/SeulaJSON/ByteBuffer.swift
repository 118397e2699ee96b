#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable byte buffer with cheap appends: a decision record is a few hundred small pieces,
/// and `Array.append(contentsOf:)` spends more on its checks than on the copy. The buffer
/// grows by doubling; it is a class, so a `JSONWriter` copy shares it (writers are not copied).
///
/// The one place the writer's raw memory lives: every write goes through `append`, `reserve`
/// or `writeTail` here, each checked by debug assertions (the invariant `0 ≤ used ≤ capacity`,
/// a tail write never past what it reserved, slices inside what was written); release builds
/// keep only the growth check.
public final class ByteBuffer: @unchecked Sendable {
    // Unchecked: a class's stored properties are otherwise checked for exclusive access on every
    // touch, which costs more than the append itself. A buffer is only used by one thread.
    @exclusivity(unchecked) @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) @usableFromInline var used: Int
    @exclusivity(unchecked) @usableFromInline var capacity: Int

    public init(capacity: Int = 1024) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
        used = 0
    }

    deinit { base.deallocate() }

    public var count: Int { used }

    @usableFromInline
    func grow(_ needed: Int) {
        var c = capacity
        while c < needed { c *= 2 }
        let b = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        b.update(from: base, count: used)
        base.deallocate()
        base = b
        capacity = c
    }

    @inlinable @inline(__always)
    public func reserve(_ n: Int) {
        assert(n >= 0 && used <= capacity, "ByteBuffer: reserve(\(n)) with \(used) used of \(capacity)")
        if used + n > capacity { grow(used + n) }
    }

    /// Writes at most `maxCount` bytes straight after the last byte: `body` gets the first free
    /// byte and returns how many it wrote (for formatting loops that know their worst case).
    @inlinable @inline(__always)
    public func writeTail(maxCount: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        reserve(maxCount)
        let written = body(base + used)
        assert(written >= 0 && written <= maxCount, "ByteBuffer: a tail write of \(written) bytes into \(maxCount) reserved")
        used += written
    }

    @inlinable @inline(__always)
    public func append(_ b: UInt8) {
        if used == capacity { grow(used + 1) }
        base[used] = b
        used += 1
    }

    @inlinable @inline(__always)
    public func append(_ p: UnsafeRawPointer, count n: Int) {
        reserve(n)
        memcpy(base + used, p, n)
        used += n
    }

    @inlinable @inline(__always)
    public func append(_ b: UnsafeBufferPointer<UInt8>) {
        if let p = b.baseAddress { append(UnsafeRawPointer(p), count: b.count) }
    }

    @inlinable @inline(__always)
    public func append(_ b: [UInt8]) {
        b.withUnsafeBufferPointer { append($0) }
    }

    /// Drops everything from `offset` on.
    public func truncate(to offset: Int) {
        assert(offset >= 0, "ByteBuffer: truncate(to: \(offset))")
        used = min(used, max(0, offset))
    }

    public func removeAll() { used = 0 }

    /// The bytes, copied out.
    public var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: used)) }

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: used))
    }

    /// Bytes `from..<to` copied out.
    public func slice(_ from: Int, _ to: Int) -> [UInt8] {
        precondition(0 <= from && from <= to && to <= used, "ByteBuffer: slice \(from)..<\(to) of \(used) bytes")
        return Array(UnsafeBufferPointer(start: base + from, count: to - from))
    }
}
