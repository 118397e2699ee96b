import Foundation

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
        "seula — screening, segmentation and service routing for adult social work",
        "",
        "USAGE: seula <command> [options]     (seula <command> --help for each)",
        "",
        "COMMANDS:",
    ]
    for c in commands {
        let name = c.names.joined(separator: " ")
        lines.append("  " + name.padding(toLength: 16, withPad: " ", startingAt: 0) + c.abstract)
    }
    lines += [
        "",
        "EXIT CODES: 0 ok, 1 failure, 64 usage error, 65 bad input data, 66 missing file.",
        "Criteria: models/seula-v1.json (until 2025-12-31) and models/seula-v2.json (from 2026-01-01); format: models/README.md. Protocol: docs/protocol.md.",
    ]
    return lines.joined(separator: "\n") + "\n"
}

@MainActor func main() -> Int32 {
    let args = Array(CommandLine.arguments.dropFirst())
    if args.isEmpty || args == ["--help"] || args == ["-h"] || args == ["help"] {
        Console.out(topLevelHelp())
        return args.isEmpty ? ExitCode.usage : ExitCode.ok
    }
    // The longest command name that matches the leading words.
    let match = commands
        .filter { args.count >= $0.names.count && Array(args.prefix($0.names.count)) == $0.names }
        .max { $0.names.count < $1.names.count }
    guard let command = match else {
        let group = commands.filter { $0.names.first == args[0] }
        if !group.isEmpty, args.count == 2, args[1] == "--help" || args[1] == "-h" {
            Console.out("USAGE: seula \(args[0]) <subcommand>\n\n" + group.map { "  \($0.names.joined(separator: " "))    \($0.abstract)" }.joined(separator: "\n") + "\n")
            return ExitCode.ok
        }
        if !group.isEmpty {
            Console.error("'\(args[0])' needs a subcommand: \(group.map { $0.names.joined(separator: " ") }.joined(separator: ", "))")
        } else {
            Console.error("unknown command '\(args[0])'. Run 'seula --help' for the list.")
        }
        return ExitCode.usage
    }
    var reader = ArgumentReader(Array(args.dropFirst(command.names.count)))
    if reader.wantsHelp {
        Console.out(command.help + "\n")
        return ExitCode.ok
    }
    do {
        let instance = try command.init(&reader)
        return instance.run()
    } catch {
        Console.error(error.message)
        Console.info("\n" + command.help)
        return ExitCode.usage
    }
}

exit(main())
