//! The four sections every application has: a domain name below applications and
//! campaigns, which both speak of them.

/// The four sections of the application content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SectionKey {
    Background,
    Cooperation,
    Modalities,
    Benefits,
}

impl SectionKey {
    pub const ALL: [SectionKey; 4] = [
        SectionKey::Background,
        SectionKey::Cooperation,
        SectionKey::Modalities,
        SectionKey::Benefits,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SectionKey::Background => "background",
            SectionKey::Cooperation => "cooperation",
            SectionKey::Modalities => "modalities",
            SectionKey::Benefits => "benefits",
        }
    }
}
