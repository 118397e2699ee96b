import Foundation

/// Messages on stderr, filtered by level (`--log-level`). stdout carries answers only.
public final class Log: @unchecked Sendable {
    public enum Level: Int, Comparable, Sendable, CaseIterable {
        case error = 0, warning, info, debug
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
        public init?(name: String) {
            switch name {
            case "error": self = .error
            case "warning", "warn": self = .warning
            case "info": self = .info
            case "debug": self = .debug
            default: return nil
            }
        }
    }

    public let level: Level
    private let lock = NSLock()

    public init(level: Level) { self.level = level }

    public func callAsFunction(_ l: Level, _ message: @autoclosure () -> String) {
        guard l <= level else { return }
        let text = "seula: \(l == .error ? "error: " : l == .warning ? "warning: " : "")\(message())\n"
        lock.lock()
        defer { lock.unlock() }
        FileHandle.standardError.write(Data(text.utf8))
    }
}
