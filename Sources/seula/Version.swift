import Foundation
import SeulaCrypto
import SeulaService

/// What `seula --version` prints and the evaluators' report footers cite: the release number,
/// the build (configuration, platform, the executable's sha256) and the default criteria this
/// binary finds (`ModelFile.defaultPaths`: the working directory's `models/`, the package's or an
/// installation's `share/seula/models`, or `$SEULA_MODEL`).
enum SeulaVersion {
    /// The release number, changed by hand when a version is tagged.
    static let number = "0.9.0"

    static var configuration: String {
        #if DEBUG
        return "debug"
        #else
        return "release"
        #endif
    }

    static var platform: String {
        #if os(Linux)
        let os = "linux"
        #else
        let os = "unknown-os"
        #endif
        #if arch(x86_64)
        return os + " x86_64"
        #elseif arch(arm64)
        return os + " arm64"
        #else
        return os
        #endif
    }

    /// The first 16 hex digits of this executable's sha256 (identifies the build exactly).
    static var executableDigest: String? {
        guard let exe = FileManager.default.contents(atPath: "/proc/self/exe") else { return nil }
        return String(Digest.sha256Hex([UInt8](exe)).prefix(16))
    }

    /// `Seula 0.9.0 (release build, executable sha256 …)`, for report footers.
    static var buildLine: String {
        "Seula \(number) (\(configuration) build, \(platform)\(executableDigest.map { ", executable sha256 \($0)" } ?? ""))"
    }

    /// The whole `--version` text.
    static func text() -> String {
        var out = "seula \(number)\n"
        out += "build: \(configuration), \(platform)\(executableDigest.map { ", executable sha256 \($0)" } ?? "")\n"
        let paths = ModelFile.defaultPaths()
        out += "criteria loaded by default (\(ProcessInfo.processInfo.environment["SEULA_MODEL"].map { _ in "$SEULA_MODEL" } ?? ModelFile.defaultDirectory())):\n"
        for path in paths {
            do {
                let m = try ModelFile.load(path)
                let period = "in force from \(m.effectiveFrom)" + (m.effectiveTo.map { " to \($0)" } ?? "")
                out += "  \(m.id) \(m.version), \(period), sha256 \(m.sha256.prefix(12))…  \(path)\n"
            } catch {
                out += "  \(path): \(error.description.split(separator: "\n").first ?? "")\n"
            }
        }
        return out
    }
}
