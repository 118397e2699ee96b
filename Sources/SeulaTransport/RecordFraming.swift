/// How the pipeline's reader cuts its input into records. Lines (`LineSplitter`) by default; a
/// format whose records may span lines (CSV with a quoted line break) brings its own framing
/// (`PipelineOptions.framing`), so the transport holds no format code.
public protocol RecordFraming {
    /// Feeds bytes; calls `emit` for each whole record, in order. Record bytes are valid only
    /// during the call.
    mutating func records(in bytes: UnsafeRawBufferPointer, _ emit: (FramedRecord) -> Void)
    /// At end of input: the last record if it had no line end.
    mutating func finishRecords(_ emit: (FramedRecord) -> Void)
}

/// One record a framing found, numbered by its first and last input lines (1-based).
public enum FramedRecord {
    /// A whole record (without its line end).
    case record(first: Int, last: Int, bytes: UnsafeRawBufferPointer)
    /// A record over the length limit; `prefix` is its first bytes (to recover its id).
    case tooLong(first: Int, last: Int, prefix: [UInt8])
    /// A record the framing could not close by the end of what it may hold (a CSV quoted field
    /// never closed); `prefix` as for `tooLong`.
    case unclosed(first: Int, last: Int, prefix: [UInt8])
}

extension LineSplitter: RecordFraming {
    public mutating func records(in bytes: UnsafeRawBufferPointer, _ emit: (FramedRecord) -> Void) {
        feed(bytes) { Self.framed($0, emit) }
    }

    public mutating func finishRecords(_ emit: (FramedRecord) -> Void) {
        finish { Self.framed($0, emit) }
    }

    private static func framed(_ event: Event, _ emit: (FramedRecord) -> Void) {
        switch event {
        case .line(let number, let bytes): emit(.record(first: number, last: number, bytes: bytes))
        case .tooLong(let number, let prefix): emit(.tooLong(first: number, last: number, prefix: prefix))
        }
    }
}
