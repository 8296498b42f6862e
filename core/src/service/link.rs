//! The applicant service's side of link codes (see `crate::link`): giving one out for a
//! draft, and taking one in a chat or over HTTP.

use jiff::SignedDuration;

use crate::application::{Application, ApplicationId};
use crate::link::{CODE_LENGTH, DraftRef, LINK_MINUTES, LinkCode, normalise_code, random_code};
use crate::ports::StoreError;
use crate::token::{ChatIdentity, Credential, EditToken, Owner};

use super::{ApplicationError, ApplicationService};

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
        let payload = serde_json::to_string(&DraftRef::new(id)).map_err(StoreError::failed)?;
        let expires_at = self
            .now()
            .saturating_add(SignedDuration::from_mins(LINK_MINUTES))
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

    /// Takes a code, once: the application it opens. `LinkCodeInvalid` for a code that
    /// never existed, was used, or ran out.
    async fn take_link(&self, typed: &str) -> Result<ApplicationId, ApplicationError> {
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
        Ok(id)
    }

    /// Takes a code over HTTP: the application, and a new edit token that opens it (kept
    /// as its hash; shown once).
    #[tracing::instrument(skip_all, err(level = "info"))]
    pub async fn redeem_link_for_token(
        &self,
        typed: &str,
    ) -> Result<(Application, EditToken), ApplicationError> {
        let id = self.take_link(typed).await?;
        let token = EditToken::generate()?;
        let app = self.add_owner(id, Owner::Token(token.hash())).await?;
        Ok((app, token))
    }

    /// Takes a code in a chat: the chat becomes an owner of the application.
    #[tracing::instrument(skip_all, err(level = "info"))]
    pub async fn redeem_link_in_chat(
        &self,
        typed: &str,
        chat: &ChatIdentity,
    ) -> Result<Application, ApplicationError> {
        let id = self.take_link(typed).await?;
        self.add_owner(id, Owner::Chat(chat.0.clone())).await
    }
}
