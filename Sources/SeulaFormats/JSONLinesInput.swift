import SeulaTransport

/// JSON-lines input: every line already is what both readers read, so there is nothing to
/// prepare and the general path gets the line itself (a case or a command).
public struct JSONLinesInput: CaseInputFormat {
    @inlinable public init() {}

    @inlinable public mutating func prepare(_ chunk: InputChunk, fast: Bool) -> InputChunk { chunk }

    @inlinable public func isFastReadable(_ k: Int) -> Bool { true }

    @inlinable public func generalCase(_ k: Int, _ line: ChunkLine, _ bytes: UnsafeRawBufferPointer) -> GeneralCase { .request }
}
