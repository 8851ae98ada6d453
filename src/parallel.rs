//! Work for a second core, given to threads that are already running.
//!
//! Measured on a 2-vCPU Linux VM (see `scripts/bench-diff.sh` and issue 5's notes): a thread
//! spawned for a job is queued on its parent's CPU and moved to the idle one only about 2 ms
//! later, so a job of a few hundred microseconds given to a fresh thread runs after its
//! parent's, not beside it. A thread that is already waiting and is woken for the job is
//! placed on the idle CPU at once. The jobs therefore go to rayon's global pool, started by
//! [`warm_up`] before the input is read.

/// Starts the global worker pool (one worker per available core but one, at least one; the
/// calling thread does the rest of the work), so that the first job finds its worker
/// waiting. Calling it again, or after the pool exists, does nothing.
pub fn warm_up() {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    // Err: the pool is already running (a second call, or a library user's own pool).
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(cores.saturating_sub(1).max(1))
        .thread_name(|i| format!("zerodraft-worker-{i}"))
        .build_global();
}

/// Runs `elsewhere` on a pool worker while the calling thread runs `here`, and returns both
/// results, `(elsewhere's, here's)`. A panic in either is resumed on the calling thread.
pub fn join<A: Send, B>(elsewhere: impl FnOnce() -> A + Send, here: impl FnOnce() -> B) -> (A, B) {
    let mut theirs = None;
    let mine = rayon::in_place_scope(|scope| {
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
    let results = std::sync::Mutex::new(Vec::with_capacity(workers + 1));
    let (mine, side) = rayon::in_place_scope(|scope| {
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
        assert_ne!(theirs, caller);
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
