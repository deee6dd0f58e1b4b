//! The global allocator of the server and the CLI, shared with the benchmarks (through
//! `#[path]`) so they measure what the server runs: mimalloc, tuned to give memory back.
//!
//! Why mimalloc: an estimate writes a few thousand small strings (formulas, notes, rule
//! messages), and glibc's malloc and free took about a quarter of its time (`perf`, 500-connector
//! estate, 2026-12-01); with mimalloc the nine-option estimate went from ~270 µs to ~180 µs
//! and the read endpoints of `scripts/load.sh` served more requests per second.
//!
//! Why tuned: with its defaults mimalloc keeps freed pages for up to a second and commits
//! whole arenas up front, and the server ended the load test (`LOAD_DURATION=2s`, six copies
//! of the largest accepted scenario) at VmRSS 248 MiB, peak 298 MiB; glibc: 121 MiB, peak
//! 187 MiB. Committing on demand and purging after 10 ms ended it at 101 MiB, peak 188 MiB, and
//! the read endpoints served 10–25 % more requests per second than with glibc (the saves within
//! this machine's run-to-run noise). Purging at once (0 ms) kept the peak
//! at 166 MiB but made the scenario read slower than glibc's (~3,000 against ~4,600 requests/s:
//! its large buffers were handed back and faulted in again); 100 ms raised the peak to 218 MiB.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_e` values from mimalloc v3's `include/mimalloc.h` (`libmimalloc-sys` names only
/// some options): commit arenas up front, and how many milliseconds freed memory waits before
/// it is purged.
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Commit on demand and purge freed memory after 10 ms. Runs before `main` (see [`AT_LOAD`]):
/// the Rust runtime allocates before `main`, and mimalloc reserves its first arena with that
/// allocation, so setting the options in `main` came too late for the commit policy (the same
/// load test then ended at VmRSS 128 MiB, peak 221 MiB).
#[allow(
    unsafe_code,
    reason = "mimalloc's option setter is a C function with no safe wrapper; called once at load"
)]
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
extern "C" fn tune() {
    // SAFETY: `mi_option_set` only stores an integer in mimalloc's option table; both options
    // exist in the bundled mimalloc (v3) and accept these values. No allocation depends on their old values.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 10);
    }
}

/// [`tune`] as a load-time constructor: the dynamic loader runs `.init_array` entries before
/// the Rust runtime starts, so the options are set before the first allocation.
#[cfg(target_os = "linux")]
#[allow(
    unsafe_code,
    reason = "a load-time constructor is placed with an unsafe attribute"
)]
#[used]
#[unsafe(link_section = ".init_array")]
static AT_LOAD: extern "C" fn() = tune;
