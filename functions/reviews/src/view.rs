//! What reviewers read: their list, a case without its contact person, their review.

use std::collections::BTreeMap;

use casebook_core::review::{AssignedCase, CaseForReview};
use casebook_core::{Campaign, CaseReview, CountryCode, Lang, Organization, Reviewer, SectionKey};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct AssignmentsView<'a> {
    reviewer: ReviewerRef<'a>,
    assignments: Vec<AssignmentRow<'a>>,
}

#[derive(Serialize, ToSchema)]
struct ReviewerRef<'a> {
    id: String,
    name: &'a str,
}

#[derive(Serialize, ToSchema)]
struct AssignmentRow<'a> {
    #[schema(format = "uuid")]
    application_id: String,
    reference: Option<&'a str>,
    practice_name: Option<&'a str>,
    area: Option<&'a str>,
    countries: &'a [CountryCode],
    round: u8,
    status: &'static str,
    #[schema(value_type = String, format = Date)]
    due: Date,
    /// When the round stopped taking reviews (its review is read-only); absent while the
    /// round is open.
    #[schema(value_type = Option<String>, format = DateTime)]
    #[serde(skip_serializing_if = "Option::is_none")]
    closed_at: Option<Timestamp>,
}

impl<'a> AssignmentsView<'a> {
    pub fn new(reviewer: &'a Reviewer, cases: &'a [AssignedCase]) -> Self {
        AssignmentsView {
            reviewer: ReviewerRef {
                id: reviewer.id.to_string(),
                name: &reviewer.name,
            },
            assignments: cases
                .iter()
                .map(|c| {
                    let content = &c.application.content;
                    AssignmentRow {
                        application_id: c.application.id.to_string(),
                        reference: c.application.reference.as_ref().map(|r| r.as_str()),
                        practice_name: content.practice_name.as_deref(),
                        area: content.area.as_deref(),
                        countries: &content.countries,
                        round: c.assignment.round,
                        status: c.status.as_str(),
                        due: c.due,
                        closed_at: c.closed_at,
                    }
                })
                .collect(),
        }
    }
}

/// A case as its reviewer reads it: every field but the contact person's.
#[derive(Serialize, ToSchema)]
pub struct CaseView<'a> {
    id: String,
    reference: Option<&'a str>,
    round: u8,
    #[schema(value_type = String, format = Date)]
    due: Date,
    /// When the round stopped taking reviews: the review is read-only. Absent while the
    /// round is open.
    #[schema(value_type = Option<String>, format = DateTime)]
    #[serde(skip_serializing_if = "Option::is_none")]
    closed_at: Option<Timestamp>,
    #[schema(value_type = Option<String>, format = DateTime)]
    submitted_at: Option<Timestamp>,
    practice_name: Option<&'a str>,
    lead_organization: &'a Organization,
    partners: &'a [Organization],
    countries: &'a [CountryCode],
    area: Option<&'a str>,
    area_name: Option<&'a str>,
    sections: Vec<SectionView<'a>>,
    collecting_organization: Option<&'a str>,
    attachments: Vec<FileView<'a>>,
    criteria: Vec<CriterionView<'a>>,
    my_review: Option<ReviewView<'a>>,
}

#[derive(Serialize, ToSchema)]
struct SectionView<'a> {
    key: &'static str,
    title: &'a str,
    text: &'a str,
}

#[derive(Serialize, ToSchema)]
struct FileView<'a> {
    id: String,
    filename: &'a str,
    content_type: &'a str,
    size: u64,
    url: &'a str,
    #[schema(value_type = String, format = DateTime)]
    expires_at: Timestamp,
}

#[derive(Serialize, ToSchema)]
struct CriterionView<'a> {
    id: &'a str,
    title: &'a str,
    help: &'a str,
    min: u8,
    max: u8,
    weight: f64,
}

impl<'a> CaseView<'a> {
    pub fn new(case: &'a CaseForReview, campaign: &'a Campaign, lang: Lang) -> Self {
        let app = &case.application;
        let content = &app.content;
        CaseView {
            id: app.id.to_string(),
            reference: app.reference.as_ref().map(|r| r.as_str()),
            round: case.round,
            due: case.due,
            closed_at: case.closed_at,
            submitted_at: app.submitted_at,
            practice_name: content.practice_name.as_deref(),
            lead_organization: &content.lead_organization,
            partners: &content.partners,
            countries: &content.countries,
            area: content.area.as_deref(),
            area_name: content
                .area
                .as_deref()
                .and_then(|id| campaign.area(id))
                .map(|a| a.name.get(lang)),
            sections: SectionKey::ALL
                .iter()
                .filter_map(|&key| {
                    Some(SectionView {
                        key: key.as_str(),
                        title: campaign.sections().get(key).title.get(lang),
                        text: content.sections.get(key)?,
                    })
                })
                .collect(),
            collecting_organization: content.collecting_organization.as_deref(),
            attachments: case
                .attachments
                .iter()
                .map(|(a, link)| FileView {
                    id: a.id.to_string(),
                    filename: &a.filename,
                    content_type: &a.content_type,
                    size: a.size,
                    url: &link.url,
                    expires_at: link.expires_at,
                })
                .collect(),
            criteria: campaign
                .criteria()
                .iter()
                .map(|c| CriterionView {
                    id: &c.id,
                    title: c.title.get(lang),
                    help: c.description.get(lang),
                    min: c.scale[0],
                    max: c.scale[1],
                    weight: c.weight,
                })
                .collect(),
            my_review: case.review.as_ref().map(ReviewView::new),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ReviewView<'a> {
    #[schema(format = "uuid")]
    application_id: String,
    round: u8,
    scores: &'a BTreeMap<String, u8>,
    comment: &'a str,
    status: &'static str,
    version: u64,
    #[schema(value_type = String, format = DateTime)]
    updated_at: Timestamp,
}

impl<'a> ReviewView<'a> {
    pub fn new(review: &'a CaseReview) -> Self {
        ReviewView {
            application_id: review.application.to_string(),
            round: review.round,
            scores: &review.scores,
            comment: &review.comment,
            status: if review.submitted {
                "submitted"
            } else {
                "draft"
            },
            version: review.version,
            updated_at: review.updated_at,
        }
    }
}
