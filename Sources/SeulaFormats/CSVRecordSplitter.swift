import SeulaTransport
/// CSV records from a byte stream: physical lines (`LineSplitter`) joined while a quoted field
/// is open, so a quoted cell with line breaks is one record (RFC 4180). A record is numbered by
/// the line it starts on and knows the line it ends on; the line break inside a cell is `\n`.
///
/// A quote that is never closed would swallow the rest of the file. So when a record grows past
/// `maxRecordBytes` or the input ends inside it, the record's first line alone is reported
/// (`unclosed`) and the lines after it are read again as records.
///
/// Framing, not a format: it lives beside `LineSplitter`, which it wraps; `CaseCSVReader`
/// (`SeulaFormats`) reads the records it gives.
public struct CSVRecordSplitter {
    public enum Event {
        /// A whole record (without its final line end), valid until the next call.
        case record(first: Int, last: Int, bytes: UnsafeRawBufferPointer)
        /// A physical line over the length limit (skipped; its first bytes kept).
        case tooLong(first: Int, last: Int, prefix: [UInt8])
        /// A quoted field opened on `first` is not closed by `last` (the end of input or the
        /// length limit); the lines after `first` are read again.
        case unclosed(first: Int, last: Int, prefix: [UInt8])
    }

    private var lines: LineSplitter
    public let delimiter: UInt8
    public let maxRecordBytes: Int
    /// The physical lines of the open record.
    private var held: [(number: Int, bytes: [UInt8])] = []
    private var joined: [UInt8] = []

    public init(maxRecordBytes: Int, linesBefore: Int = 0, delimiter: UInt8) {
        lines = LineSplitter(maxLineBytes: maxRecordBytes, linesBefore: linesBefore)
        self.maxRecordBytes = maxRecordBytes
        self.delimiter = delimiter
    }

    public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ emit: (Event) -> Void) {
        var splitter = lines
        splitter.feed(chunk) { event in self.handle(event, emit) }
        lines = splitter
    }

    public mutating func finish(_ emit: (Event) -> Void) {
        var splitter = lines
        splitter.finish { event in self.handle(event, emit) }
        lines = splitter
        while !held.isEmpty { recover(emit) }
    }

    private mutating func handle(_ event: LineSplitter.Event, _ emit: (Event) -> Void) {
        switch event {
        case .line(let number, let bytes):
            take(number, bytes, emit)
        case .tooLong(let number, let prefix):
            while !held.isEmpty { recover(emit) }
            emit(.tooLong(first: number, last: number, prefix: prefix))
        }
    }

    /// One physical line: a record of its own, the start of a multi-line record, or the next
    /// line of the open one.
    private mutating func take(_ number: Int, _ bytes: UnsafeRawBufferPointer, _ emit: (Event) -> Void) {
        if held.isEmpty {
            // Blank lines between records are skipped by the reader (they stay lines, numbered).
            if !Self.opensQuote(bytes, inQuotes: false, delimiter: delimiter) {
                emit(.record(first: number, last: number, bytes: bytes))
                return
            }
            held = [(number, Array(bytes))]
            joined = Array(bytes)
            return
        }
        let stillOpen = Self.opensQuote(bytes, inQuotes: true, delimiter: delimiter)
        held.append((number, Array(bytes)))
        joined.append(0x0A)
        joined.append(contentsOf: bytes)
        if !stillOpen {
            let first = held[0].number
            held = []
            joined.withUnsafeBytes { emit(.record(first: first, last: number, bytes: $0)) }
            joined = []
        } else if joined.count > maxRecordBytes {
            recover(emit)
        }
    }

    /// Reports the open record's first line as unclosed and reads its other lines again.
    private mutating func recover(_ emit: (Event) -> Void) {
        let lines = held
        held = []
        joined = []
        emit(.unclosed(first: lines[0].number, last: lines[lines.count - 1].number, prefix: Array(lines[0].bytes.prefix(LineSplitter.recoveryPrefix))))
        for line in lines.dropFirst() {
            line.bytes.withUnsafeBytes { take(line.number, $0, emit) }
        }
    }

    /// Whether a record is still inside a quoted field at the end of this line, given whether it
    /// was at its start. A quote opens a field only at the field's start; inside, `""` is a quote.
    public static func opensQuote(_ line: UnsafeRawBufferPointer, inQuotes: Bool, delimiter: UInt8) -> Bool {
        var quoted = inQuotes
        var atFieldStart = !inQuotes
        var justClosed = false
        for c in line {
            if quoted {
                if c == UInt8(ascii: "\"") { quoted = false; justClosed = true }
                continue
            }
            if c == UInt8(ascii: "\"") && (atFieldStart || justClosed) {
                quoted = true
                atFieldStart = false
                justClosed = false
                continue
            }
            justClosed = false
            atFieldStart = c == delimiter
        }
        return quoted
    }
}
