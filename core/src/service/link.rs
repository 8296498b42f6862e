//! The applicant service's side of link codes (see `crate::link`): giving one out for a
//! draft, and taking one in a chat or over HTTP.

use jiff::SignedDuration;

use crate::Problem;
use crate::application::{Application, ApplicationId};
use crate::campaign::Campaign;
use crate::email::Email;
use crate::field::FieldPath;
use crate::lang::{Lang, t};
use crate::link::{
    CODE_LENGTH, DraftRef, LINK_MINUTES, LinkCode, MAILED_LINK_HOURS, normalise_code, random_code,
};
use crate::mail::OutgoingMail;
use crate::mail::{in_languages, with_english};
use crate::ports::StoreError;
use crate::rules::ProblemKind;
use crate::token::{ChatIdentity, Credential, EditToken, Owner};

use super::{ApplicationError, ApplicationService, RACE_RETRIES};

impl ApplicationService {
    /// A one-time code that opens the application `who` opens, for `LINK_MINUTES`.
    #[tracing::instrument(skip_all, fields(application_id = %id), err(level = "info"))]
    pub async fn create_link(
        &self,
        id: ApplicationId,
        who: &dyn Credential,
    ) -> Result<LinkCode, ApplicationError> {
        // Only someone who can open the application may pass it on.
        self.read(id, who).await?;
        self.give_code(&DraftRef::new(id), SignedDuration::from_mins(LINK_MINUTES))
            .await
    }

