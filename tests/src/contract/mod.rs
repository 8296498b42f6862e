//! The contract suites: written once, run against every backend by the macros below, so
//! the embedded and the AWS adapters can never drift apart.

pub mod blob;
pub mod mail;
pub mod races;
pub mod store;
pub mod years;

/// Generates one test per store contract case and per API race, on the store that
/// `$make` (an expression giving a `Fixture<Arc<dyn Store>>`, `.await` allowed)
/// builds afresh for each test.
#[macro_export]
macro_rules! store_contract_tests {
    ($make:expr) => {
        $crate::store_contract_tests!(@cases $make;
            an_inserted_application_reads_back_the_same,
            inserting_an_existing_id_is_refused,
            a_missing_application_reads_as_none,
            an_update_with_the_expected_version_replaces,
            the_largest_accepted_application_is_stored_whole,
            an_update_with_a_stale_version_is_a_conflict_and_changes_nothing,
            updating_a_missing_application_is_a_conflict,
            two_applications_never_carry_the_same_reference,
            reference_numbers_count_up_per_series,
            concurrent_allocations_hand_out_distinct_numbers,
            listing_returns_every_application_of_a_campaign_by_status,
            listing_follows_a_status_change,
            only_unsent_confirmations_are_listed_for_the_sweep,
            an_added_attachment_reads_back_and_bumps_the_application,
            adding_with_a_stale_application_version_adds_nothing,
            an_attachment_update_is_conditional_on_its_version,
            a_removed_attachment_is_gone_and_a_missing_one_is_a_conflict,
            abandoned_uploads_are_the_pending_ones_past_their_grant,
            a_dialogue_is_saved_and_resumed,
            a_stale_dialogue_save_changes_nothing,
            of_concurrent_first_saves_of_a_dialogue_one_wins,
            unanswered_questions_are_kept_in_order_and_listed_from_a_time,
            a_question_is_marked_answered_once_and_taken_back_only_by_its_answer,
            a_chat_update_is_taken_once_even_by_concurrent_callers,
            an_update_whose_lease_ran_out_is_taken_again_and_a_finished_one_never,
            a_link_code_is_given_out_once_and_not_after_it_expires,
            a_registered_reviewer_reads_back_and_is_listed,
            a_reviewer_e_mail_is_registered_once_in_any_case,
            a_reviewer_update_is_conditional_on_its_version,
            an_organizer_reads_back_is_listed_and_registers_an_e_mail_once,
            an_organizer_update_is_conditional_on_its_version,
            draft_addresses_are_noted_once_listed_and_forgotten,
            assignments_are_added_once_and_listed_by_round_and_by_reviewer,
            a_conflict_is_declared_once_on_an_existing_assignment,
            a_review_is_saved_then_changed_only_over_its_version,
            of_two_devices_saving_one_review_at_once_one_wins,
            an_opt_out_is_kept_once_and_only_for_its_address,
            an_answer_kept_with_a_finished_update_is_given_to_its_redelivery,
            a_round_closing_is_saved_only_over_its_version,
            of_concurrent_first_closings_of_a_round_one_wins,
            the_audit_log_keeps_every_entry_once_oldest_first,
            the_rehearsal_clock_is_kept_replaced_and_ended,
            installed_campaigns_are_kept_per_year_and_one_call_is_open,
        );
        $crate::store_contract_tests!(@years $make;
            two_years_on_one_store_keep_their_rounds_and_reviewers_apart,
        );
        $crate::store_contract_tests!(@races $make;
            of_fifty_concurrent_patches_with_one_version_exactly_one_wins,
            two_hundred_concurrent_submissions_get_two_hundred_distinct_references,
            the_same_draft_submitted_concurrently_gets_one_reference,
            submit_raced_against_withdraw_ends_in_one_consistent_state,
        );
    };
    (@cases $make:expr; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn $case() {
                let fixture = $make;
                $crate::contract::store::$case(fixture.port.clone()).await;
            }
        )*
    };
    (@years $make:expr; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn $case() {
                let fixture = $make;
                $crate::contract::years::$case(fixture.port.clone()).await;
            }
        )*
    };
    (@races $make:expr; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn $case() {
                let fixture = $make;
                $crate::contract::races::$case($crate::app::spawn_app_on(fixture)).await;
            }
        )*
    };
}

/// One test per blob store contract case, on the store `$make` builds.
#[macro_export]
macro_rules! blob_contract_tests {
    ($make:expr) => {
        $crate::blob_contract_tests!(@cases $make;
            a_blob_comes_back_byte_identical,
            head_tells_size_and_type,
            a_missing_blob_is_none,
            a_put_replaces_and_a_delete_removes,
            the_leading_bytes_can_be_read_alone,
            a_copy_is_whole_and_typed_and_a_missing_source_copies_nothing,
        );
    };
    (@cases $make:expr; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                let fixture = $make;
                $crate::contract::blob::$case(fixture.port.clone()).await;
            }
        )*
    };
}
