import Foundation
import SeulaService

/// `seula`: argument handling and wiring only; the work is in SeulaCore and SeulaService.
let commands: [any Command.Type] = [
    ServeCommand.self,
    ScoreCommand.self,
    ExplainCommand.self,
    ModelCheckCommand.self,
    SummarizeCommand.self,
    BenchCoreCommand.self,
    BenchStagesCommand.self,
    GenerateCommand.self,
    EvaluateCommand.self,
    TuneCommand.self,
    DiffCommand.self,
    FitCommand.self,
    InstrumentCommand.self,
    AuditVerifyCommand.self,
    AuditHeadCommand.self,
    AuditReplayCommand.self,
    AuditShowCommand.self,
]

@MainActor func topLevelHelp() -> String {
    var lines = [
        "OVERVIEW: seula — screening, segmentation and service routing for adult social work",
        "",
        "USAGE: seula COMMAND [options]     (seula COMMAND --help for each)",
        "",
        "COMMANDS:",
    ]
    for c in commands {
        let name = c.spec.names.joined(separator: " ")
        lines.append("  " + name.padding(toLength: 16, withPad: " ", startingAt: 0) + c.spec.abstract)
    }
    lines += [
        "",
        "OPTIONS:",
        "  -h, --help      show this help",
        "  --version       print the version, the bundled criteria versions and the build",
        "",
        "Every command takes -o/--output, --format, --model, --json, --report and --lang where they apply, with the",
        "same meaning; - is stdin or stdout for every file argument; -- ends the options.",
        "",
        "EXIT CODES: 0 ok, 1 failure (such as a failed write), 64 usage error, 65 bad input data, 66 missing file.",
        "Criteria: \(ModelFile.defaultDirectory())/seula-v1.json (until 2025-12-31) and seula-v2.json (from 2026-01-01);",
        "format: models/README.md. Protocol and command line: docs/protocol.md.",
    ]
    return lines.joined(separator: "\n") + "\n"
}

/// Runs the command line; the exit status.
@MainActor func dispatch(_ args: [String]) -> Int32 {
    if args.isEmpty {
        Output.standardError.write(topLevelHelp())
        return ExitCode.usage
    }
    if args == ["--help"] || args == ["-h"] || args == ["help"] {
        Console.out(topLevelHelp())
        return ExitCode.ok
    }
    if args.count > 1, args[0] == "help" {
        return dispatch(Array(args.dropFirst()) + ["--help"])
    }
    if args == ["--version"] {
        Console.out(SeulaVersion.text())
        return ExitCode.ok
    }
    // The longest command name that matches the leading words.
    let match = commands
        .filter { args.count >= $0.spec.names.count && Array(args.prefix($0.spec.names.count)) == $0.spec.names }
        .max { $0.spec.names.count < $1.spec.names.count }
    guard let command = match else {
        let group = commands.filter { $0.spec.names.count > 1 && $0.spec.names.first == args[0] }
        let groupHelp = "USAGE: seula \(args[0]) SUBCOMMAND [options]\n\nSUBCOMMANDS:\n"
            + group.map { "  " + $0.spec.names.joined(separator: " ").padding(toLength: 16, withPad: " ", startingAt: 0) + $0.spec.abstract }.joined(separator: "\n") + "\n"
        if !group.isEmpty, args.count == 2, args[1] == "--help" || args[1] == "-h" {
            Console.out(groupHelp)
            return ExitCode.ok
        }
        if !group.isEmpty {
            let subcommands = group.map { $0.spec.names.dropFirst().joined(separator: " ") }
            let message: String
            if args.count > 1, !args[1].hasPrefix("-") {
                message = "unknown subcommand '\(args[1])'" + (Suggestion.closest(args[1], among: subcommands).map { "; did you mean 'seula \(args[0]) \($0)'?" } ?? "")
            } else {
                message = "needs a subcommand: " + group.map { $0.spec.names.joined(separator: " ") }.joined(separator: ", ")
            }
            Output.standardError.write("seula \(args[0]): \(message)\nsee `seula \(args[0]) --help`\n")
            return ExitCode.usage
        }
        let names = Array(Set(commands.map { $0.spec.names[0] })).sorted() + ["help"]
        let hint = args[0].hasPrefix("-") ? "unknown option '\(args[0])'" + Suggestion.didYouMean(args[0], among: ["--help", "--version"])
                                          : "unknown command '\(args[0])'" + Suggestion.didYouMean(args[0], among: names)
        Output.standardError.write("seula: \(hint)\nsee `seula --help`\n")
        return ExitCode.usage
    }
    let spec = command.spec
    let parsed: ParsedArguments
    do {
        parsed = try ParsedArguments(Array(args.dropFirst(spec.names.count)), spec: spec)
    } catch {
        return Console.usage(spec, error.message)
    }
    if parsed.wantsHelp {
        Console.out(spec.help)
        return ExitCode.ok
    }
    if parsed.wantsVersion {
        Console.out(SeulaVersion.text())
        return ExitCode.ok
    }
    do {
        let instance = try command.init(parsed)
        return instance.run()
    } catch {
        return Console.usage(spec, error.message)
    }
}

@MainActor func main() -> Int32 {
    // A vanished reader shows up as EPIPE on a write (handled by `Output`), never as a signal.
    signal(SIGPIPE, SIG_IGN)
    var status = dispatch(Array(CommandLine.arguments.dropFirst()))
    // Writes never fail silently: a failed write to stdout is reported and fails the run; the
    // reader going away (EPIPE) ends it quietly with the command's own status.
    if let failure = Output.standardOutput.failure {
        Console.error(failure)
        if status == ExitCode.ok { status = ExitCode.failure }
    }
    if Output.standardError.failure != nil, status == ExitCode.ok { status = ExitCode.failure }
    return status
}

exit(main())
