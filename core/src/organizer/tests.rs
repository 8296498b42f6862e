//! The organizer registry on the in-memory store: the first organizer, sign-in checked
//! against the record, revocation at once, and every change in the audit log.

use super::*;
use crate::clock::FixedClock;
use crate::decision::AuditAction;
use crate::mail::KeptMail;
use crate::memory::MemoryStore;
use jiff::Timestamp;

struct Fixture {
    organizers: OrganizerService,
    stores: Stores,
    mail: Arc<KeptMail>,
    real_clock: Arc<FixedClock>,
}

fn fixture() -> Fixture {
    let rehearsal = Arc::new(FixedClock::at("2024-07-02T09:00:00Z".parse().unwrap()));
    let real_clock = Arc::new(FixedClock::at("2026-12-05T09:00:00Z".parse().unwrap()));
    let stores = Stores::backed_by(Arc::new(MemoryStore::new()));
    let tokens = Arc::new(
        AccessTokens::from_one_test_key(&[4u8; 32])
            .unwrap()
            .with_clock(real_clock.clone()),
    );
    let mail = Arc::new(KeptMail::default());
    let organizers = OrganizerService::new(
        &stores,
        rehearsal,
        Arc::new(Campaign::builtin()),
        tokens,
        "https://casebook.example.org/console".into(),
    )
    .with_mailer(mail.clone());
    Fixture {
        organizers,
        stores,
        mail,
        real_clock,
    }
}

fn new(name: &str, email: &str) -> NewOrganizer {
    NewOrganizer {
        name: name.into(),
        email: email.into(),
    }
}

impl Fixture {
    async fn first(&self) -> (Organizer, SignInLink) {
        self.organizers
            .register(new("Mei Chen", "mei@example.org"), 30, None)
            .await
            .unwrap()
    }

    async fn log(&self) -> Vec<(String, AuditAction)> {
        self.stores
            .decisions
            .list_audit()
            .await
            .unwrap()
            .into_iter()
            .map(|e| (e.by, e.action))
            .collect()
    }
}

#[tokio::test]
async fn the_first_organizer_is_added_by_nobody_and_every_later_one_by_someone() {
    let f = fixture();
    let (mei, link) = f.first().await;
    assert!(
        link.link
            .starts_with("https://casebook.example.org/console#token=")
    );
    assert_eq!(f.organizers.authenticate(&link.token).await.unwrap(), mei);
    let mails = f.mail.take();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to.as_str(), "mei@example.org");
    assert!(mails[0].text.contains(&link.link));

    let second = f
        .organizers
        .register(new("Omar Haddad", "omar@example.org"), 30, None)
        .await;
    assert!(
        matches!(second, Err(ReviewError::ActorRequired)),
        "{second:?}"
    );
    let (omar, _) = f
        .organizers
        .register(new("Omar Haddad", "omar@example.org"), 30, Some(&mei))
        .await
        .unwrap();
    assert_eq!(
        f.log().await,
        vec![
            (
                "mei@example.org".to_string(),
                AuditAction::OrganizerAdded {
                    organizer: "mei@example.org".into(),
                    first: true
                }
            ),
            (
                "mei@example.org".to_string(),
                AuditAction::OrganizerAdded {
                    organizer: omar.email.as_str().into(),
                    first: false
                }
            ),
        ]
    );
}

