//! Where the solver runs. The z3 crate gives each thread a context of its own, created at the
//! thread's first solver call and kept until the thread ends; creating one makes libz3 write
//! some 17 MB of tables, all resident. A server that proved its decisions once would hold
//! them for as long as it runs. So the proofs of [`crate::query`] and [`crate::impact`] run
//! on a prover thread, started at the first proof and ended (its context deleted, the memory
//! returned) when the outermost [`Session`] of the thread that asked is closed. A front end
//! that would rather keep the context between requests (an editor, proving at every edit)
//! holds a session open; one that wants the memory back (`regel serve`) closes it after each
//! request.

use std::any::Any;
use std::cell::RefCell;
use std::marker::PhantomData;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::mpsc::{Receiver, Sender, channel, sync_channel};
use std::thread::JoinHandle;

/// The prover thread's stack: the evaluator and the encoder recurse over expressions as
/// deep as the parser allows, as on the command line's worker thread (`regel-cli`'s
/// `STACK`). Only the pages used are resident.
const STACK: usize = 256 * 1024 * 1024;

type Job = Box<dyn FnOnce() + Send>;

/// The prover thread of a thread's open sessions.
struct Prover {
    jobs: Sender<Job>,
    thread: JoinHandle<()>,
}

#[derive(Default)]
struct Sessions {
    /// Sessions open on this thread.
    depth: usize,
    /// Started by the first proof of the outermost session.
    prover: Option<Prover>,
    /// Set on a prover thread itself: its jobs run where they are.
    on_prover: bool,
}

thread_local! {
    static SESSIONS: RefCell<Sessions> = RefCell::default();
}

/// While a session is open, every proof asked for on this thread runs on one prover thread
/// with one solver context; closing the outermost session ends that thread. Sessions nest.
#[must_use = "the session ends when dropped"]
pub struct Session {
    /// A session belongs to the thread that opened it.
    _here: PhantomData<*const ()>,
}

impl Session {
    pub fn open() -> Session {
        SESSIONS.with(|s| s.borrow_mut().depth += 1);
        Session { _here: PhantomData }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let ended = SESSIONS.with(|s| {
            let mut s = s.borrow_mut();
            s.depth = s.depth.saturating_sub(1);
            if s.depth == 0 { s.prover.take() } else { None }
        });
        if let Some(Prover { jobs, thread }) = ended {
            // The thread ends when its queue is closed; its context goes with it.
            drop(jobs);
            let _ = thread.join();
        }
    }
}

/// Runs `job` on the prover thread of this thread's session (a session of its own when none
/// is open) and gives back its result; a panic of the job goes on here. Where no thread can
/// be started, the job runs here, as it did before there were prover threads.
pub(crate) fn run<T: Send + 'static>(job: impl FnOnce() -> T + Send + 'static) -> T {
    if SESSIONS.with(|s| s.borrow().on_prover) {
        return job();
    }
    let _session = Session::open();
    let (done, result) = sync_channel::<std::thread::Result<T>>(1);
    let boxed: Job = Box::new(move || {
        let _ = done.send(catch_unwind(AssertUnwindSafe(job)));
    });
    let sent = SESSIONS.with(|s| send(&mut s.borrow_mut(), boxed));
    if let Err(job) = sent {
        job();
    }
    match result.recv() {
        Ok(Ok(value)) => value,
        Ok(Err(panic)) => resume_unwind(panic),
        Err(_) => resume_unwind(stopped()),
    }
}

/// Hands `job` to the session's prover thread, starting it first if need be; gives the job
/// back when no thread takes it.
fn send(sessions: &mut Sessions, job: Job) -> Result<(), Job> {
    if sessions.prover.is_none() {
        sessions.prover = start();
    }
    let Some(prover) = &sessions.prover else {
        return Err(job);
    };
    prover.jobs.send(job).map_err(|refused| {
        // The thread is gone (it cannot stop on its own): the next proof starts another.
        sessions.prover = None;
        refused.0
    })
}

fn start() -> Option<Prover> {
    let (jobs, queue) = channel::<Job>();
    let thread = std::thread::Builder::new()
        .name("regel-prover".into())
        .stack_size(STACK)
        .spawn(move || serve(queue))
        .ok()?;
    Some(Prover { jobs, thread })
}

/// The prover thread: runs each job in turn until the queue is closed.
fn serve(queue: Receiver<Job>) {
    SESSIONS.with(|s| s.borrow_mut().on_prover = true);
    for job in queue {
        job();
    }
}

fn stopped() -> Box<dyn Any + Send> {
    Box::new("internal error: the prover thread stopped before answering")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prover_thread() -> Option<String> {
        std::thread::current().name().map(str::to_owned)
    }

    #[test]
    fn a_job_runs_on_a_prover_thread_and_its_result_comes_back() {
        assert_eq!(run(prover_thread).as_deref(), Some("regel-prover"));
        assert_eq!(run(|| 6 * 7), 42);
    }

    #[test]
    fn one_session_keeps_one_prover_thread_and_closing_it_ends_the_thread() {
        let id = || std::thread::current().id();
        let session = Session::open();
        let first = run(id);
        let inner = Session::open();
        assert_eq!(run(id), first, "a nested session shares the thread");
        drop(inner);
        assert_eq!(run(id), first, "the outer session still holds it");
        drop(session);
        assert!(SESSIONS.with(|s| s.borrow().prover.is_none()));
        assert_ne!(
            run(id),
            first,
            "a closed session's thread is not used again"
        );
    }

    #[test]
    fn without_a_session_each_job_has_a_thread_of_its_own() {
        let id = || std::thread::current().id();
        assert_ne!(run(id), run(id));
        assert!(SESSIONS.with(|s| s.borrow().prover.is_none()));
    }

    #[test]
    fn a_job_asked_for_on_the_prover_thread_runs_there() {
        let outer = run(|| {
            (
                std::thread::current().id(),
                run(|| std::thread::current().id()),
            )
        });
        assert_eq!(outer.0, outer.1);
    }

    #[test]
    fn a_panic_of_the_job_goes_on_in_the_thread_that_asked() {
        let session = Session::open();
        let caught = catch_unwind(|| run(|| -> u8 { resume_unwind(Box::new("boom")) }));
        let payload = caught.err().and_then(|p| p.downcast_ref::<&str>().copied());
        assert_eq!(payload, Some("boom"));
        assert_eq!(run(|| 1), 1, "the prover thread still serves");
        drop(session);
    }
}
