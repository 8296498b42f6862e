//! The confirmation e-mail: part of the submission itself, whatever the channel.
//!
//! The status change to `submitted` also marks a confirmation as pending, in the same
//! conditional write, so a submission without its mail cannot exist. Delivery comes after:
//! a sender claims the mail with a conditional write (a lease, so a sender that dies is
//! replaced once the lease runs out), sends it, and marks it sent; a failed send gives the
//! claim back, and a later submit call or the sweep ([`ApplicationService::deliver_pending_confirmations`])
//! tries again. Concurrent submits of one draft therefore send one mail.

use std::fmt;

use jiff::{SignedDuration, Timestamp};

/// How long a sender holds a claimed confirmation before another may take it over.
pub const SENDING_LEASE: SignedDuration = SignedDuration::from_mins(5);

/// Where an application's confirmation e-mail stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmation {
    /// Due: written with the submission, not yet sent.
    Pending,
    /// Claimed by a sender until `until`.
    Sending {
        until: Timestamp,
    },
    Sent {
        at: Timestamp,
    },
    /// Waiting until `until` (the next day of the call's time zone): its address had all
    /// the mails applicants may cause it in a day.
    Held {
        until: Timestamp,
    },
}

impl Confirmation {
    /// Whether a sender may claim it at `now`.
    pub fn is_due(self, now: Timestamp) -> bool {
        match self {
            Confirmation::Pending => true,
            Confirmation::Sending { until } | Confirmation::Held { until } => until <= now,
            Confirmation::Sent { .. } => false,
        }
    }

    /// The stored form: `pending`, `sending:<time>`, `held:<time>` or `sent:<time>`.
    pub fn to_stored(self) -> String {
        self.to_string()
    }

    pub fn parse_stored(s: &str) -> Option<Confirmation> {
        match s.split_once(':') {
            None if s == "pending" => Some(Confirmation::Pending),
            Some(("sending", t)) => t.parse().ok().map(|until| Confirmation::Sending { until }),
            Some(("sent", t)) => t.parse().ok().map(|at| Confirmation::Sent { at }),
            Some(("held", t)) => t.parse().ok().map(|until| Confirmation::Held { until }),
            _ => None,
        }
    }
}

impl fmt::Display for Confirmation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Confirmation::Pending => f.write_str("pending"),
            Confirmation::Sending { until } => write!(f, "sending:{until}"),
            Confirmation::Sent { at } => write!(f, "sent:{at}"),
            Confirmation::Held { until } => write!(f, "held:{until}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_round_trip_through_their_stored_form() {
        let t: Timestamp = "2024-05-01T01:00:00Z".parse().unwrap();
        for c in [
            Confirmation::Pending,
            Confirmation::Sending { until: t },
            Confirmation::Sent { at: t },
            Confirmation::Held { until: t },
        ] {
            assert_eq!(Confirmation::parse_stored(&c.to_stored()), Some(c));
        }
        assert_eq!(Confirmation::parse_stored("sent:yesterday"), None);
    }

    #[test]
    fn a_lapsed_claim_is_due_again() {
        let t: Timestamp = "2024-05-01T01:00:00Z".parse().unwrap();
        let claim = Confirmation::Sending { until: t };
        assert!(!claim.is_due(t - SignedDuration::from_secs(1)));
        assert!(claim.is_due(t));
        assert!(!Confirmation::Sent { at: t }.is_due(t));
    }
}
