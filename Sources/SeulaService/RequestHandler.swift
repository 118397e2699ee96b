import SeulaCore
import SeulaJSON

/// Settings shared by every way of scoring (`serve`, `score`, `explain`).
public struct ScoringOptions: Sendable {
    /// Reject unknown fields (`--strict`).
    public var strict: Bool
    /// Pseudonymises a hetu; nil when no key is configured (then a case with a hetu is refused).
    public var pseudonymizer: (any Pseudonymizer)?
    /// The date used when a case has no `assessed_on` (the executable passes today's date).
    public var today: CalendarDate
    /// Deepest JSON nesting accepted on a line; deeper is `invalid_json`, never a stack overflow.
    public var maxDepth: Int

    public init(strict: Bool = false, pseudonymizer: (any Pseudonymizer)? = nil, today: CalendarDate, maxDepth: Int = 32) {
        self.strict = strict
        self.pseudonymizer = pseudonymizer
        self.today = today
        self.maxDepth = maxDepth
    }
}

/// A case that passed validation and was decided, with what explaining it needs.
public struct DecidedCase: Sendable {
    public var model: CriteriaModel
    public var screening: ScreeningCase
    public var decision: Decision
}

/// Handles one input line of the daemon protocol and returns exactly one answer. No I/O:
/// the transport (the pipeline, the supervisor, tests) feeds it bytes and writes what it returns.
///
/// Never throws and never traps on input: every problem becomes that line's error answer.
public struct RequestHandler: Sendable {
    public let criteria: CriteriaSet
    public let options: ScoringOptions
    private let engines: [DecisionEngine]
    private let writers: [DecisionRecordWriter]
    private let validators: [CaseValidator]

    public init(criteria: CriteriaSet, options: ScoringOptions) {
        self.criteria = criteria
        self.options = options
        engines = criteria.models.map { DecisionEngine(model: $0, today: options.today) }
        writers = criteria.models.map { DecisionRecordWriter(model: $0) }
        validators = criteria.models.map { CaseValidator(model: $0, strict: options.strict) }
    }

    /// The answer to one line (without its newline). `lineNumber` is 1-based and counts blank
    /// lines; `statistics` is asked only by the `stats` command.
    public func handle(line: UnsafeRawBufferPointer, lineNumber: Int,
                       statistics: () -> (ServiceStatistics, uptimeSeconds: Double) = { (ServiceStatistics(), 0) }) -> Answer {
        let value: JSONValue
        do {
            value = try JSONReader.parse(line, maxDepth: options.maxDepth)
        } catch {
            let column = jsonLineColumn(line, offset: error.offset).column
            return reject(CaseError(.invalidJSON, path: "", "not valid JSON at column \(column): \(error.message)"),
                          id: Self.scanForID(line), line: lineNumber)
        }
        switch Request.parse(value) {
        case .failure(let e):
            return reject(e.error, id: nil, line: lineNumber, req: e.req)
        case .success(.scoreCase(let c)):
            return answerCase(c, line: lineNumber, explain: false, req: nil)
        case .success(.score(let c, let explain, let req)):
            return answerCase(c, line: lineNumber, explain: explain, req: req)
        case .success(.model(let req)):
            return Answer(bytes: ModelDescription.bytes(criteria, req: req), kind: .command)
        case .success(.stats(let req)):
            let (s, uptime) = statistics()
            return Answer(bytes: Self.statsBytes(s, uptime: uptime, req: req), kind: .command)
        case .success(.ping(let req)):
            var w = JSONWriter(capacity: 64)
            w.raw("{\"ok\":true,\"pong\":true")
            if let req { w.raw(",\"req\":"); w.echo(req) }
            w.raw("}")
            return Answer(bytes: w.bytes, kind: .command)
        }
    }

    /// The answer to a case already read into a JSON value (a CSV row, for instance).
    public func answer(_ value: JSONValue, lineNumber: Int) -> Answer {
        answerCase(value, line: lineNumber, explain: false, req: nil)
    }

    public func handle(line: [UInt8], lineNumber: Int) -> Answer {
        line.withUnsafeBytes { handle(line: $0, lineNumber: lineNumber) }
    }

    /// The error answer for a line over the length limit (the transport never buffers it).
    public static func lineTooLong(lineNumber: Int, limit: Int, id: String?) -> Answer {
        Answer(bytes: ErrorRecordWriter.bytes(CaseError(.lineTooLong, path: "", "line is longer than the limit of \(limit) bytes (--max-line-bytes)"),
                                              id: id, line: lineNumber),
               kind: .rejected(.lineTooLong))
    }

