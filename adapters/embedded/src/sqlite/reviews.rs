//! Reviews in SQLite, each saved only over the version its page read.

use async_trait::async_trait;
use casebook_domain::{ApplicationId, CaseReview, ReviewStore, ReviewerId, StoreError};
use rusqlite::Row;

use super::{Columns, SqliteStore, backend, is_constraint, signed, unsigned};

/// The columns, read by position in this order.
const COLUMNS: &str =
    "round, application, reviewer, scores, comment, submitted, version, updated_at";

/// A review's row as stored, in `COLUMNS`' order.
type ReviewRow = (i64, String, String, String, String, i64, i64, String);

fn read(r: &Row<'_>) -> rusqlite::Result<ReviewRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
    ))
}

/// A stored row checked into the domain's review.
fn review(row: ReviewRow) -> Result<CaseReview, StoreError> {
    let (round, application, reviewer, scores, comment, submitted, version, updated_at) = row;
    let corrupt = |what: &str| {
        StoreError::Corrupt(format!("stored review of {application} has a bad {what}"))
    };
    Ok(CaseReview {
        round: u8::try_from(round).map_err(|_| corrupt("round"))?,
        application: ApplicationId::parse(&application).ok_or_else(|| corrupt("case"))?,
        reviewer: ReviewerId::parse(&reviewer).ok_or_else(|| corrupt("reviewer"))?,
        scores: serde_json::from_str(&scores).map_err(|_| corrupt("scores"))?,
        comment,
        submitted: submitted != 0,
        version: unsigned(version)?,
        updated_at: updated_at.parse().map_err(|_| corrupt("updated_at"))?,
    })
}

fn columns(r: &CaseReview) -> Result<Columns, StoreError> {
    Ok(Columns::new()
        .set("round", i64::from(r.round))
        .set("application", r.application.to_string())
        .set("reviewer", r.reviewer.to_string())
        .set("scores", serde_json::to_string(&r.scores).map_err(backend)?)
        .set("comment", r.comment.clone())
        .set("submitted", i64::from(r.submitted))
        .set("version", signed(r.version)?)
        .set("updated_at", r.updated_at.to_string()))
}

#[async_trait]
impl ReviewStore for SqliteStore {
    async fn get_review(
        &self,
        round: u8,
        application: ApplicationId,
        reviewer: ReviewerId,
    ) -> Result<Option<CaseReview>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM reviews WHERE round = :round AND application = :application AND reviewer = :reviewer"
        );
        let values = Columns::new()
            .set("round", i64::from(round))
            .set("application", application.to_string())
            .set("reviewer", reviewer.to_string());
        self.select_one(sql, values, |r| read(r).map(review)).await
    }

    async fn save_review(
        &self,
        review: &CaseReview,
        expected: Option<u64>,
    ) -> Result<(), StoreError> {
        let columns = columns(review)?;
        let expected = expected.map(signed).transpose()?;
        self.with_conn(move |conn| {
            let changed = match expected {
                None => match conn.execute(&columns.insert_sql("reviews"), columns.params(&[]).as_slice()) {
                    Err(e) if is_constraint(&e) => return Err(StoreError::Conflict),
                    other => other.map_err(backend)?,
                },
                Some(v) => {
                    let sql = columns.update_sql(
                        "reviews",
                        "round = :round AND application = :application AND reviewer = :reviewer AND version = :expected",
                    );
                    conn.execute(&sql, columns.params(&[(":expected", &v)]).as_slice())
                        .map_err(backend)?
                }
            };
            if changed == 1 { Ok(()) } else { Err(StoreError::Conflict) }
        })
        .await
    }

    async fn list_round_reviews(&self, round: u8) -> Result<Vec<CaseReview>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM reviews WHERE round = :round");
        self.select_rows(
            sql,
            Columns::new().set("round", i64::from(round)),
            read,
            review,
        )
        .await
    }
}