    /// Keeps a fresh code for `draft`, working for `valid`.
    async fn give_code(
        &self,
        draft: &DraftRef,
        valid: SignedDuration,
    ) -> Result<LinkCode, ApplicationError> {
        let payload = serde_json::to_string(draft).map_err(StoreError::failed)?;
        let expires_at = self
            .now()
            .saturating_add(valid)
            .map_err(StoreError::failed)?;
        // 31^8 codes: a clash is rare, and a taken code is never overwritten.
        for _ in 0..5 {
            let code = random_code()?;
            match self
                .link_codes
                .create_link_code(&code, &payload, expires_at)
                .await
            {
                Ok(()) => return Ok(LinkCode { code, expires_at }),
                Err(StoreError::AlreadyExists) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(ApplicationError::Busy)
    }

    /// Mails the contact address a link that opens the application on the applicant
    /// page (`page_url#continue=CODE`), working once for [`MAILED_LINK_HOURS`]; taking it
    /// marks that address verified. Within the address's daily allowance of mails.
    #[tracing::instrument(skip_all, fields(application_id = %id), err(level = "info"))]
    pub async fn mail_continue_link(
        &self,
        id: ApplicationId,
        who: &dyn Credential,
        lang: Lang,
    ) -> Result<(LinkCode, Email), ApplicationError> {
        let app = self.read(id, who).await?;
        let Some(to) = app.content.contact.email.clone() else {
            return Err(ApplicationError::Invalid(Problem::new(
                FieldPath::ContactEmail,
                ProblemKind::Missing,
            )));
        };
        let (Some(mailer), Some(page)) = (self.mailer(), self.page_url()) else {
            return Err(ApplicationError::MailUnavailable);
        };
        let now = self.now();
        let Some(allowance) = self.take_mail_allowance(&to, now).await? else {
            return Err(ApplicationError::TooManyMails);
        };
        let draft = DraftRef {
            mailed_to: Some(to.as_str().to_string()),
            ..DraftRef::new(id)
        };
        let link = match self
            .give_code(&draft, SignedDuration::from_hours(MAILED_LINK_HOURS))
            .await
        {
            Ok(link) => link,
            Err(e) => {
                self.claims.release_lease(&allowance).await?;
                return Err(e);
            }
        };
        let mail = continue_mail(
            &app,
            to.clone(),
            &format!("{page}#continue={}", link.code),
            lang,
            self.campaign(),
        );
        match mailer.send(&mail).await {
            Ok(_) => {
                self.claims.finish_lease(&allowance).await?;
                tracing::info!(application_id = %id, "a link to continue was mailed to the contact");
                Ok((link, to))
            }
            Err(e) => {
                self.claims.release_lease(&allowance).await?;
                tracing::warn!(application_id = %id, error = %e, "a link to continue could not be mailed");
                Err(ApplicationError::MailUnavailable)
            }
        }
    }

    /// Takes a code, once: what it opens. `LinkCodeInvalid` for a code that never
    /// existed, was used, or ran out.
    async fn take_link(&self, typed: &str) -> Result<(ApplicationId, DraftRef), ApplicationError> {
        let code = normalise_code(typed);
        if code.len() != CODE_LENGTH {
            return Err(ApplicationError::LinkCodeInvalid);
        }
        let payload = self
            .link_codes
            .take_link_code(&code, self.now())
            .await?
            .ok_or(ApplicationError::LinkCodeInvalid)?;
        let draft: DraftRef =
            serde_json::from_str(&payload).map_err(|_| ApplicationError::LinkCodeInvalid)?;
        let id = ApplicationId::parse(&draft.id).ok_or(ApplicationError::LinkCodeInvalid)?;
        tracing::info!(application_id = %id, "link code taken");
        Ok((id, draft))
    }

    /// Takes a code over HTTP: the application, and a new edit token that opens it (kept
    /// as its hash; shown once). A code mailed to the contact address marks it verified,
    /// if the application still gives that address.
    #[tracing::instrument(skip_all, err(level = "info"))]
    pub async fn redeem_link_for_token(
        &self,
        typed: &str,
    ) -> Result<(Application, EditToken), ApplicationError> {
        let (id, draft) = self.take_link(typed).await?;
        let token = EditToken::generate()?;
        let app = self.add_owner(id, Owner::Token(token.hash())).await?;
        let app = match draft
            .mailed_to
            .as_deref()
            .and_then(|a| Email::parse(a).ok())
        {
            Some(address) => self.mark_verified(app, address).await?,
            None => app,
        };
        Ok((app, token))
    }

    /// Records `address` as the contact's verified one while it is still the contact's
    /// (a conditional write, read again on a race).
    async fn mark_verified(
        &self,
        mut app: Application,
        address: Email,
    ) -> Result<Application, ApplicationError> {
        for _ in 0..RACE_RETRIES {
            let contact = &app.content.contact;
            if contact.email.as_ref() != Some(&address) || contact.is_verified() {
                return Ok(app);
            }
            let mut next = Application {
                version: app.version + 1,
                ..app.clone()
            };
            next.content.contact.verified_email = Some(address.clone());
            match self.store.update_application(&next, app.version).await {
                Ok(()) => {
                    tracing::info!(application_id = %app.id, "the contact address is verified");
                    return Ok(next);
                }
                Err(StoreError::Conflict) => {
                    app = self
                        .store
                        .get_application(app.id)
                        .await?
                        .ok_or(ApplicationError::NotFound)?;
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(ApplicationError::Busy)
    }

    /// Takes a code in a chat: the chat becomes an owner of the application.
    #[tracing::instrument(skip_all, err(level = "info"))]
    pub async fn redeem_link_in_chat(
        &self,
        typed: &str,
        chat: &ChatIdentity,
    ) -> Result<Application, ApplicationError> {
        let (id, _) = self.take_link(typed).await?;
        self.add_owner(id, Owner::Chat(chat.0.clone())).await
    }
}

/// The mail with a link to continue: in the applicant's language, then English.
fn continue_mail(
    app: &Application,
    to: Email,
    link: &str,
    lang: Lang,
    campaign: &Campaign,
) -> OutgoingMail {
    let name = app.content.practice_name.as_deref().unwrap_or_default();
    let paragraphs = |lang: Lang, esc: fn(&str) -> String, as_link: fn(&str) -> String| {
        let title = esc(campaign.title().get(lang));
        vec![
            t!(lang, MAIL_CONTINUE_INTRO, name = esc(name), title = title),
            as_link(link),
            t!(lang, MAIL_CONTINUE_NOTE, hours = MAILED_LINK_HOURS),
        ]
    };
    in_languages(
        &to,
        &with_english(lang),
        |lang| t!(lang, MAIL_CONTINUE_SUBJECT),
        paragraphs,
        campaign,
        None,
    )
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::clock::FixedClock;
    use crate::mail::KeptMail;
    use crate::memory::MemoryStore;
    use crate::ports::Stores;

    /// The service on a fresh store in May, without a mailer or a page to link to.
    fn bare_service() -> ApplicationService {
        let clock = Arc::new(FixedClock::at("2024-05-01T09:00:00Z".parse().unwrap()));
        let stores = Stores::backed_by(Arc::new(MemoryStore::new()));
        ApplicationService::new(&stores, clock, Arc::new(Campaign::builtin()))
    }

    fn service(mail: &Arc<KeptMail>) -> ApplicationService {
        bare_service()
            .with_mailer(mail.clone())
            .with_page_url("https://casebook.example.org/apply")
    }

    fn with_contact(email: &str) -> crate::ApplicationPatch {
        serde_json::from_value(serde_json::json!({
            "practice_name": "Village <Links>",
            "contact": {"name": "Li Wei", "email": email}
        }))
        .unwrap()
    }

    /// The code in a mailed link.
    fn code_in(mail: &OutgoingMail) -> String {
        let at = mail.text.find("#continue=").unwrap() + "#continue=".len();
        mail.text[at..at + CODE_LENGTH].to_string()
    }

    #[tokio::test]
    async fn a_mailed_link_opens_the_draft_once_and_confirms_the_address() {
        let mail = Arc::new(KeptMail::default());
        let apps = service(&mail);
        let (app, token) = apps
            .create_draft(with_contact("li.wei@example.org"), crate::lang::Lang::En)
            .await
            .unwrap();
        assert!(!app.content.contact.is_verified());
        let (link, to) = apps
            .mail_continue_link(app.id, &token, Lang::Zh)
            .await
            .unwrap();
        assert_eq!(to.masked(), "l***@example.org");
        let sent = mail.take();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].to.as_str(), "li.wei@example.org");
        // In the applicant's language first, then English; the name escaped in HTML.
        assert!(sent[0].text.starts_with("以下链接"), "{}", sent[0].text);
        assert!(sent[0].text.contains("Here is your link"));
        assert!(
            sent[0].html.contains("Village &lt;Links&gt;"),
            "{}",
            sent[0].html
        );
        assert!(sent[0].text.contains(&format!(
            "https://casebook.example.org/apply#continue={}",
            link.code
        )));
        assert_eq!(
            link.expires_at,
            "2024-05-02T09:00:00Z".parse::<jiff::Timestamp>().unwrap()
        );
        let (opened, new_token) = apps
            .redeem_link_for_token(&code_in(&sent[0]))
            .await
            .unwrap();
        assert_eq!(opened.id, app.id);
        assert!(opened.content.contact.is_verified());
        assert!(apps.read(app.id, &new_token).await.is_ok());
        // Once only.
        assert!(matches!(
            apps.redeem_link_for_token(&link.code).await,
            Err(ApplicationError::LinkCodeInvalid)
        ));
    }

    #[tokio::test]
    async fn a_link_mailed_to_an_address_since_changed_confirms_nothing() {
        let mail = Arc::new(KeptMail::default());
        let apps = service(&mail);
        let (app, token) = apps
            .create_draft(with_contact("li.wei@example.org"), crate::lang::Lang::En)
            .await
            .unwrap();
        let (link, _) = apps
            .mail_continue_link(app.id, &token, Lang::En)
            .await
            .unwrap();
        let changed = apps
            .update_draft(
                app.id,
                &token,
                app.version,
                with_contact("other@example.org"),
            )
            .await
            .unwrap();
        assert_eq!(
            changed.content.contact.email.unwrap().as_str(),
            "other@example.org"
        );
        let (opened, _) = apps.redeem_link_for_token(&link.code).await.unwrap();
        assert!(!opened.content.contact.is_verified());
        assert_eq!(opened.content.contact.verified_email, None);
    }

    #[tokio::test]
    async fn no_address_no_mail_and_the_days_allowance_holds() {
        let mail = Arc::new(KeptMail::default());
        let apps = service(&mail);
        let (bare, token) = apps
            .create_draft(
                serde_json::from_value(serde_json::json!({})).unwrap(),
                crate::lang::Lang::En,
            )
            .await
            .unwrap();
        assert!(matches!(
            apps.mail_continue_link(bare.id, &token, Lang::En).await,
            Err(ApplicationError::Invalid(p)) if p.field == FieldPath::ContactEmail
        ));
        let (app, token) = apps
            .create_draft(with_contact("li.wei@example.org"), crate::lang::Lang::En)
            .await
            .unwrap();
        let allowance = Campaign::builtin().max_mails_per_address_per_day();
        for _ in 0..allowance {
            apps.mail_continue_link(app.id, &token, Lang::En)
                .await
                .unwrap();
        }
        assert!(matches!(
            apps.mail_continue_link(app.id, &token, Lang::En).await,
            Err(ApplicationError::TooManyMails)
        ));
        assert_eq!(mail.take().len(), allowance);
        // Without a mailer or a page to link to, nothing is promised.
        let silent = bare_service();
        let (app, token) = silent
            .create_draft(with_contact("li.wei@example.org"), crate::lang::Lang::En)
            .await
            .unwrap();
        assert!(matches!(
            silent.mail_continue_link(app.id, &token, Lang::En).await,
            Err(ApplicationError::MailUnavailable)
        ));
    }
}