    /// Validates and decides one case object.
    public func decide(_ value: JSONValue) -> Result<DecidedCase, CaseError> {
        guard let object = value.objectValue else {
            return .failure(CaseError(.notAnObject, path: "", "a case must be a JSON object, not \(value.typeName)"))
        }
        // Which criteria? `assessed_on` picks the version in force that day (default: today).
        // A malformed `assessed_on` is reported by the validator, in field order.
        var index = criteria.models.count - 1
        let assessed = object["assessed_on"]
        let date: CalendarDate? = (assessed == nil || assessed!.isNull) ? options.today
            : assessed!.stringValue.flatMap(CalendarDate.init(iso:))
        if let date {
            if let i = criteria.models.lastIndex(where: { $0.isInForce(on: date) }) {
                index = i
            } else {
                if case .failure(let e) = validators[index].validate(value), Self.fieldOrder(e.path) < Self.fieldOrder("assessed_on") {
                    return .failure(e)
                }
                return .failure(criteria.notInForce(date))
            }
        }
        let screening: ScreeningCase
        switch validators[index].validate(value) {
        case .failure(let e):
            // A valid hetu with no key to pseudonymise it is a problem *at hetu*: reported before
            // the problems of the fields after it (MODEL-V1 Clarification 1, reading R9).
            if options.pseudonymizer == nil, Self.fieldOrder(e.path) > Self.fieldOrder("hetu"),
               let h = object["hetu"]?.stringValue, case .success = Hetu.validate(h) {
                return .failure(Self.noPseudonymKey)
            }
            return .failure(e)
        case .success(let c): screening = c
        }
        let engine = engines[index]
        var decision = engine.decide(screening)
        if let hetu = screening.hetu {
            guard let p = options.pseudonymizer else { return .failure(Self.noPseudonymKey) }
            decision.pseudonym = p.pseudonym(forHetu: hetu)
        }
        return .success(DecidedCase(model: engine.model, screening: screening, decision: decision))
    }

    static let noPseudonymKey = CaseError(.noPseudonymKey, path: "hetu",
                                          "a hetu was given but no pseudonym key is configured (SEULA_PSEUDONYM_KEY or --pseudonym-key-file); the case was not scored")

    /// The decision record of a decided case.
    public func recordBytes(_ d: DecidedCase, explain: Bool, req: JSONValue?) -> [UInt8] {
        let writer = writers[criteria.models.firstIndex { $0 === d.model } ?? 0]
        let trace = explain ? DecisionTrace(model: d.model, case: d.screening, decision: d.decision) : nil
        return writer.bytes(d.decision, request: req, trace: trace)
    }

    private func answerCase(_ value: JSONValue, line: Int, explain: Bool, req: JSONValue?) -> Answer {
        switch decide(value) {
        case .failure(let e):
            return reject(e, id: CaseValidator.recoverID(value), line: line, req: req)
        case .success(let d):
            return Answer(bytes: recordBytes(d, explain: explain, req: req), kind: .scored)
        }
    }

    private func reject(_ e: CaseError, id: String?, line: Int, req: JSONValue? = nil) -> Answer {
        Answer(bytes: ErrorRecordWriter.bytes(e, id: id, line: line, request: req), kind: .rejected(e.code))
    }

    static func fieldOrder(_ path: String) -> Int {
        CaseSchema.order(ofPath: path)
    }

    /// Best effort: the `"id":"…"` of a line that is not valid JSON, so the client can still
    /// match the error to its case. Only a plain string id without escapes is recovered.
    public static func scanForID(_ line: UnsafeRawBufferPointer) -> String? {
        let key: [UInt8] = Array("\"id\"".utf8)
        guard line.count >= key.count else { return nil }
        var i = 0
        while i + key.count <= line.count {
            if line[i] == key[0], (0..<key.count).allSatisfy({ line[i + $0] == key[$0] }) {
                var j = i + key.count
                while j < line.count, line[j] == 0x20 || line[j] == 0x09 { j += 1 }
                guard j < line.count, line[j] == UInt8(ascii: ":") else { i += 1; continue }
                j += 1
                while j < line.count, line[j] == 0x20 || line[j] == 0x09 { j += 1 }
                guard j < line.count, line[j] == UInt8(ascii: "\"") else { return nil }
                let start = j + 1
                var k = start
                while k < line.count, line[k] != UInt8(ascii: "\""), line[k] != UInt8(ascii: "\\"), line[k] >= 0x20 { k += 1 }
                guard k < line.count, line[k] == UInt8(ascii: "\""), k - start <= CaseSchema.maxIDLength * 4 else { return nil }
                let bytes = UnsafeRawBufferPointer(rebasing: line[start..<k])
                guard let s = String(validating: bytes, as: UTF8.self), !s.isEmpty else { return nil }
                return s
            }
            i += 1
        }
        return nil
    }

    public static func statsBytes(_ s: ServiceStatistics, uptime: Double, req: JSONValue?) -> [UInt8] {
        var w = JSONWriter(capacity: 256)
        w.raw("{\"ok\":true")
        if let req { w.raw(",\"req\":"); w.echo(req) }
        w.raw(",\"stats\":{\"commands\":")
        w.int(s.commands)
        w.raw(",\"lines\":")
        w.int(s.linesRead)
        w.raw(",\"rejected\":")
        w.int(s.rejected)
        w.raw(",\"rejected_by_code\":{")
        for (i, k) in s.rejectedByCode.keys.sorted().enumerated() {
            if i > 0 { w.raw(",") }
            w.string(k)
            w.raw(":")
            w.int(s.rejectedByCode[k]!)
        }
        w.raw("},\"scored\":")
        w.int(s.scored)
        w.raw(",\"uptime_s\":")
        w.decimal1(uptime)
        w.raw("}}")
        return w.bytes
    }
}
