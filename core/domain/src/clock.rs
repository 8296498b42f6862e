//! The clock port, so tests, demos and rehearsals can set "now".

use std::sync::Mutex;

use jiff::{SignedDuration, Timestamp};

pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
}

/// The real time.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// The real clock, or one that starts at `start` (from `--now` / `CASEBOOK_NOW`).
pub fn clock_starting_at(start: Option<Timestamp>) -> std::sync::Arc<dyn Clock> {
    match start {
        Some(t) => std::sync::Arc::new(ShiftedClock::starting_at(t)),
        None => std::sync::Arc::new(SystemClock),
    }
}

/// Starts at a chosen instant and then runs at normal speed: `--now` for demos.
#[derive(Debug, Clone, Copy)]
pub struct ShiftedClock {
    offset: SignedDuration,
}

impl ShiftedClock {
    pub fn starting_at(start: Timestamp) -> ShiftedClock {
        ShiftedClock {
            offset: start.duration_since(Timestamp::now()),
        }
    }
}

impl Clock for ShiftedClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
            .saturating_add(self.offset)
            .unwrap_or(Timestamp::MAX)
    }
}

/// A rehearsal kept with the data (`casebook rehearse --at`): the call's clock read `at`
/// when the real clock read `set_at`, and runs on from there at normal speed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rehearsal {
    pub at: Timestamp,
    pub set_at: Timestamp,
}

impl Rehearsal {
    /// What the rehearsal's clock reads when the real one reads `real`.
    pub fn now_at(&self, real: Timestamp) -> Timestamp {
        real.saturating_add(self.at.duration_since(self.set_at))
            .unwrap_or(Timestamp::MAX)
    }
}

/// The real clock, or a rehearsal's when one is kept with the data: followed as it
/// changes (a running server re-reads it), so every command and the server agree.
#[derive(Debug, Default)]
pub struct RehearsalClock(Mutex<Option<Rehearsal>>);

impl RehearsalClock {
    pub fn following(rehearsal: Option<Rehearsal>) -> RehearsalClock {
        RehearsalClock(Mutex::new(rehearsal))
    }

    pub fn follow(&self, rehearsal: Option<Rehearsal>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = rehearsal;
    }

    pub fn rehearsal(&self) -> Option<Rehearsal> {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Clock for RehearsalClock {
    fn now(&self) -> Timestamp {
        let real = Timestamp::now();
        match self.rehearsal() {
            Some(r) => r.now_at(real),
            None => real,
        }
    }
}

/// Stands still until moved: for tests.
#[derive(Debug)]
pub struct FixedClock(Mutex<Timestamp>);

impl FixedClock {
    pub fn at(t: Timestamp) -> FixedClock {
        FixedClock(Mutex::new(t))
    }

    pub fn set(&self, t: Timestamp) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = t;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shifted_clock_starts_where_asked_and_moves_on() {
        let start: Timestamp = "2024-05-01T09:00:00Z".parse().unwrap();
        let clock = ShiftedClock::starting_at(start);
        let first = clock.now();
        assert!(first >= start && first.duration_since(start) < SignedDuration::from_secs(5));
        std::thread::sleep(std::time::Duration::from_millis(5));
        assert!(clock.now() > first);
    }

    #[test]
    fn a_rehearsal_clock_follows_what_it_is_told_and_runs_on() {
        let clock = RehearsalClock::following(None);
        let real = Timestamp::now();
        assert!(clock.now().duration_since(real) < SignedDuration::from_secs(5));
        let july: Timestamp = "2024-07-02T01:00:00Z".parse().unwrap();
        clock.follow(Some(Rehearsal {
            at: july,
            set_at: Timestamp::now() - SignedDuration::from_hours(1),
        }));
        let now = clock.now();
        assert!(now >= july + SignedDuration::from_hours(1));
        assert!(now < july + SignedDuration::from_mins(61));
        clock.follow(None);
        assert!(clock.now() >= real);
    }

    #[test]
    fn a_fixed_clock_stands_still_until_set() {
        let t: Timestamp = "2024-06-20T12:00:00Z".parse().unwrap();
        let clock = FixedClock::at(t);
        assert_eq!(clock.now(), t);
        let later: Timestamp = "2024-06-21T12:00:00Z".parse().unwrap();
        clock.set(later);
        assert_eq!(clock.now(), later);
    }
}
