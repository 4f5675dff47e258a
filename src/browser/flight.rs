//! Single-flight: concurrent callers of the same operation (same key) share one execution
//! and its result. If the leading caller is dropped before finishing, a waiting caller runs
//! the operation itself.

#[allow(unused_imports)]
use crate::prelude::*;

use ::core::cell::RefCell;
use ::core::future::Future;
use ::core::pin::Pin;
use ::core::task::{Context, Poll, Waker};
use alloc::rc::Rc;

use crate::browser::KeyedList;

enum State<T> {
    Running(Vec<Waker>),
    Done(T),
    Abandoned,
}

type Slot<T> = Rc<RefCell<State<T>>>;

/// Shared in-flight operations by key.
pub(crate) struct Flight<T: Clone> {
    slots: RefCell<KeyedList<Slot<T>>>,
}

impl<T: Clone> Default for Flight<T> {
    fn default() -> Self {
        Flight { slots: RefCell::new(KeyedList::default()) }
    }
}

struct Wait<T>(Slot<T>);

impl<T: Clone> Future for Wait<T> {
    type Output = Option<T>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        let mut state = self.0.borrow_mut();
        match &mut *state {
            State::Running(wakers) => {
                wakers.push(cx.waker().clone());
                Poll::Pending
            }
            State::Done(v) => Poll::Ready(Some(v.clone())),
            State::Abandoned => Poll::Ready(None),
        }
    }
}

/// Marks the slot abandoned if the leader is dropped before it finishes.
struct LeaderGuard<'a, T: Clone> {
    flight: &'a Flight<T>,
    key: String,
    slot: Slot<T>,
    finished: bool,
}

impl<T: Clone> LeaderGuard<'_, T> {
    fn finish(&mut self, state: State<T>) {
        self.finished = true;
        self.flight.slots.borrow_mut().remove(&self.key);
        let old = ::core::mem::replace(&mut *self.slot.borrow_mut(), state);
        if let State::Running(wakers) = old {
            wakers.into_iter().for_each(Waker::wake);
        }
    }
}

impl<T: Clone> Drop for LeaderGuard<'_, T> {
    fn drop(&mut self) {
        if !self.finished {
            self.finish(State::Abandoned);
        }
    }
}

impl<T: Clone> Flight<T> {
    /// Runs `op` unless an operation with this key is already running, in which case its
    /// result is awaited and shared.
    pub(crate) async fn run<F, Fut>(&self, key: &str, op: F) -> T
    where
        F: Fn() -> Fut,
        Fut: Future<Output = T>,
    {
        loop {
            let existing = self.slots.borrow().get(key).cloned();
            if let Some(slot) = existing {
                if let Some(v) = Wait(slot).await {
                    return v;
                }
                continue; // the leader was dropped: try again, possibly as the leader
            }
            let slot: Slot<T> = Rc::new(RefCell::new(State::Running(Vec::new())));
            self.slots.borrow_mut().insert(key.to_owned(), slot.clone());
            let mut guard = LeaderGuard { flight: self, key: key.to_owned(), slot, finished: false };
            let value = op().await;
            guard.finish(State::Done(value.clone()));
            return value;
        }
    }
}
