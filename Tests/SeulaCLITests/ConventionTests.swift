import Foundation
import SeulaJSON
import XCTest

/// The command-line convention (issue 13) as a user meets it, spawning the binary: help
/// generated from each command's declarations, one name for one thing, `-` for stdin/stdout,
/// `--`, `--version`, one-line usage errors with "did you mean", write errors that never crash
/// and never look like success.
final class ConventionTests: XCTestCase {
    /// A labelled caseload without hetus (no pseudonym key needed), its decisions, and a
    /// scratch directory; made once for the class.
    nonisolated(unsafe) static var scratch: URL!
    nonisolated(unsafe) static var labelled: String!
    nonisolated(unsafe) static var decisions: String!
    static let v1 = packageRoot.appendingPathComponent("models/seula-v1.json").path
    static let v2 = packageRoot.appendingPathComponent("models/seula-v2.json").path

    override class func setUp() {
        super.setUp()
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("seula-conventions-\(getpid())")
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        labelled = scratch.appendingPathComponent("labelled.jsonl").path
        decisions = scratch.appendingPathComponent("decisions.jsonl").path
        _ = try? runSeula(["generate", "--n", "300", "--seed", "4", "--labels", "--hetu-rate", "0", "-o", labelled])
        _ = try? runSeula(["score", labelled, "-o", decisions])
    }

    override class func tearDown() {
        try? FileManager.default.removeItem(at: scratch)
        super.tearDown()
    }

    var labelled: String { Self.labelled }
    var decisions: String { Self.decisions }

