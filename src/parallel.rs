//! Work for a second core, given to threads that are already running.
//!
//! Measured on a 2-vCPU Linux VM (see `scripts/bench-diff.sh` and issue 5's notes): a thread
//! spawned for a job is queued on its parent's CPU and moved to the idle one only about 2 ms
//! later, so a job of a few hundred microseconds given to a fresh thread runs after its
//! parent's, not beside it (two 600 µs halves: 1.27 ms, against 1.20 ms on one thread). A
//! thread already waiting and woken for the job is usually placed on the idle CPU (about 3
//! runs in 4: 0.85 ms on average). The jobs therefore go to a rayon pool of waiting workers,
//! started by [`warm_up`] before the input is read; a second run of the same phase reuses
//! them instead of starting threads again.

/// Most pool workers: the diff hands out at most three jobs at once (word redlines on up to
/// four threads, the calling one included; every other phase in two halves), so more
/// workers would only be started to wait.
const MAX_WORKERS: usize = 3;

/// The pool: one worker per available core but one (the calling thread does the rest of the
/// work), at most [`MAX_WORKERS`]. `None` on a single core (`std::thread::available_parallelism`, which honours
/// affinity masks and cgroup quotas), or when no thread could be started: every job then
/// runs on the calling thread.
fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        if cores < 2 {
            return None;
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads((cores - 1).min(MAX_WORKERS))
            .thread_name(|i| format!("zerodraft-worker-{i}"))
            .build()
            .ok()
    })
    .as_ref()
}

/// Starts the worker pool and waits until its worker has run one (empty) job, so that the
/// first real job finds it started and waiting, and placed off the calling thread's CPU.
/// Measured on the Paris pair (2 vCPUs, interleaved hyperfine rounds): 6.36 ms with this
/// round trip, 6.73 ms when the first job meets a worker still starting. Calling it again
/// costs one more round trip (microseconds).
pub fn warm_up() {
    if let Some(pool) = pool() {
        pool.install(|| ());
    }
}

/// Threads that can work at once: the pool's workers and the calling thread (1 without a
/// pool). Unlike `std::thread::available_parallelism`, which reads the cgroup files again
/// on every call, this is known once the pool exists.
pub fn threads() -> usize {
    pool().map_or(1, |pool| pool.current_num_threads() + 1)
}

/// Runs `elsewhere` on a pool worker while the calling thread runs `here`, and returns both
/// results, `(elsewhere's, here's)`. A panic in either is resumed on the calling thread.
pub fn join<A: Send, B>(elsewhere: impl FnOnce() -> A + Send, here: impl FnOnce() -> B) -> (A, B) {
    let Some(pool) = pool() else {
        let mine = here();
        return (elsewhere(), mine);
    };
    let mut theirs = None;
    let mine = pool.in_place_scope(|scope| {
        scope.spawn(|_| theirs = Some(elsewhere()));
        here()
    });
    // `in_place_scope` returns only once the spawned job has finished (or resumes its panic).
    match theirs {
        Some(theirs) => (theirs, mine),
        None => unreachable!("rayon's scope returned before its job finished"),
    }
}

/// Runs `each` on `workers` pool jobs and once on the calling thread, after `here`, and
/// returns `here`'s result with every run's result: the calling thread's first, then the
/// workers' in the order they finished.
pub fn fan_out<T: Send, B>(
    workers: usize,
    each: impl Fn() -> T + Sync,
    here: impl FnOnce() -> B,
) -> (Vec<T>, B) {
    let Some(pool) = pool() else {
        let side = here();
        let mut all = vec![each()];
        all.extend((0..workers).map(|_| each()));
        return (all, side);
    };
    let results = std::sync::Mutex::new(Vec::with_capacity(workers + 1));
    let (mine, side) = pool.in_place_scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|_| {
                let r = each();
                results
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push(r);
            });
        }
        let side = here();
        (each(), side)
    });
    let mut all = vec![mine];
    all.extend(
        results
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    );
    (all, side)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn join_runs_the_first_job_on_a_pool_worker_and_returns_both_in_order() {
        warm_up();
        let caller = std::thread::current().id();
        let ((theirs, a), (mine, b)) = join(
            || (std::thread::current().id(), 7),
            || (std::thread::current().id(), "here"),
        );
        assert_eq!((a, b), (7, "here"));
        assert_eq!(mine, caller);
        // On a single core there is no pool, and both run here.
        assert_eq!(theirs == caller, threads() == 1);
    }

    #[test]
    fn threads_count_the_workers_and_the_calling_thread() {
        // One worker per core but one, at most three, and the calling thread; no pool on a
        // single core.
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        assert_eq!(threads(), cores.min(MAX_WORKERS + 1));
    }

    #[test]
    fn fan_out_runs_each_once_per_worker_and_once_here_after_here() {
        let runs = AtomicUsize::new(0);
        let (all, side) = fan_out(
            3,
            || runs.fetch_add(1, Ordering::SeqCst),
            || runs.load(Ordering::SeqCst),
        );
        assert_eq!(all.len(), 4);
        assert_eq!(runs.load(Ordering::SeqCst), 4);
        let mut sorted = all.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, vec![0, 1, 2, 3]);
        // The calling thread's run comes first and follows `here`.
        assert!(all[0] >= side);
    }

    #[test]
    fn a_panic_on_the_worker_reaches_the_caller() {
        let result = std::panic::catch_unwind(|| join(|| panic!("worker failed"), || 1));
        assert!(result.is_err());
        // The pool still works after it.
        assert_eq!(join(|| 2, || 3), (2, 3));
    }
}
