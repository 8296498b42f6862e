//! SDK clients built at their first call.

use std::sync::{Arc, OnceLock};

/// An SDK client built at its first call and shared by every clone. Building a client
/// parses its SDK's endpoint partitions (JSON and their regexes) and sets up its HTTPS
/// connector: about a tenth of a function's cold start each, which a function that sends
/// no mail or stores no file on most invocations (the Telegram webhook, applications
/// between submissions) should not pay.
#[derive(Clone)]
pub struct OnFirstUse<C> {
    client: Arc<OnceLock<C>>,
    build: Arc<dyn Fn() -> C + Send + Sync>,
}

impl<C> OnFirstUse<C> {
    /// A client `build` makes when it is first needed.
    pub fn new(build: impl Fn() -> C + Send + Sync + 'static) -> OnFirstUse<C> {
        OnFirstUse {
            client: Arc::new(OnceLock::new()),
            build: Arc::new(build),
        }
    }

    /// The client, built now if this is its first use.
    pub fn get(&self) -> &C {
        self.client.get_or_init(|| (self.build)())
    }

    /// Whether the client was built yet.
    pub fn is_built(&self) -> bool {
        self.client.get().is_some()
    }
}

/// A client built already.
impl<C: Clone + Send + Sync + 'static> From<C> for OnFirstUse<C> {
    fn from(client: C) -> OnFirstUse<C> {
        let ready = client.clone();
        OnFirstUse {
            client: Arc::new(OnceLock::from(client)),
            build: Arc::new(move || ready.clone()),
        }
    }
}

impl<C> std::fmt::Debug for OnFirstUse<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OnFirstUse")
            .field("built", &self.is_built())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn the_client_is_built_once_at_its_first_use_and_shared_by_clones() {
        let builds = Arc::new(AtomicUsize::new(0));
        let counted = builds.clone();
        let lazy = OnFirstUse::new(move || counted.fetch_add(1, Ordering::SeqCst) + 100);
        let clone = lazy.clone();
        assert!(!lazy.is_built());
        assert_eq!(builds.load(Ordering::SeqCst), 0, "nothing built before use");
        assert_eq!(*clone.get(), 100);
        assert_eq!(*lazy.get(), 100);
        assert!(lazy.is_built());
        assert_eq!(builds.load(Ordering::SeqCst), 1);
        assert!(OnFirstUse::from(7).is_built());
    }
}
