import SeulaCore
import SeulaJSON
import SeulaService

/// One non-blank input row: the case object with its `label` member taken out (so scoring
/// never sees it and `--strict` does not reject it), or why the row could not be read.
public struct CaseloadRow {
    /// 1-based line number; blank lines count (as in `seula serve`).
    public var line: Int
    public var content: Result<(object: JSONValue, label: JSONValue?), CaseError>
    /// The case id when the row has a string `id`, even if something else is wrong.
    public var recoveredID: String?
}

/// Splits a caseload (JSON lines or CSV) into rows, in input order.
public enum CaseloadRows {
    /// Calls `visit` for each non-blank row. CSV rows become the same JSON objects a JSON-lines
    /// client would send (`CaseCSVReader`), so both formats give the same decisions.
    ///
    /// Returns the problem when a CSV header cannot be read (the whole file is unusable).
    /// Complexity: O(bytes).
    /// `progress` counts the bytes read, a megabyte at a time.
    public static func forEach(_ bytes: [UInt8], format: CaseloadFormat, model: CriteriaModel, strict: Bool = false,
                               maxDepth: Int = 32, linesBefore: Int = 0, progress: RunProgress? = nil,
                               _ visit: (CaseloadRow) -> Void) -> CaseError? {
        var headerProblem: CaseError? = nil
        var csv: CaseCSVReader? = nil
        var sawHeader = false
        bytes.withUnsafeBytes { all in
            var splitter = LineSplitter(maxLineBytes: Int.max / 2, linesBefore: linesBefore)
            let handle = { (e: LineSplitter.Event) in
                guard headerProblem == nil, case .line(let number, let line) = e, !LineSplitter.isBlank(line) else { return }
                switch format {
                case .jsonl:
                    visit(jsonRow(line, number: number, maxDepth: maxDepth))
                case .csv:
                    guard let fields = CaseCSVReader.fields(line) else {
                        if !sawHeader {
                            headerProblem = CaseError(.invalidCSV, path: "", "line \(number): the CSV header has an unclosed quote")
                        } else {
                            visit(CaseloadRow(line: number, content: .failure(CaseError(.invalidCSV, path: "", "the CSV row has an unclosed quote")), recoveredID: nil))
                        }
                        return
                    }
                    if !sawHeader {
                        sawHeader = true
                        do throws(CaseError) {
                            csv = try CaseCSVReader(header: fields, model: model, strict: strict)
                        } catch {
                            headerProblem = error
                        }
                        return
                    }
                    visit(csvRow(fields, reader: csv!, number: number))
                }
            }
            let piece = 1 << 20
            var at = 0
            while at < all.count && headerProblem == nil {
                let end = min(all.count, at + piece)
                splitter.feed(UnsafeRawBufferPointer(rebasing: all[at..<end]), handle)
                progress?.add(end - at)
                at = end
            }
            splitter.finish(handle)
        }
        return headerProblem
    }

    static func jsonRow(_ line: UnsafeRawBufferPointer, number: Int, maxDepth: Int) -> CaseloadRow {
        let value: JSONValue
        do {
            value = try JSONReader.parse(line, maxDepth: maxDepth)
        } catch {
            return CaseloadRow(line: number, content: .failure(CaseError(.invalidJSON, path: "", "not valid JSON: \(error.message)")),
                               recoveredID: RequestHandler.scanForID(line))
        }
        return split(value, number: number)
    }

    static func csvRow(_ fields: [String], reader: CaseCSVReader, number: Int) -> CaseloadRow {
        switch reader.object(fields) {
        case .failure(let e):
            return CaseloadRow(line: number, content: .failure(e), recoveredID: nil)
        case .success(let value):
            return split(value, number: number)
        }
    }

    /// Takes the `label` member out of a case object.
    static func split(_ value: JSONValue, number: Int) -> CaseloadRow {
        let id = CaseValidator.recoverID(value)
        guard case .object(let o) = value else {
            return CaseloadRow(line: number, content: .failure(CaseError(.notAnObject, path: "", "a case must be a JSON object, not \(value.typeName)")), recoveredID: nil)
        }
        guard o.members.contains(where: { $0.key == "label" }) else {
            return CaseloadRow(line: number, content: .success((value, nil)), recoveredID: id)
        }
        let label = o["label"]
        let rest = JSONObject(o.members.filter { $0.key != "label" })
        return CaseloadRow(line: number, content: .success((.object(rest), label)), recoveredID: id)
    }
}
