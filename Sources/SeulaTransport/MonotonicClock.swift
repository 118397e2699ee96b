#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Elapsed time for uptime, rates and progress: `CLOCK_MONOTONIC`, which a change of the
/// wall clock (NTP, an administrator) never moves backwards.
public enum MonotonicClock {
    public static func now() -> timespec {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return t
    }

    public static func seconds(since t: timespec) -> Double {
        let n = now()
        return Double(n.tv_sec - t.tv_sec) + Double(n.tv_nsec - t.tv_nsec) / 1e9
    }
}