#[tokio::test]
async fn an_e_mail_is_registered_once_and_bad_values_name_their_field() {
    let f = fixture();
    let (mei, _) = f.first().await;
    let again = f
        .organizers
        .register(new("Mei", "MEI@example.org"), 30, Some(&mei))
        .await;
    assert!(matches!(again, Err(ReviewError::EmailTaken)), "{again:?}");
    for (name, email, days, field) in [
        ("", "a@example.org", 30, "name"),
        ("A", "not an address", 30, "email"),
        ("A", "a@example.org", 0, "days"),
        ("A", "a@example.org", 91, "days"),
        (&"x".repeat(301) as &str, "a@example.org", 30, "name"),
    ] {
        match f
            .organizers
            .register(new(name, email), days, Some(&mei))
            .await
        {
            Err(ReviewError::Invalid(e)) => assert_eq!(e.field, field),
            other => panic!("{field}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn revoking_stops_the_token_at_once_and_a_new_link_needs_reinstating() {
    let f = fixture();
    let (mei, _) = f.first().await;
    let (omar, omar_link) = f
        .organizers
        .register(new("Omar Haddad", "omar@example.org"), 30, Some(&mei))
        .await
        .unwrap();
    f.organizers.revoke(omar.id, &mei).await.unwrap();
    assert!(matches!(
        f.organizers.authenticate(&omar_link.token).await,
        Err(ReviewError::Unauthorized(_))
    ));
    assert!(matches!(
        f.organizers.acting_as("omar@example.org").await,
        Err(ReviewError::NotAnOrganizer)
    ));
    // Asking for a new link does not quietly undo the revocation.
    assert!(matches!(
        f.organizers.new_link(omar.id, 30, false, &mei).await,
        Err(ReviewError::StillRevoked)
    ));
    let (back, fresh) = f
        .organizers
        .new_link(omar.id, 30, true, &mei)
        .await
        .unwrap();
    assert!(!back.revoked);
    assert_eq!(
        f.organizers.authenticate(&fresh.token).await.unwrap().id,
        omar.id
    );
    // The revoked token stays dead after the reinstatement: its generation is old.
    assert!(f.organizers.authenticate(&omar_link.token).await.is_err());
    let log = f.log().await;
    assert!(log.contains(&(
        "mei@example.org".into(),
        AuditAction::OrganizerRevoked {
            organizer: "omar@example.org".into()
        }
    )));
    assert!(log.contains(&(
        "mei@example.org".into(),
        AuditAction::OrganizerLinkSent {
            organizer: "omar@example.org".into(),
            reinstated: true
        }
    )));
}

#[tokio::test]
async fn the_last_active_organizer_cannot_be_revoked() {
    let f = fixture();
    let (mei, _) = f.first().await;
    assert!(matches!(
        f.organizers.revoke(mei.id, &mei).await,
        Err(ReviewError::LastOrganizer)
    ));
}

#[tokio::test]
async fn a_new_link_replaces_the_old_one() {
    let f = fixture();
    let (mei, old) = f.first().await;
    let (_, fresh) = f.organizers.new_link(mei.id, 7, false, &mei).await.unwrap();
    assert!(f.organizers.authenticate(&old.token).await.is_err());
    assert!(f.organizers.authenticate(&fresh.token).await.is_ok());
}

#[tokio::test]
async fn a_token_expires_on_the_real_clock_not_the_rehearsal() {
    let f = fixture();
    let (_, link) = f.first().await;
    // Issued at the real clock's 2026, for 30 days, though the call rehearses 2024.
    assert_eq!(
        link.expires_at,
        "2027-01-04T09:00:00Z".parse::<Timestamp>().unwrap()
    );
    f.real_clock
        .set("2027-01-04T09:00:00Z".parse::<Timestamp>().unwrap());
    assert!(matches!(
        f.organizers.authenticate(&link.token).await,
        Err(ReviewError::Unauthorized("expired token"))
    ));
}

#[tokio::test]
async fn a_token_of_an_unknown_or_garbled_subject_opens_nothing() {
    let f = fixture();
    f.first().await;
    let tokens = AccessTokens::from_one_test_key(&[4u8; 32])
        .unwrap()
        .with_clock(f.real_clock.clone());
    for subject in [
        "not-an-id",
        &OrganizerId::random().to_string(),
        "mei@example.org",
    ] {
        let (token, _) = tokens
            .issue(Role::Organizer, subject, 0, SignedDuration::from_hours(1))
            .await
            .unwrap();
        assert!(matches!(
            f.organizers.authenticate(&token).await,
            Err(ReviewError::Unauthorized(_))
        ));
    }
}

#[tokio::test]
async fn acting_as_takes_any_case_of_an_active_organizers_address() {
    let f = fixture();
    let (mei, _) = f.first().await;
    assert_eq!(
        f.organizers
            .acting_as(" MEI@Example.org ")
            .await
            .unwrap()
            .id,
        mei.id
    );
    assert!(matches!(
        f.organizers.acting_as("stranger@example.org").await,
        Err(ReviewError::NotAnOrganizer)
    ));
}

#[tokio::test]
async fn with_every_organizer_revoked_the_next_is_added_from_the_terminal_again() {
    let f = fixture();
    let (mei, _) = f.first().await;
    let (omar, _) = f
        .organizers
        .register(new("Omar Haddad", "omar@example.org"), 30, Some(&mei))
        .await
        .unwrap();
    f.organizers.revoke(mei.id, &omar).await.unwrap();
    // Revoking the last is refused; had two revoked each other at once, nobody could act:
    // the terminal on the data then adds one as for the first.
    assert!(matches!(
        f.organizers.revoke(omar.id, &omar).await,
        Err(ReviewError::LastOrganizer)
    ));
    let mut omar_revoked = f
        .stores
        .organizers
        .get_organizer(omar.id)
        .await
        .unwrap()
        .unwrap();
    let expected = omar_revoked.version;
    omar_revoked.revoked = true;
    omar_revoked.version += 1;
    f.stores
        .organizers
        .update_organizer(&omar_revoked, expected)
        .await
        .unwrap();
    assert!(!f.organizers.has_active().await.unwrap());
    let (ada, _) = f
        .organizers
        .register(new("Ada Lin", "ada@example.org"), 30, None)
        .await
        .unwrap();
    assert!(f.organizers.acting_as("ada@example.org").await.is_ok());
    assert!(matches!(
        f.organizers
            .register(new("Eve", "eve@example.org"), 30, None)
            .await,
        Err(ReviewError::ActorRequired)
    ));
    let _ = ada;
}
