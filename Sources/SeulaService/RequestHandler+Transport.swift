import SeulaCore
import SeulaJSON
import SeulaTransport

/// What the transport (`SeulaTransport`: the pipeline, the supervisor) asks of the daemon
/// protocol: the answers it makes itself and the statistics behind `{"op":"stats"}`. Kept here,
/// beside the handler, so the transport never learns what a case or an error code is.
extension RequestHandler: TransportAnswers {
    public typealias Statistics = ServiceStatistics
    /// The `req` to echo (nil: none).
    public typealias StatsRequest = JSONValue?

    public static func statsAnswer(_ statistics: ServiceStatistics, uptimeSeconds: Double, request: JSONValue?) -> [UInt8] {
        statsBytes(statistics, uptime: uptimeSeconds, req: request)
    }

    /// A `stats` command line: the request's `req`, or nil when the line is anything else.
    /// Only short lines that mention "stats" are parsed.
    public static func statsRequest(_ line: UnsafeRawBufferPointer) -> JSONValue?? {
        guard line.count < 4096, contains(line, statsKey),
              let v = try? JSONReader.parse(line, maxDepth: 8), case .success(.stats(let req)) = Request.parse(v) else { return nil }
        return .some(req)
    }

    public static func lineTooLong(lineNumber: Int, limit: Int, prefix: UnsafeRawBufferPointer) -> [UInt8] {
        lineTooLong(lineNumber: lineNumber, limit: limit, id: scanForID(prefix)).bytes
    }

    public static func internalError(lineNumber: Int, line: UnsafeRawBufferPointer) -> [UInt8] {
        let e = CaseError(.internal, path: "", "an internal error ended the worker on this line; it is logged on stderr and the daemon went on")
        return ErrorRecordWriter.bytes(e, id: scanForID(line), line: lineNumber)
    }

    static let statsKey = Array("\"stats\"".utf8)

    static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        var i = 0
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0] {
                var k = 1
                while k < needle.count && haystack[i + k] == needle[k] { k += 1 }
                if k == needle.count { return true }
            }
            i += 1
        }
        return false
    }
}

extension ServiceStatistics: AnswerStatistics {
    /// Counts an answer by its first bytes: an error answer starts `{"error":{"code":"…"`, a
    /// decision record `{"counterfactual":`, anything else is a command's.
    public mutating func record(answer: UnsafeRawBufferPointer) {
        let errorPrefix = Array("{\"error\":{\"code\":\"".utf8)
        if answer.count > errorPrefix.count, errorPrefix.indices.allSatisfy({ answer[$0] == errorPrefix[$0] }) {
            var end = errorPrefix.count
            while end < answer.count, answer[end] != UInt8(ascii: "\"") { end += 1 }
            let code = String(decoding: UnsafeRawBufferPointer(rebasing: answer[errorPrefix.count..<end]), as: UTF8.self)
            rejected += 1
            rejectedByCode[code, default: 0] += 1
        } else if answer.starts(with: "{\"counterfactual\":".utf8) {
            scored += 1
        } else {
            commands += 1
        }
    }
}