    func bytes(_ path: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path) ?? Data()) }

    /// Where a spawned command's stdout goes.
    enum Sink { case pipe, file(String), closedPipe }

    /// Runs seula with `input` on stdin and stdout to `sink`, in `directory`.
    func run(_ arguments: [String], input: [UInt8] = [], stdout sink: Sink = .pipe,
             in directory: URL = packageRoot) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: seulaBinary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["SEULA_PSEUDONYM_KEY"] = nil
        env["SEULA_PROGRESS"] = "0"
        process.environment = env
        process.currentDirectoryURL = directory
        let stdin = Pipe(), stdoutPipe = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardError = stderr
        var parentCopy: FileHandle? = nil
        switch sink {
        case .pipe:
            process.standardOutput = stdoutPipe
        case .file(let path):
            let h = try XCTUnwrap(FileHandle(forWritingAtPath: path))
            process.standardOutput = h
            parentCopy = h
        case .closedPipe:
            // A pipe whose reader has already gone: the first write gets EPIPE.
            var fds: [Int32] = [0, 0]
            XCTAssertEqual(pipe(&fds), 0)
            close(fds[0])
            let h = FileHandle(fileDescriptor: fds[1], closeOnDealloc: true)
            process.standardOutput = h
            parentCopy = h
        }
        try process.run()
        try? parentCopy?.close()
        let writer = Thread {
            _ = Glibc.signal(SIGPIPE, SIG_IGN)
            let fd = stdin.fileHandleForWriting.fileDescriptor
            var offset = 0
            while offset < input.count {
                let n = input.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
                if n <= 0 { if errno == EINTR { continue }; break }
                offset += n
            }
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let err = Collector()
        Thread { err.set(stderr.fileHandleForReading.readDataToEndOfFile()) }.start()
        var out = Data()
        if case .pipe = sink { out = stdoutPipe.fileHandleForReading.readDataToEndOfFile() }
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning {
            if Date() > deadline { process.terminate(); XCTFail("\(arguments) did not finish"); break }
            usleep(10_000)
        }
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err.wait(), as: UTF8.self))
    }

    /// Every command, as words, from the top-level help.
    func commandNames() throws -> [[String]] {
        let top = try run(["--help"])
        XCTAssertEqual(top.status, 0)
        let names = top.out.split(separator: "\n", omittingEmptySubsequences: false).drop { !$0.hasPrefix("COMMANDS") }.dropFirst()
            .prefix { !$0.isEmpty }.map { $0.trimmingCharacters(in: .whitespaces).components(separatedBy: "  ")[0] }
        return names.map { $0.split(separator: " ").map(String.init) }
    }

    /// The long option names a help text lists under OPTIONS.
    func listedOptions(_ help: String) -> [String] {
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).drop { $0 != "OPTIONS:" }.dropFirst()
        var names: [String] = []
        for line in lines {
            guard line.hasPrefix("  -") || line.hasPrefix("      --") else { continue }
            let words = line.split(separator: " ")
            if let long = words.first(where: { $0.hasPrefix("--") }) { names.append(String(long)) }
        }
        return names
    }

    /// `--help` on every command exits 0 and lists options; each listed option is one the
    /// parser knows: misspelt, it is refused with exit 64 and a "did you mean" naming exactly it.
    func testEveryCommandsHelpListsTheOptionsItsParserTakes() throws {
        let commands = try commandNames()
        XCTAssertEqual(Set(commands.map { $0.joined(separator: " ") }),
                       ["serve", "score", "explain", "model check", "summarize", "bench core", "bench stages", "generate", "evaluate", "tune", "diff", "fit", "instrument",
                        "audit verify", "audit head", "audit replay", "audit show"])
        for command in commands {
            let help = try run(command + ["--help"])
            XCTAssertEqual(help.status, 0, "\(command)")
            XCTAssertTrue(help.out.hasPrefix("OVERVIEW: "), "\(command)")
            XCTAssertTrue(help.out.contains("USAGE: seula \(command.joined(separator: " "))"), help.out)
            let options = listedOptions(help.out)
            XCTAssertTrue(options.contains("--help") && options.contains("--version"), "\(command): \(options)")
            for option in options where option != "--help" && option != "--version" {
                // Two neighbouring letters swapped (the first pair that differs), or one added.
                var core = Array(option.dropFirst(2))
                if let i = core.indices.dropLast().first(where: { $0 > 0 && core[$0] != core[$0 + 1] && core[$0] != "-" && core[$0 + 1] != "-" }) {
                    core.swapAt(i, i + 1)
                } else {
                    core.append("x")
                }
                let typo = "--" + String(core)
                let r = try run(command + [typo])
                XCTAssertEqual(r.status, 64, "\(command) \(typo)")
                XCTAssertTrue(r.err.contains("unknown option '\(typo)'; did you mean '\(option)'?"), "\(command) \(typo): \(r.err)")
            }
            // -h is --help, and help wins over everything else on the line.
            let short = try run(command + ["-h", "--no-such-thing"])
            XCTAssertEqual(short.status, 0, "\(command) -h")
            XCTAssertEqual(short.out, help.out)
        }
    }

    /// The same thing has the same name in every command that has it.
    func testTheSameNameForTheSameThingEverywhere() throws {
        var byCommand: [String: [String]] = [:]
        for command in try commandNames() {
            byCommand[command.joined(separator: " ")] = listedOptions(try run(command + ["--help"]).out)
        }
        for writer in ["score", "generate", "tune", "fit"] {
            XCTAssertTrue(byCommand[writer]!.contains("--output"), writer)
            let help = try run([writer, "--help"]).out
            XCTAssertTrue(help.contains("-o, --output"), "\(writer) has -o")
        }
        for reader in ["score", "generate", "evaluate", "tune", "diff", "fit", "instrument"] {
            XCTAssertTrue(byCommand[reader]!.contains("--format"), reader)
        }
        for (command, options) in byCommand {
            for old in ["--out", "--input-format", "--output-format", "--models", "--language"] {
                XCTAssertFalse(options.contains(old), "\(command) still has \(old)")
            }
        }
        for reporter in ["evaluate", "tune", "diff", "fit", "instrument"] {
            XCTAssertTrue(byCommand[reporter]!.contains("--json") && byCommand[reporter]!.contains("--lang"), reporter)
        }
        // The old spellings are refused with the new name suggested.
        let out = try run(["tune", labelled, "--objective", "kappa", "--out", "x.json"])
        XCTAssertEqual(out.status, 64)
        XCTAssertTrue(out.err.contains("did you mean '--output'?"), out.err)
        let format = try run(["score", labelled, "--input-format", "csv"])
        XCTAssertEqual(format.status, 64)
        XCTAssertTrue(format.err.contains("did you mean '--format'?"), format.err)
        let outputFormat = try run(["score", labelled, "--output-format", "csv"])
        XCTAssertEqual(outputFormat.status, 64)
        XCTAssertTrue(outputFormat.err.contains("did you mean '--csv'?"), outputFormat.err)
    }

    /// A typo in a command and in an option: one line with the suggestion, then the pointer to
    /// the help; exit 64; nothing on stdout.
    func testTyposGetOneLineAndADidYouMean() throws {
        let cases: [([String], String, String)] = [
            (["scroe", labelled], "seula: unknown command 'scroe'; did you mean 'score'?", "see `seula --help`"),
            (["evalute"], "seula: unknown command 'evalute'; did you mean 'evaluate'?", "see `seula --help`"),
            (["score", labelled, "--ouput", "x"], "seula score: unknown option '--ouput'; did you mean '--output'?", "see `seula score --help`"),
            (["model", "chek", Self.v2], "seula model: unknown subcommand 'chek'; did you mean 'seula model check'?", "see `seula model --help`"),
            (["score"], "seula score: missing IN: the caseload: JSON lines or CSV (- is stdin)", "see `seula score --help`"),
            (["serve", "--max-line-bytes", "many"], "seula serve: --max-line-bytes needs a whole number ≥ 16, not 'many'", "see `seula serve --help`"),
            (["explain", "--lang", "de", "-"], "seula explain: --lang must be fi, sv or en, not 'de'", "see `seula explain --help`"),
        ]
        for (arguments, first, second) in cases {
            let r = try run(arguments)
            XCTAssertEqual(r.status, 64, "\(arguments)")
            XCTAssertEqual(r.out, "", "\(arguments)")
            let lines = r.err.split(separator: "\n").map(String.init)
            XCTAssertEqual(lines.count, 2, "\(arguments): \(r.err)")
            // The reason's wording may grow; its start and the pointer are fixed.
            XCTAssertTrue(lines.first?.hasPrefix(String(first.prefix(while: { $0 != ":" }))) == true, "\(arguments): \(r.err)")
            if first.contains("did you mean") { XCTAssertEqual(lines.first, first) }
            XCTAssertEqual(lines.last, second, "\(arguments)")
        }
    }

    func testVersion() throws {
        let top = try run(["--version"])
        XCTAssertEqual(top.status, 0)
        let lines = top.out.split(separator: "\n").map(String.init)
        XCTAssertNotNil(lines.first?.range(of: #"^seula \d+\.\d+\.\d+$"#, options: .regularExpression), top.out)
        XCTAssertTrue(top.out.contains("build: "), top.out)
        XCTAssertTrue(top.out.contains("seula-default 1.0.1") && top.out.contains("seula-default 2.0.0"), top.out)
        // On every command, alone.
        let score = try run(["score", "--version"])
        XCTAssertEqual(score.status, 0)
        XCTAssertEqual(score.out, top.out)
        // With other arguments it is a mistake (the criteria version is --new-version).
        let tune = try run(["tune", labelled, "--objective", "kappa", "--version", "2.3.0"])
        XCTAssertEqual(tune.status, 64)
        XCTAssertTrue(tune.err.contains("did you mean '--new-version'?"), tune.err)
    }

    /// `-` is stdin for every input and stdout for every output; `--` ends the options.
    func testDashIsStdinAndStdoutForEveryCommand() throws {
        let cases = bytes(labelled)
        let oneCase = Array(cases.prefix { $0 != 0x0A })
        let v2 = bytes(Self.v2)
        let grid = ["--coping-grid", "38:42:1", "--risk-grid", "33:37:1", "--bootstrap", "0"]
        let runs: [(args: [String], input: [UInt8], expect: String)] = [
            (["score", "-", "-o", "-"], cases, "\"segment\""),
            (["score", "-", "-o", "-", "--csv", "comma"], cases, "id,ok,segment"),
            (["score", labelled, "--model", "-", "-o", "-"], v2, "\"version\":\"2.0.0\""),
            (["explain", "-"], oneCase, "segment"),
            (["explain", "--json", "-"], oneCase, "\"trace\""),
            (["model", "check", "-"], v2, "-: ok"),
            (["summarize", "-"], bytes(decisions), "300 answers"),
            (["generate", "--n", "3", "--seed", "1", "-o", "-"], [], "\"id\":\"syn-1\""),
            (["evaluate", "-", "--bootstrap", "0"], cases, "on stdin"),
            (["evaluate", labelled, "--bootstrap", "0", "--report", "-"], [], "<!DOCTYPE html>"),
            (["tune", "-", "--objective", "kappa", "-o", "-"] + grid, cases, "\"format\": \"seula-criteria/2\""),
            (["fit", "-", "--target", "outcome_12m", "-o", "-"], cases, "\"format\": \"seula-criteria/2\""),
            (["diff", Self.v1, "-", labelled], v2, "seula-default 2.0.0"),
            (["diff", Self.v1, Self.v2, "-"], cases, "cases compared"),
            (["instrument", "-"], cases, "on stdin"),
            (["bench", "core", "-", "--repeat", "1"], cases, ""),
            (["bench", "stages", "-", "--repeat", "1", "--limit", "50"], cases, "| stage |"),
            (["serve"], oneCase + [0x0A], "\"segment\""),
        ]
        for r in runs {
            let result = try run(r.args, input: r.input)
            XCTAssertEqual(result.status, 0, "\(r.args): \(result.err)")
            if !r.expect.isEmpty { XCTAssertTrue(result.out.contains(r.expect), "\(r.args):\n\(result.out.prefix(400))") }
            XCTAssertFalse(FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent("-").path), "\(r.args) made a file named -")
        }
        // Only one input can be stdin.
        let two = try run(["diff", "-", "-", labelled])
        XCTAssertEqual(two.status, 64)
        XCTAssertTrue(two.err.contains("only one input can be stdin"), two.err)

        // `--` ends the options: a file whose name starts with `-`.
        let dir = Self.scratch!
        try Data(oneCase + [0x0A]).write(to: dir.appendingPathComponent("-case.jsonl"))
        let dashed = try run(["score", "--today", "2026-03-01", "--", "-case.jsonl"], in: dir)
        XCTAssertEqual(dashed.status, 0, dashed.err)
        XCTAssertTrue(dashed.out.contains("\"segment\""), dashed.out)
        let without = try run(["score", "-case.jsonl"], in: dir)
        XCTAssertEqual(without.status, 64, "without -- it is an option")
    }

    /// The commands as a user runs them, each against a full disk and against a reader that has
    /// gone: a clear message and exit 1 for the one, a quiet exit 0 for the other; never a crash.
    func testEveryCommandAgainstAFullDiskAndAClosedPipe() throws {
        let cases = bytes(labelled)
        let oneCase = Array(cases.prefix { $0 != 0x0A }) + [0x0A]
        let grid = ["--coping-grid", "38:42:1", "--risk-grid", "33:37:1", "--bootstrap", "0"]
        let runs: [(args: [String], input: [UInt8])] = [
            (["serve"], cases),
            (["serve", "--no-supervisor"], cases),
            (["score", "-"], cases),
            (["score", labelled, "--csv", "excel"], []),
            (["explain", "-"], oneCase),
            (["model", "check", Self.v1, Self.v2], []),
            (["summarize", decisions], []),
            (["generate", "--n", "500", "--seed", "2"], []),
            (["evaluate", labelled, "--bootstrap", "20"], []),
            (["tune", labelled, "--objective", "kappa", "--no-write"] + grid, []),
            (["tune", labelled, "--objective", "kappa", "-o", "-"] + grid, []),
            (["diff", Self.v1, Self.v2, labelled], []),
            (["fit", labelled, "--target", "outcome_12m", "--no-write"], []),
            (["instrument", labelled], []),
            (["bench", "stages", labelled, "--repeat", "1", "--limit", "50"], []),
            (["--version"], []),
            (["--help"], []),
            (["evaluate", "--help"], []),
        ]
        for r in runs {
            let full = try run(r.args, input: r.input, stdout: .file("/dev/full"))
            XCTAssertEqual(full.status, 1, "\(r.args) > /dev/full: \(full.err)")
            XCTAssertTrue(full.err.contains("cannot write to stdout: No space left on device"), "\(r.args) > /dev/full: \(full.err)")
            XCTAssertFalse(full.err.contains("Fatal error") || full.err.contains("Backtrace") || full.err.contains("Crash"), "\(r.args): \(full.err)")

            let gone = try run(r.args, input: r.input, stdout: .closedPipe)
            XCTAssertEqual(gone.status, 0, "\(r.args) | (closed): \(gone.err)")
            XCTAssertFalse(gone.err.contains("cannot write"), "\(r.args): \(gone.err)")
            XCTAssertFalse(gone.err.contains("Fatal error") || gone.err.contains("Backtrace"), "\(r.args): \(gone.err)")
        }
        // A named output on a full disk names the file, and a file that exists keeps what it had.
        let grid2 = ["--coping-grid", "38:42:1", "--risk-grid", "33:37:1", "--bootstrap", "0"]
        for args in [["score", labelled, "-o", "/dev/full"], ["generate", "--n", "50", "--seed", "1", "-o", "/dev/full"],
                     ["evaluate", labelled, "--bootstrap", "0", "--report", "/dev/full"],
                     ["tune", labelled, "--objective", "kappa", "-o", "/dev/full"] + grid2] {
            let r = try run(args)
            XCTAssertEqual(r.status, 1, "\(args): \(r.err)")
            XCTAssertTrue(r.err.contains("cannot write to /dev/full: No space left on device"), "\(args): \(r.err)")
        }
    }

    /// Every command line the README and the documents show uses options its command declares,
    /// and every repository file they name exists (so the examples run from a clone).
    func testTheDocumentedExamplesUseDeclaredOptionsAndFilesThatExist() throws {
        var helps: [String: [String]] = [:]
        let commands = try commandNames()
        // Commands of two words (`model check`, `bench core`, `audit verify`): their first words.
        let groups = Set(commands.filter { $0.count > 1 }.map { $0[0] })
        for command in commands {
            let help = try run(command + ["--help"]).out
            helps[command.joined(separator: " ")] = listedOptions(help) + (help.contains("-o, --output") ? ["-o"] : [])
        }
        var checked = 0
        for doc in ["README.md", "docs/README.md", "docs/protocol.md", "docs/case-input.md", "models/README.md"] {
            let text = try String(contentsOf: packageRoot.appendingPathComponent(doc), encoding: .utf8)
            for line in text.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard line.hasPrefix("$ seula ") || line.hasPrefix("seula ") else { continue }
                let words = line.drop(while: { $0 == "$" || $0 == " " }).split(separator: " ").map(String.init)
                guard words.count > 1, !words[1].hasSuffix(":"), words[1] != "=" else { continue }   // output or code, not a command
                if words[1].hasPrefix("-") { continue }                               // seula --version
                let name = groups.contains(words[1]) && words.count > 2 ? "\(words[1]) \(words[2])" : words[1]
                guard let options = helps[name] else {
                    if name != "scroe" { XCTFail("\(doc): '\(line)' names no command") }
                    continue
                }
                for word in words.dropFirst(2) {
                    if word == "|" || word == "#" { break }
                    guard word.hasPrefix("-"), word != "-", word != "--" else { continue }
                    let option = String(word.prefix { $0 != "=" })
                    if option == "--ouput" { continue }   // the typo the README shows on purpose
                    XCTAssertTrue(options.contains(option), "\(doc): '\(line)': \(name) has no \(option)")
                }
                checked += 1
            }
            let pattern = try NSRegularExpression(pattern: #"(?<![\w/.-])(models|docs|Tests|contrib|benchmarks)/[A-Za-z0-9_./-]*[A-Za-z0-9_]"#)
            for m in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let path = String(text[Range(m.range, in: text)!])
                let base = doc.contains("/") ? packageRoot.appendingPathComponent(String(doc.prefix { $0 != "/" })) : packageRoot
                let exists = FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent(path).path)
                    || FileManager.default.fileExists(atPath: base.appendingPathComponent(path).path)
                XCTAssertTrue(exists, "\(doc) names \(path), which is not in the repository")
            }
        }
        XCTAssertGreaterThan(checked, 15)
    }

    /// `score` exits 65 when not a single row could be decided (and still answers every row).
    func testScoreExits65WhenNothingCouldBeDecided() throws {
        let r = try run(["score", "-"], input: Array("{\"id\":\"a\",\"age\":\"old\"}\nnot json\n".utf8))
        XCTAssertEqual(r.status, 65, r.err)
        XCTAssertEqual(r.out.split(separator: "\n").count, 2)
        XCTAssertTrue(r.err.contains("not a single record could be decided"), r.err)
        let one = try run(["score", "-"], input: Array("{\"id\":\"a\",\"age\":\"old\"}\n{\"id\":\"b\",\"age\":40}\n".utf8))
        XCTAssertEqual(one.status, 0, one.err)
    }

    /// `--fields` is checked before anything is read or written: an unknown field is a usage
    /// error with the nearest field suggested, and no output file appears.
    func testBadFieldsExit64WithASuggestion() throws {
        let out = Self.scratch.appendingPathComponent("fields.csv").path
        let r = try run(["score", labelled, "-o", out, "--fields", "id,segmnt,services"])
        XCTAssertEqual(r.status, 64)
        XCTAssertEqual(r.err.split(separator: "\n").first.map(String.init),
                       "seula score: --fields: unknown field 'segmnt'; did you mean 'segment'? (see the list in --help)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        let noCSV = try run(["score", labelled, "--fields", "id"])
        XCTAssertEqual(noCSV.status, 64, "--fields without CSV output")
        let ok = try run(["score", labelled, "-o", "-", "--csv", "comma", "--fields", "id, segment ,outcome"])
        XCTAssertEqual(ok.status, 0, ok.err)
        XCTAssertTrue(ok.out.hasPrefix("id,segment,outcome\n"), String(ok.out.prefix(80)))
    }

    /// JSON that is not JSON lines gets one hint; a byte-order mark on line 1 is skipped.
    func testJSONArrayHintAndByteOrderMark() throws {
        let array = Array("[\n{\"id\":\"a\",\"age\":30},\n{\"id\":\"b\",\"age\":40}\n]\n".utf8)
        for command in [["score", "-"], ["evaluate", "-"]] {
            let r = try run(command, input: array)
            let hints = r.err.components(separatedBy: "this looks like a JSON array").count - 1
            XCTAssertEqual(hints, 1, "\(command): \(r.err)")
            XCTAssertTrue(r.err.contains("jq -c '.[]'"), r.err)
        }
        let pretty = try run(["score", "-"], input: Array("{\n  \"id\": \"a\",\n  \"age\": 30\n}\n".utf8))
        XCTAssertTrue(pretty.err.contains("pretty-printed JSON"), pretty.err)
        XCTAssertEqual(pretty.status, 65)

        let plain = Array("{\"id\":\"a\",\"age\":30,\"assessed_on\":\"2026-02-01\"}\n{\"id\":\"b\",\"age\":40,\"assessed_on\":\"2026-02-01\"}\n".utf8)
        let withMark = [0xEF, 0xBB, 0xBF] + plain
        let a = try run(["score", "-"], input: plain), b = try run(["score", "-"], input: withMark)
        XCTAssertEqual(b.status, 0, b.err)
        XCTAssertEqual(a.out, b.out)
        XCTAssertFalse(b.out.contains("\"ok\":false"), b.out)
        XCTAssertFalse(b.err.contains("JSON array"), b.err)
    }

    /// The evaluators' input: `label.outcome_12m` true/false is 1/0; a `--reference` group that
    /// does not exist is a usage error naming the groups that do.
    func testEvaluatorsTakeBooleanLabelsAndNameTheReferenceGroups() throws {
        let text = String(decoding: bytes(labelled), as: UTF8.self)
        XCTAssertTrue(text.contains("\"outcome_12m\":1"))
        let booleans = Self.scratch.appendingPathComponent("booleans.jsonl").path
        try text.replacingOccurrences(of: "\"outcome_12m\":1", with: "\"outcome_12m\":true")
            .replacingOccurrences(of: "\"outcome_12m\":0", with: "\"outcome_12m\":false")
            .write(toFile: booleans, atomically: true, encoding: .utf8)
        let numbers = try run(["fit", labelled, "--target", "outcome_12m", "--no-write", "--json"])
        let words = try run(["fit", booleans, "--target", "outcome_12m", "--no-write", "--json"])
        XCTAssertEqual(numbers.status, 0, numbers.err)
        XCTAssertEqual(words.status, 0, words.err)
        XCTAssertEqual(numbers.out, words.out, "the same fit from true/false as from 1/0")
        XCTAssertEqual(try JSONReader.parse(words.out.trimmingCharacters(in: .newlines))["rejected"]?.objectValue?.count, 0, "no row rejected")
        XCTAssertFalse(words.out.contains("invalid_label"), String(words.out.prefix(400)))

        let r = try run(["evaluate", labelled, "--bootstrap", "0", "--reference", "municipality=Atlantis"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.err.contains("no case has municipality 'Atlantis'") && r.err.contains("Helsinki ("), r.err)
        let attribute = try run(["evaluate", labelled, "--bootstrap", "0", "--reference", "planet=Mars"])
        XCTAssertEqual(attribute.status, 64)
        XCTAssertTrue(attribute.err.contains("there is no attribute 'planet'") && attribute.err.contains("municipality"), attribute.err)
    }
}
