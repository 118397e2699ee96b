#if canImport(Glibc)
import Glibc
#endif

/// A file read through `mmap` that another process truncates meanwhile raises SIGBUS on the
/// pages past its new end. Instead of dying of the signal, say what happened and exit 1 (only
/// async-signal-safe calls in the handler).
public enum TruncationGuard {
    public static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            let message: StaticString = "seula: the input file was cut short while it was read (SIGBUS on a mapped page); nothing is complete\n"
            _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
            _exit(1)
        }
        sigemptyset(&action.sa_mask)
        sigaction(SIGBUS, &action, nil)
    }
}
