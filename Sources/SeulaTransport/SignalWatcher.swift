#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Turns SIGTERM, SIGINT and SIGHUP into calls on a dedicated thread (`sigwait`), so the
/// handlers may take locks and load files; SIGPIPE is ignored so a vanished reader shows up as
/// EPIPE on write (then the daemon exits quietly).
///
/// Call `install` before starting any other thread: the signals are blocked in the calling
/// thread and every thread it creates afterwards inherits the mask.
public enum SignalWatcher {
    public static func install(onStop: @escaping @Sendable (Int32) -> Void, onReload: @escaping @Sendable () -> Void) {
        signal(SIGPIPE, SIG_IGN)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGHUP)
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let blocked = set
        let thread = Thread {
            var waitSet = blocked
            while true {
                var signo: Int32 = 0
                guard sigwait(&waitSet, &signo) == 0 else { continue }
                if signo == SIGHUP { onReload() } else { onStop(signo) }
            }
        }
        thread.name = "seula-signals"
        thread.start()
    }
}
