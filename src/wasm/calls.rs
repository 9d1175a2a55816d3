//! The calls in flight on one client, by number.
//!
//! JavaScript refers to a call by its number rather than by an exported object
//! per call: wasm-bindgen registers every exported object in a
//! `FinalizationRegistry`, measured at about 13 µs of CPU per call in Node
//! (mostly garbage collection) against a local server.

use js_sys::{Date, Math};

use super::fetch::JsBody;
use crate::errors::{Answer, Error};
use crate::exchange::{Clock, Exchange};

/// How a call ended: the answer, or the error.
pub type Outcome = Result<Answer<JsBody>, Error<JsBody>>;

/// One call.
pub enum Slot {
    /// Sending, waiting or about to.
    Running(Exchange),
    /// Over; its value not yet taken.
    Done(Outcome),
}

/// A slab of calls: numbers are reused once a call is removed.
#[derive(Default)]
pub struct Calls {
    slots: Vec<Option<Slot>>,
    free: Vec<u32>,
}

impl Calls {
    /// Stores a new call; its number.
    pub fn insert(&mut self, slot: Slot) -> u32 {
        match self.free.pop() {
            Some(id) => {
                self.put(id, slot);
                id
            }
            None => {
                self.slots.push(Some(slot));
                // More than 2^32 calls in flight cannot fit in wasm32 memory.
                u32::try_from(self.slots.len() - 1).unwrap_or(u32::MAX)
            }
        }
    }

    /// Call `id`, if it exists and is not taken.
    pub fn get(&self, id: u32) -> Option<&Slot> {
        self.slots.get(id as usize)?.as_ref()
    }

    /// Takes call `id` out while it is worked on (`put` it back after), so
    /// that no borrow is held while JavaScript runs.
    pub fn take(&mut self, id: u32) -> Option<Slot> {
        self.slots.get_mut(id as usize)?.take()
    }

    /// Puts a taken call back.
    pub fn put(&mut self, id: u32, slot: Slot) {
        if let Some(place) = self.slots.get_mut(id as usize) {
            *place = Some(slot);
        }
    }

    /// Frees the number of a taken call for reuse.
    pub fn release(&mut self, id: u32) {
        if (id as usize) < self.slots.len() {
            self.free.push(id);
        }
    }
}

/// `Date.now` and `Math.random`.
pub struct JsClock;

impl Clock for JsClock {
    fn now_ms(&self) -> u64 {
        // `as` saturates; Date.now() is a positive integer.
        Date::now() as u64
    }
    fn random(&self) -> f64 {
        Math::random()
    }
}
