/// A stack for the parser's work in progress, manually managed: it starts in memory the caller
/// provides (a temporary stack allocation) and moves to the heap only when it outgrows it.
/// The owner must call `release()` exactly once.
struct ParserStack<Element> {
    var base: UnsafeMutablePointer<Element>
    var count = 0
    var capacity: Int
    var onHeap = false

    init(_ initial: UnsafeMutableBufferPointer<Element>) {
        base = initial.baseAddress!
        capacity = initial.count
    }

    @inline(__always)
    mutating func push(_ element: consuming Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    mutating func grow() {
        let newCapacity = capacity * 2
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        grown.moveInitialize(from: base, count: count)
        if onHeap { base.deallocate() }
        base = grown
        capacity = newCapacity
        onHeap = true
    }

    /// The elements from `start` up, as an array; they leave the stack.
    mutating func popArray(from start: Int) -> [Element] {
        let n = count - start
        // Moving element by element into a reserved array measured fastest: copying out with
        // `Array(UnsafeBufferPointer)` costs a copy and a destroy per element (through generic
        // value witnesses for the member tuples), and `Array(unsafeUninitializedCapacity:)`
        // looks up the array's generic metadata on every call.
        var elements: [Element] = []
        elements.reserveCapacity(n)
        var k = start
        while k < count {
            elements.append((base + k).move())
            k += 1
        }
        count = start
        return elements
    }

    /// Destroys the remaining elements (left after an error) and frees heap storage.
    mutating func release() {
        base.deinitialize(count: count)
        count = 0
        if onHeap { base.deallocate() }
        onHeap = false
    }
}
