//! The store contract on the in-memory store core's unit tests use, so it behaves as the
//! real backends do.

casebook_tests::store_contract_tests!(casebook_tests::Fixture {
    port: std::sync::Arc::new(casebook_core::MemoryStore::new())
        as std::sync::Arc<dyn casebook_core::Store>,
    guard: None,
});
