//! Campaign files kept with the data (`casebook campaign install`), and which of them is
//! the open call: one deployment runs every year's call side by side.

use jiff::Timestamp;

use super::{Campaign, CampaignError, EarlierCase};

/// The year of what was stored before one deployment kept several years (round closings
/// without a year): the first call casebook ran, 2024's. Stores read it so, with no step.
pub const UNDATED_YEAR: i16 = 2024;

/// A campaign file as installed: its year, the file itself (TOML, kept whole so that what
/// was installed can be shown and exported as it was written), and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstalledCampaign {
    pub year: i16,
    pub source: String,
    pub installed_at: Timestamp,
    /// The cases this deployment collected in earlier years, gathered when the call was
    /// opened: refused by name while it runs.
    pub earlier: Vec<EarlierCase>,
}

impl InstalledCampaign {
    /// Checks `source` as a campaign file: the installed campaign and the checked one.
    pub fn check(
        source: &str,
        at: Timestamp,
    ) -> Result<(InstalledCampaign, Campaign), CampaignError> {
        let campaign = Campaign::from_toml(source)?;
        let installed = InstalledCampaign {
            year: campaign.year(),
            source: source.to_string(),
            installed_at: at,
            earlier: Vec::new(),
        };
        Ok((installed, campaign))
    }

    /// The campaign it holds (checked again: a file kept by an older casebook may no
    /// longer pass today's checks, which is then said, not hidden).
    pub fn campaign(&self) -> Result<Campaign, CampaignError> {
        Ok(Campaign::from_toml(&self.source)?.with_earlier_collections(self.earlier.clone()))
    }
}

/// Which call takes applications.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenCall {
    /// Nothing was ever chosen: the campaign the deployment is given (`CASEBOOK_CAMPAIGN`,
    /// else the built-in 2024 call), as before campaigns were installed.
    Given,
    /// This year's installed campaign.
    Year(i16),
    /// No call takes applications (between calls): the latest one is shown, closed.
    Closed,
}

/// Why the open call's campaign cannot be run.
#[derive(Debug, thiserror::Error)]
pub enum OpenCallError {
    #[error(
        "the {0} call is open but no {0} campaign is installed: install its file with `casebook campaign install FILE`"
    )]
    NotInstalled(i16),
    #[error("there is no {0} call here: `casebook campaign list` shows the years installed")]
    UnknownYear(i16),
    #[error("the installed {year} campaign no longer passes the checks: {source}")]
    Invalid {
        year: i16,
        #[source]
        source: CampaignError,
    },
}

/// The campaign a deployment runs: the open call's (`given` is the one the deployment is
/// given, `CASEBOOK_CAMPAIGN` or the built-in call, which stands for its year when that
/// year is not installed). With no call open, the latest year is run, closed.
pub fn open_campaign(
    open: OpenCall,
    installed: &[InstalledCampaign],
    given: Campaign,
) -> Result<Campaign, OpenCallError> {
    let run = |year: i16| {
        installed_year(year, installed, &given)?.ok_or(OpenCallError::NotInstalled(year))
    };
    match open {
        OpenCall::Given => Ok(given.clone()),
        OpenCall::Year(year) => run(year),
        OpenCall::Closed => {
            let latest = installed
                .iter()
                .map(|c| c.year)
                .chain([given.year()])
                .max()
                .unwrap_or(given.year());
            Ok(run(latest)?.with_call_closed())
        }
    }
}

/// `year`'s campaign: its installed file, or `given` when that is its year.
fn installed_year(
    year: i16,
    installed: &[InstalledCampaign],
    given: &Campaign,
) -> Result<Option<Campaign>, OpenCallError> {
    match installed.iter().find(|c| c.year == year) {
        Some(c) => c
            .campaign()
            .map(Some)
            .map_err(|source| OpenCallError::Invalid { year, source }),
        None if given.year() == year => Ok(Some(given.clone())),
        None => Ok(None),
    }
}

/// The campaign of `year` as organizers work on it (`casebook admin --year`): the open
/// call's when it is that year's, else that year's, closed to applications.
pub fn year_campaign(
    year: i16,
    open: OpenCall,
    installed: &[InstalledCampaign],
    given: Campaign,
) -> Result<Campaign, OpenCallError> {
    if let Ok(running) = open_campaign(open, installed, given.clone())
        && running.year() == year
    {
        return Ok(running);
    }
    Ok(installed_year(year, installed, &given)?
        .ok_or(OpenCallError::UnknownYear(year))?
        .with_call_closed())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn installed(year: i16) -> InstalledCampaign {
        let source =
            Campaign::builtin_source().replacen("year = 2024", &format!("year = {year}"), 1);
        InstalledCampaign {
            year,
            source,
            installed_at: Timestamp::UNIX_EPOCH,
            earlier: vec![EarlierCase {
                name: "Village Links".into(),
                year: Some(2024),
            }],
        }
    }

    #[test]
    fn the_open_call_picks_its_installed_year_and_the_given_one_stands_for_its_own() {
        let now: Timestamp = "2024-05-01T00:00:00Z".parse().unwrap();
        let given = Campaign::builtin();
        let both = [installed(2025)];
        let run = |open| open_campaign(open, &both, given.clone()).unwrap();
        assert_eq!(run(OpenCall::Given).year(), 2024);
        assert_eq!(run(OpenCall::Year(2025)).year(), 2025);
        assert_eq!(
            run(OpenCall::Year(2025))
                .earlier_case_named("village links")
                .and_then(|e| e.year),
            Some(2024),
            "the earlier collections kept with the installed year"
        );
        assert_eq!(
            run(OpenCall::Year(2024)).year(),
            2024,
            "the built-in 2024 call"
        );
        assert!(run(OpenCall::Year(2025)).is_open(now));
        let closed = run(OpenCall::Closed);
        assert_eq!(closed.year(), 2025, "the latest year, shown");
        assert!(!closed.is_open(now), "closed whatever its dates say");
        assert!(matches!(
            open_campaign(OpenCall::Year(2026), &both, given.clone()),
            Err(OpenCallError::NotInstalled(2026))
        ));
        let broken = InstalledCampaign {
            source: "year = 2025".into(),
            ..installed(2025)
        };
        assert!(matches!(
            open_campaign(OpenCall::Year(2025), &[broken], given),
            Err(OpenCallError::Invalid { year: 2025, .. })
        ));
    }

    #[test]
    fn an_organizer_works_on_any_year_and_only_the_open_one_takes_applications() {
        let now: Timestamp = "2025-05-01T00:00:00Z".parse().unwrap();
        let given = Campaign::builtin();
        let both = [installed(2025)];
        let year = |y, open| year_campaign(y, open, &both, given.clone());
        let open = year(2025, OpenCall::Year(2025)).unwrap();
        assert!(open.accepts_applications(), "the open call as it runs");
        let earlier = year(2024, OpenCall::Year(2025)).unwrap();
        assert_eq!(earlier.year(), 2024);
        assert!(!earlier.accepts_applications(), "an earlier year is closed");
        assert!(!year(2025, OpenCall::Closed).unwrap().is_open(now));
        assert!(matches!(
            year(2023, OpenCall::Year(2025)),
            Err(OpenCallError::UnknownYear(2023))
        ));
    }
}
