import Foundation

/// Progress of a long run on a terminal: one line on stderr, redrawn four times a second
/// (`seula evaluate: reading cases  45 %  450 MB of 1.0 GB  0:12`), cleared when the run ends.
///
/// Off unless stderr is a terminal (and `TERM` is not `dumb`); `SEULA_PROGRESS=1` turns it on
/// anyway (for tests and logs), `SEULA_PROGRESS=0` off. Work is counted with `add` from any
/// thread (callers add in chunks, not per row); drawing happens on a timer thread, so the
/// counting threads never wait for the terminal.
public final class RunProgress: @unchecked Sendable {
    public enum Unit: Sendable { case bytes, items(String) }

    private let lock = NSLock()
    private let command: String
    private var phase = ""
    private var done = 0
    private var total = 0
    private var unit = Unit.bytes
    private var phaseStart = Date()
    private let started = Date()
    private var timer: DispatchSourceTimer?
    private var lastLength = 0
    private let write: @Sendable (String) -> Void
    public let isEnabled: Bool

    /// - Parameters:
    ///   - command: shown first (`seula evaluate`).
    ///   - enabled: nil decides from the environment and the terminal.
    public init(command: String, enabled: Bool? = nil, write: (@Sendable (String) -> Void)? = nil) {
        self.command = command
        self.isEnabled = enabled ?? Self.wanted()
        self.write = write ?? { s in FileHandle.standardError.write(Data(s.utf8)) }
        guard isEnabled else { return }
        let t = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        t.schedule(deadline: .now() + .milliseconds(250), repeating: .milliseconds(250))
        t.setEventHandler { [weak self] in self?.draw() }
        t.resume()
        timer = t
    }

    deinit { timer?.cancel() }

    /// Whether progress should be shown: `SEULA_PROGRESS`, else stderr is a terminal.
    public static func wanted() -> Bool {
        let env = ProcessInfo.processInfo.environment
        if let v = env["SEULA_PROGRESS"] { return v == "1" || v == "always" || v == "yes" }
        return isatty(2) != 0 && env["TERM"] != "dumb"
    }

    /// Starts a new phase (`reading cases`, `bootstrap`, …) of `total` units (0: unknown).
    public func begin(_ phase: String, total: Int, unit: Unit) {
        guard isEnabled else { return }
        lock.lock()
        self.phase = phase
        self.total = total
        self.unit = unit
        done = 0
        phaseStart = Date()
        lock.unlock()
        draw()
    }

    /// Counts `n` more units of the current phase.
    public func add(_ n: Int) {
        guard isEnabled, n != 0 else { return }
        lock.lock()
        done += n
        lock.unlock()
    }

    /// Clears the line; nothing is drawn after this.
    public func finish() {
        guard isEnabled else { return }
        timer?.cancel()
        timer = nil
        lock.lock()
        let clear = lastLength > 0
        lastLength = 0
        phase = ""
        lock.unlock()
        if clear { write("\r\u{1B}[K") }
    }

    /// The line as it would be drawn now (also used by the tests).
    public func line() -> String {
        lock.lock()
        defer { lock.unlock() }
        return render(done: done, total: total)
    }

    private func draw() {
        lock.lock()
        guard !phase.isEmpty else { lock.unlock(); return }
        let text = render(done: done, total: total)
        lastLength = text.count
        lock.unlock()
        write("\r\u{1B}[K" + text)
    }

    private func render(done: Int, total: Int) -> String {
        var s = "\(command): \(phase)"
        if total > 0 {
            let share = min(1, Double(done) / Double(total))
            s += "  \(Int((share * 100).rounded(.down))) %"
        }
        switch unit {
        case .bytes: s += "  " + Self.bytes(done) + (total > 0 ? " of " + Self.bytes(total) : "")
        case .items(let name): if total > 0 || done > 0 { s += "  \(done)" + (total > 0 ? " of \(total)" : "") + " \(name)" }
        }
        let elapsed = Int(Date().timeIntervalSince(started))
        s += "  \(elapsed / 60):" + (elapsed % 60 < 10 ? "0" : "") + "\(elapsed % 60)"
        return s
    }

    static func bytes(_ n: Int) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var v = Double(n), k = 0
        while v >= 1000, k < units.count - 1 { v /= 1000; k += 1 }
        return (k == 0 ? String(n) : String(format: v < 10 ? "%.1f" : "%.0f", v)) + " " + units[k]
    }
}
