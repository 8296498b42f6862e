//! What the published Collection holds: the collected cases (Outstanding ones marked) as
//! the call lays them out, with their verified images. Nothing else: no contact person,
//! no collecting organization, no review, no case that was not selected. The front end
//! renders it as a site, Markdown and JSON.

use serde::Serialize;

use crate::application::{ApplicationId, Organization, SectionKey};
use crate::attachment_service::AttachmentService;
use crate::country::CountryCode;
use crate::lang::Lang;

use super::Outcome;
use super::image::without_metadata;
use super::service::DecisionService;
use super::{DecisionError, final_outcomes};

/// The image types published (a browser shows them inline, and their metadata can be
/// removed: [`super::image`]).
const IMAGE_TYPES: [(&str, &str); 2] = [("image/png", "png"), ("image/jpeg", "jpg")];

/// A country with its name in each of the six languages.
#[derive(Debug, Clone, Serialize)]
pub struct Country {
    pub code: String,
    pub ar: String,
    pub zh: String,
    pub en: String,
    pub fr: String,
    pub ru: String,
    pub es: String,
}

impl Country {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ar => &self.ar,
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
            Lang::Ru => &self.ru,
            Lang::Es => &self.es,
        }
    }

    /// Every name it goes by: its code and its six names.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.code.as_str()).chain(Lang::ALL.into_iter().map(|l| self.name(l)))
    }
}

impl From<CountryCode> for Country {
    fn from(code: CountryCode) -> Country {
        let name = |lang| code.name(lang).to_string();
        Country {
            code: code.as_str().to_string(),
            ar: name(Lang::Ar),
            zh: name(Lang::Zh),
            en: name(Lang::En),
            fr: name(Lang::Fr),
            ru: name(Lang::Ru),
            es: name(Lang::Es),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PublishedOrganization {
    pub name: String,
    pub country: Option<Country>,
}

impl From<&Organization> for PublishedOrganization {
    fn from(o: &Organization) -> PublishedOrganization {
        PublishedOrganization {
            name: o.name.clone().unwrap_or_default(),
            country: o.country.map(Country::from),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PublishedSection {
    pub key: &'static str,
    pub title_en: String,
    pub title_zh: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PublishedImage {
    /// The file name in the published folder: `<reference>-<n>.<ext>`.
    pub file: String,
    pub content_type: String,
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PublishedCase {
    pub reference: String,
    pub outstanding: bool,
    pub practice_name: String,
    pub lead_organization: PublishedOrganization,
    pub partners: Vec<PublishedOrganization>,
    pub countries: Vec<Country>,
    pub area: String,
    pub sections: Vec<PublishedSection>,
    pub images: Vec<PublishedImage>,
}

impl DecisionService {
    /// The collected cases by area (the campaign's order), then by reference, with
    /// their verified images when `files` can read them.
    pub async fn publication(
        &self,
        files: Option<&AttachmentService>,
        progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> Result<Vec<PublishedCase>, DecisionError> {
        let campaign = self.campaign();
        let outcomes = final_outcomes(&self.decisions().await?);
        let mut apps: Vec<_> = self
            .applications
            .list_applications(campaign.year(), None)
            .await?
            .into_iter()
            .filter(|a| {
                matches!(
                    outcomes.get(&a.id),
                    Some(Outcome::Collected | Outcome::Outstanding)
                )
            })
            .collect();
        let area_order = |id: &Option<String>| {
            campaign
                .areas()
                .iter()
                .position(|a| Some(&a.id) == id.as_ref())
                .unwrap_or(usize::MAX)
        };
        apps.sort_by_cached_key(|a| {
            (
                area_order(&a.content.area),
                a.reference.as_ref().map(|r| r.as_str().to_string()),
            )
        });
        let total = apps.len();
        let mut cases = Vec::with_capacity(total);
        for (done, app) in apps.iter().enumerate() {
            let reference = app
                .reference
                .as_ref()
                .map(|r| r.as_str().to_string())
                .unwrap_or_else(|| app.id.to_string());
            let c = &app.content;
            let sections = SectionKey::ALL
                .iter()
                .map(|key| {
                    let spec = campaign.sections().get(*key);
                    PublishedSection {
                        key: key.as_str(),
                        title_en: spec.title.get(Lang::En).to_string(),
                        title_zh: spec.title.get(Lang::Zh).to_string(),
                        text: c.sections.get(*key).unwrap_or("").trim().to_string(),
                    }
                })
                .collect();
            let images = match files {
                Some(files) => self.images(files, app.id, &reference).await?,
                None => Vec::new(),
            };
            cases.push(PublishedCase {
                outstanding: outcomes.get(&app.id) == Some(&Outcome::Outstanding),
                practice_name: c.practice_name.clone().unwrap_or_default(),
                lead_organization: (&c.lead_organization).into(),
                partners: c.partners.iter().map(Into::into).collect(),
                countries: c.countries.iter().copied().map(Country::from).collect(),
                area: c.area.clone().unwrap_or_default(),
                sections,
                images,
                reference,
            });
            progress(done + 1, total);
        }
        Ok(cases)
    }

    /// The application's verified images, stripped of their metadata, named after the
    /// case; one that cannot be read or cleaned is left out (and logged).
    async fn images(
        &self,
        files: &AttachmentService,
        app: ApplicationId,
        reference: &str,
    ) -> Result<Vec<PublishedImage>, DecisionError> {
        let mut images = Vec::new();
        for attachment in self.attachments.list_attachments(app).await? {
            let Some((_, ext)) = IMAGE_TYPES
                .iter()
                .find(|(t, _)| *t == attachment.content_type)
            else {
                continue;
            };
            match files.verified_bytes(&attachment).await {
                // The owner's position, camera and names never leave with it.
                Ok(Some(bytes)) => match without_metadata(&attachment.content_type, &bytes) {
                    Ok(bytes) => images.push(PublishedImage {
                        file: format!("{reference}-{}.{ext}", images.len() + 1),
                        content_type: attachment.content_type.clone(),
                        bytes,
                    }),
                    Err(e) => {
                        tracing::warn!(error = %e, reference, "an image was left out of the publication")
                    }
                },
                Ok(None) => {}
                Err(e) => {
                    tracing::warn!(error = %e, reference, "an image could not be read")
                }
            }
        }
        Ok(images)
    }
}
