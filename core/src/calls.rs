//! Opening next year's call: what it carries over from the years before it.

use casebook_domain::application::Status;
use casebook_domain::campaign::EarlierCase;
use casebook_domain::{ApplicationStore, StoreError};

/// The cases collected or made outstanding in `years` before `year`, each with the year
/// it was collected: what the `year` call refuses by name (one listing per status and
/// year, when the call is opened, not on each application).
pub async fn collected_before(
    applications: &dyn ApplicationStore,
    year: i16,
    years: impl IntoIterator<Item = i16>,
) -> Result<Vec<EarlierCase>, StoreError> {
    let mut earlier = Vec::new();
    let mut years: Vec<i16> = years.into_iter().filter(|y| *y < year).collect();
    years.sort();
    years.dedup();
    for y in years {
        for status in [Status::Collected, Status::Outstanding] {
            for app in applications.list_applications(y, Some(status)).await? {
                if let Some(name) = app.content.practice_name {
                    earlier.push(EarlierCase {
                        name,
                        year: Some(y),
                    });
                }
            }
        }
    }
    earlier.sort_by(|a, b| (a.year, &a.name).cmp(&(b.year, &b.name)));
    Ok(earlier)
}
