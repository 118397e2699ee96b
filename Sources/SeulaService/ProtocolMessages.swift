import SeulaCore
import SeulaJSON

/// The requests of PROTOCOL.md's JSON-lines daemon, parsed from one line. Types only: the
/// handling lives in `RequestHandler`.
public enum Request: Sendable {
    /// A bare case object (a line with no `"op"`).
    case scoreCase(JSONValue)
    /// `{"op":"score","case":{…},"explain":true,"req":…}`
    case score(case: JSONValue, explain: Bool, req: JSONValue?)
    /// `{"op":"model"}`: id, version, sha256, in-force dates, thresholds and ids.
    case model(req: JSONValue?)
    /// `{"op":"stats"}`: lines read, scored, rejected by code, uptime.
    case stats(req: JSONValue?)
    /// `{"op":"ping"}`
    case ping(req: JSONValue?)

    public static let operations = ["score", "model", "stats", "ping"]

    /// Reads a request out of a parsed line. The error carries the `req` to echo, if any.
    public static func parse(_ value: JSONValue) -> Result<Request, RequestError> {
        guard let object = value.objectValue else {
            return .failure(RequestError(CaseError(.notAnObject, path: "", "a line must be a JSON object (a case, or a command with \"op\"), not \(value.typeName)"), req: nil))
        }
        guard let op = object["op"] else { return .success(.scoreCase(value)) }
        let req = object["req"]
        if let req {
            switch req {
            case .array, .object:
                return .failure(RequestError(CaseError(.invalidType, path: "req", "req must be a JSON scalar (text, number, true/false or null), not \(req.typeName)"), req: nil))
            default: break
            }
        }
        guard let name = op.stringValue else {
            return .failure(RequestError(CaseError(.invalidType, path: "op", "op must be text (one of \(operations.joined(separator: ", "))), not \(op.typeName)"), req: req))
        }
        switch name {
        case "score":
            guard let c = object["case"], !c.isNull else {
                return .failure(RequestError(CaseError(.missingField, path: "case", "the score command needs a \"case\" object"), req: req))
            }
            var explain = false
            if let e = object["explain"], !e.isNull {
                guard let b = e.boolValue else {
                    return .failure(RequestError(CaseError(.invalidType, path: "explain", "explain must be true or false, not \(e.typeName)"), req: req))
                }
                explain = b
            }
            return .success(.score(case: c, explain: explain, req: req))
        case "model": return .success(.model(req: req))
        case "stats": return .success(.stats(req: req))
        case "ping": return .success(.ping(req: req))
        default:
            return .failure(RequestError(CaseError(.unknownOp, path: "op", "unknown op '\(name.prefix(40))'; known: \(operations.joined(separator: ", "))"), req: req))
        }
    }
}

public struct RequestError: Error, Sendable {
    public var error: CaseError
    public var req: JSONValue?

    public init(_ error: CaseError, req: JSONValue?) {
        self.error = error
        self.req = req
    }
}

/// Counters behind `{"op":"stats"}`.
public struct ServiceStatistics: Sendable {
    public var linesRead = 0
    public var scored = 0
    public var rejected = 0
    public var rejectedByCode: [String: Int] = [:]
    public var commands = 0

    public init() {}

    public mutating func record(_ outcome: AnswerKind) {
        switch outcome {
        case .scored: scored += 1
        case .rejected(let code):
            rejected += 1
            rejectedByCode[code.rawValue, default: 0] += 1
        case .command: commands += 1
        }
    }

    public mutating func merge(_ o: ServiceStatistics) {
        linesRead += o.linesRead
        scored += o.scored
        rejected += o.rejected
        commands += o.commands
        for (k, v) in o.rejectedByCode { rejectedByCode[k, default: 0] += v }
    }
}

/// What kind of answer a line got (for statistics and summaries).
public enum AnswerKind: Sendable, Equatable {
    case scored
    case rejected(ErrorCode)
    case command
}

/// One answer: the bytes of one JSON line (without the newline) and what it was.
public struct Answer: Sendable {
    public var bytes: [UInt8]
    public var kind: AnswerKind

    public init(bytes: [UInt8], kind: AnswerKind) {
        self.bytes = bytes
        self.kind = kind
    }
}
