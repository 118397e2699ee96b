import SeulaFormats
import SeulaService
import SeulaTransport

/// The engine's worker is the transport's chunk answerer (its `process` is the requirement);
/// `CSVRecordFraming` lets the pipeline read CSV records that span lines. The executable wires
/// them in (`ServeCommand`, `ScoreCommand`).
extension ChunkProcessor: ChunkAnswering {
    public typealias Answers = RequestHandler
}

extension Pipeline where Handler == RequestHandler, Answerer == ChunkProcessor {
    /// A pipeline of the engine's `ChunkProcessor`s: each worker makes one per criteria
    /// generation, with these formats.
    public convenience init(handler: RequestHandler, input: Int32 = 0, output: Int32 = 1, options: PipelineOptions = PipelineOptions(),
                            inputFormat: ChunkProcessor.InputFormat = .jsonl, outputFormat: ChunkProcessor.OutputFormat = .jsonl,
                            fastPath: Bool = true) {
        let maxLineBytes = options.maxLineBytes
        var options = options
        if case .csv(let reader) = inputFormat, options.framing == nil {
            let delimiter = reader.delimiter
            options.framing = { CSVRecordFraming(maxRecordBytes: $0, linesBefore: $1, delimiter: delimiter) }
        }
        self.init(handler: handler, input: input, output: output, options: options) { h in
            ChunkProcessor(handler: h, maxLineBytes: maxLineBytes, input: inputFormat, output: outputFormat, fastPath: fastPath)
        }
    }
}

/// CSV records for the pipeline's reader: `CSVRecordSplitter` (a quoted cell may hold line
/// breaks, RFC 4180) behind the transport's framing protocol.
public struct CSVRecordFraming: RecordFraming {
    private var splitter: CSVRecordSplitter

    public init(maxRecordBytes: Int, linesBefore: Int, delimiter: UInt8) {
        splitter = CSVRecordSplitter(maxRecordBytes: maxRecordBytes, linesBefore: linesBefore, delimiter: delimiter)
    }

    public mutating func records(in bytes: UnsafeRawBufferPointer, _ emit: (FramedRecord) -> Void) {
        splitter.feed(bytes) { Self.framed($0, emit) }
    }

    public mutating func finishRecords(_ emit: (FramedRecord) -> Void) {
        splitter.finish { Self.framed($0, emit) }
    }

    private static func framed(_ event: CSVRecordSplitter.Event, _ emit: (FramedRecord) -> Void) {
        switch event {
        case .record(let first, let last, let bytes): emit(.record(first: first, last: last, bytes: bytes))
        case .tooLong(let first, let last, let prefix): emit(.tooLong(first: first, last: last, prefix: prefix))
        case .unclosed(let first, let last, let prefix): emit(.unclosed(first: first, last: last, prefix: prefix))
        }
    }
}
