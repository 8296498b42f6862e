//! Cases of the size and spread the call expects, generated the same way every run, for
//! the benchmarks: leads and partners from 40 countries, the five areas in turn.

use casebook_core::ApplicationPatch;
use serde_json::json;

pub const COUNTRIES: [&str; 40] = [
    "CN", "KE", "BR", "FR", "DE", "IN", "EG", "ZA", "NG", "ID", "MY", "TH", "VN", "PK", "BD", "RU",
    "KZ", "UZ", "TR", "SA", "AE", "IR", "ET", "TZ", "GH", "SN", "MA", "AR", "CL", "MX", "PE", "CO",
    "IT", "ES", "GB", "PL", "RS", "HU", "JP", "KR",
];
pub const AREAS: [&str; 5] = [
    "infrastructure",
    "culture",
    "digital_economy",
    "cybersecurity",
    "governance",
];

/// A small deterministic generator: the same data every run.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below
    }
}

pub fn generated_case(i: usize, rng: &mut Lcg) -> ApplicationPatch {
    let li = rng.next(COUNTRIES.len());
    let lead = COUNTRIES[li];
    // Partners from other countries than the lead's: a case needs two countries at least.
    let partners: Vec<&str> = (0..1 + rng.next(3))
        .map(|_| COUNTRIES[(li + 1 + rng.next(COUNTRIES.len() - 1)) % COUNTRIES.len()])
        .collect();
    let mut countries = vec![lead];
    countries.extend(&partners);
    let s = |h: &str| {
        format!(
            "{h}\nThe partners connected remote villages to the Internet, trained local technicians to keep the network running and helped shops sell their goods online."
        )
    };
    serde_json::from_value(json!({
        "practice_name": format!("Case {i}"),
        "lead_organization": {"name": format!("Lead {i}"), "country": lead},
        "partners": partners.iter().enumerate().map(|(k, c)| json!({"name": format!("Partner {i}-{k}"), "country": c})).collect::<Vec<_>>(),
        "countries": countries,
        "area": AREAS[i % AREAS.len()],
        "sections": {"background": s("Origins"), "cooperation": s("Partners"), "modalities": s("Method"), "benefits": s("Results")},
        "contact": {"name": "Li Wei", "email": "li.wei@example.org"}
    }))
    .expect("a valid patch")
}
