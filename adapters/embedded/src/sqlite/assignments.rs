//! Who reviews which case in which round, in SQLite.

use async_trait::async_trait;
use casebook_domain::{ApplicationId, Assignment, AssignmentStore, ReviewerId, StoreError};
use rusqlite::{Row, params};

use super::{Columns, SqliteStore, backend};

/// The columns, read by position in this order.
const COLUMNS: &str = "round, application, reviewer, assigned_at, conflict";

/// An assignment's row as stored, in `COLUMNS`' order.
type AssignmentRow = (i64, String, String, String, Option<String>);

fn read(r: &Row<'_>) -> rusqlite::Result<AssignmentRow> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

/// A stored row checked into the domain's assignment.
fn assignment(row: AssignmentRow) -> Result<Assignment, StoreError> {
    let (round, application, reviewer, assigned_at, conflict) = row;
    let corrupt = |what: &str| {
        StoreError::Corrupt(format!(
            "stored assignment of {application} has a bad {what}"
        ))
    };
    Ok(Assignment {
        round: u8::try_from(round).map_err(|_| corrupt("round"))?,
        application: ApplicationId::parse(&application).ok_or_else(|| corrupt("case"))?,
        reviewer: ReviewerId::parse(&reviewer).ok_or_else(|| corrupt("reviewer"))?,
        assigned_at: assigned_at.parse().map_err(|_| corrupt("assigned_at"))?,
        conflict,
    })
}

#[async_trait]
impl AssignmentStore for SqliteStore {
    async fn add_assignments(&self, assignments: &[Assignment]) -> Result<usize, StoreError> {
        let assignments = assignments.to_vec();
        self.with_conn(move |conn| {
            let tx = conn.transaction().map_err(backend)?;
            let mut added = 0;
            for a in &assignments {
                added += tx
                    .execute(
                        "INSERT INTO assignments (round, application, reviewer, assigned_at, conflict) \
                         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
                        params![
                            i64::from(a.round),
                            a.application.to_string(),
                            a.reviewer.to_string(),
                            a.assigned_at.to_string(),
                            a.conflict
                        ],
                    )
                    .map_err(backend)?;
            }
            tx.commit().map_err(backend)?;
            Ok(added)
        })
        .await
    }

    async fn list_round_assignments(&self, round: u8) -> Result<Vec<Assignment>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM assignments WHERE round = :round");
        let values = Columns::new().set("round", i64::from(round));
        self.select_rows(sql, values, read, assignment).await
    }

    async fn list_reviewer_assignments(
        &self,
        reviewer: ReviewerId,
    ) -> Result<Vec<Assignment>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM assignments WHERE reviewer = :reviewer ORDER BY round, application"
        );
        let values = Columns::new().set("reviewer", reviewer.to_string());
        self.select_rows(sql, values, read, assignment).await
    }

    async fn declare_conflict(
        &self,
        round: u8,
        application: ApplicationId,
        reviewer: ReviewerId,
        reason: &str,
    ) -> Result<(), StoreError> {
        let reason = reason.to_string();
        self.with_conn(move |conn| {
            let changed = conn
                .execute(
                    "UPDATE assignments SET conflict = ?4 WHERE round = ?1 AND application = ?2 \
                     AND reviewer = ?3 AND conflict IS NULL",
                    params![
                        i64::from(round),
                        application.to_string(),
                        reviewer.to_string(),
                        reason
                    ],
                )
                .map_err(backend)?;
            if changed == 1 {
                Ok(())
            } else {
                Err(StoreError::Conflict)
            }
        })
        .await
    }
}
