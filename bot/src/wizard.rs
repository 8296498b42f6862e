//! The application wizard's steps: one question at a time, each with a short tip and an
//! example, and the patch each answer makes. Every rule is the domain's (core).

use casebook_core::{Campaign, Lang, SectionKey};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    PracticeName,
    LeadName,
    LeadCountry,
    Partners,
    Countries,
    Area,
    Background,
    Cooperation,
    Modalities,
    Benefits,
    ContactName,
    ContactEmail,
    CollectingOrganization,
    /// Supporting files, when the front end can take them (optional).
    Attachments,
}

impl Step {
    pub const ALL: [Step; 14] = [
        Step::PracticeName,
        Step::LeadName,
        Step::LeadCountry,
        Step::Partners,
        Step::Countries,
        Step::Area,
        Step::Background,
        Step::Cooperation,
        Step::Modalities,
        Step::Benefits,
        Step::ContactName,
        Step::ContactEmail,
        Step::CollectingOrganization,
        Step::Attachments,
    ];

    pub fn next(self) -> Option<Step> {
        let i = Step::ALL.iter().position(|s| *s == self)?;
        Step::ALL.get(i + 1).copied()
    }

    /// The application field the step fills (as in problems and `/edit FIELD`).
    pub fn field(self) -> &'static str {
        match self {
            Step::PracticeName => "practice_name",
            Step::LeadName => "lead_organization.name",
            Step::LeadCountry => "lead_organization.country",
            Step::Partners => "partners",
            Step::Countries => "countries",
            Step::Area => "area",
            Step::Background => "sections.background",
            Step::Cooperation => "sections.cooperation",
            Step::Modalities => "sections.modalities",
            Step::Benefits => "sections.benefits",
            Step::ContactName => "contact.name",
            Step::ContactEmail => "contact.email",
            Step::CollectingOrganization => "collecting_organization",
            Step::Attachments => "attachments",
        }
    }

    /// The step for a field name as typed after `/edit` (`practice_name`, `email`, ...).
    pub fn from_field(name: &str) -> Option<Step> {
        let name = name.trim().to_ascii_lowercase();
        Step::ALL.into_iter().find(|s| {
            let field = s.field();
            field == name
                || field.rsplit('.').next() == Some(name.as_str())
                || field.replace('.', "_") == name
        })
    }

    pub fn section(self) -> Option<SectionKey> {
        match self {
            Step::Background => Some(SectionKey::Background),
            Step::Cooperation => Some(SectionKey::Cooperation),
            Step::Modalities => Some(SectionKey::Modalities),
            Step::Benefits => Some(SectionKey::Benefits),
            _ => None,
        }
    }

    pub fn optional(self) -> bool {
        matches!(
            self,
            Step::CollectingOrganization | Step::Partners | Step::Attachments
        )
    }

    /// The question, with its tip and example.
    pub fn question(self, campaign: &Campaign, lang: Lang) -> String {
        if let Some(key) = self.section() {
            let spec = campaign.sections.get(key);
            return match lang {
                Lang::En => format!(
                    "{}: please write it in English, at most {} words. Start each paragraph with a short heading that sums it up: a line of its own, or a few words and a colon (\"Origins: ...\").",
                    spec.title.get(lang),
                    spec.word_limit
                ),
                Lang::Zh => format!(
                    "{}：请用英文填写，不超过{}个词。每段前加一个概括该段的小标题：单独一行，或几个词加冒号（如“Origins: ...”）。",
                    spec.title.get(lang),
                    spec.word_limit
                ),
            };
        }
        let (en, zh) = match self {
            Step::PracticeName => (
                "What is the name of your practice? Highlight the features! For example: \"RuralStar: solar base stations for remote villages\".",
                "实践名称是什么？请突出特色！例如：“RuralStar：为偏远村庄建设太阳能基站”。",
            ),
            Step::LeadName => ("Which organization leads the practice?", "牵头机构是哪家？"),
            Step::LeadCountry => (
                "In which country or region is the lead organization based? (A name in English or Chinese, or a code such as CN.)",
                "牵头机构位于哪个国家或地区？（中文或英文名称，或 CN 这样的代码。）",
            ),
            Step::Partners => (
                "Which other organizations take part? Send one per message as \"Name, Country\", for example \"Example Networks Kenya, Kenya\". Joint applications score higher. Press Done when you have listed them all.",
                "还有哪些机构参与？每条消息写一家，格式为“名称, 国家”，例如“Example Networks Kenya, 肯尼亚”。联合申报评价更高。填写完毕请点“完成”。",
            ),
            Step::Countries => (
                "In which countries or regions is the practice carried out? List them all, separated by commas: at least 2. For example: China, Kenya, Brazil.",
                "实践在哪些国家或地区实施？请全部列出，用逗号分隔，至少2个。例如：中国、肯尼亚、巴西。",
            ),
            Step::Area => (
                "Which area fits your case best?",
                "您的案例最符合哪个领域？",
            ),
            Step::ContactName => (
                "Who is the contact person? (Full name.)",
                "联系人是谁？（全名）",
            ),
            Step::ContactEmail => (
                "What is the contact person's e-mail address?",
                "联系人的邮箱地址是什么？",
            ),
            Step::CollectingOrganization => (
                "Did an organization help collect this case (for the Excellence in Organization Award)? Give its name, or press Skip.",
                "是否有机构协助征集本案例（用于“优秀组织奖”）？请填写机构名称，或点“跳过”。",
            ),
            Step::Attachments => return attachments_question(campaign, lang),
            _ => ("", ""),
        };
        lang.pick(en, zh).to_string()
    }
}

/// The optional files step: what helps, and the campaign's types and limits.
fn attachments_question(campaign: &Campaign, lang: Lang) -> String {
    let rules = &campaign.attachments;
    let types: Vec<String> = rules
        .types
        .iter()
        .map(|t| format!("{} {} MB", t.label.get(lang), t.max_mb))
        .collect();
    match lang {
        Lang::En => format!(
            "Supporting files (optional): a brochure, photos, slides or a short video help the experts see your case. Accepted: {}; at most {} files, {} MB in all.",
            types.join(", "),
            rules.max_files,
            rules.max_total_mb
        ),
        Lang::Zh => format!(
            "补充材料（可选）：宣传册、照片、幻灯片或短视频能帮助专家了解您的案例。可接受：{}；最多{}个文件，总计不超过{} MB。",
            types.join("、"),
            rules.max_files,
            rules.max_total_mb
        ),
    }
}

/// Splits a typed list of countries on commas, semicolons, Chinese commas or new lines.
pub fn split_list(text: &str) -> Vec<String> {
    text.split([',', ';', '，', '、', '；', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// "Name, Country" -> the partner as a patch object (the country is parsed by core).
pub fn partner(text: &str) -> Option<Value> {
    let (name, country) = text.rsplit_once([',', '，'])?;
    let (name, country) = (name.trim(), country.trim());
    (!name.is_empty() && !country.is_empty()).then(|| json!({"name": name, "country": country}))
}

/// The area an answer names: its id, its name in either language, or a button's data.
pub fn area<'a>(campaign: &'a Campaign, text: &str) -> Option<&'a str> {
    let t = text
        .trim()
        .trim_start_matches("/area")
        .trim()
        .to_lowercase();
    campaign
        .areas
        .iter()
        .find(|a| a.id == t || a.name.en.to_lowercase() == t || a.name.zh == t)
        .map(|a| a.id.as_str())
}

/// The patch one answer makes (partners are added to `current`).
pub fn patch(step: Step, text: &str, current_partners: &[Value]) -> Option<Value> {
    let t = text.trim();
    Some(match step {
        Step::PracticeName => json!({"practice_name": t}),
        Step::LeadName => json!({"lead_organization": {"name": t}}),
        Step::LeadCountry => json!({"lead_organization": {"country": t}}),
        Step::Partners => {
            let mut all = current_partners.to_vec();
            all.push(partner(t)?);
            json!({"partners": all})
        }
        Step::Countries => json!({"countries": split_list(t)}),
        Step::Area => json!({"area": t}),
        Step::Background => json!({"sections": {"background": t}}),
        Step::Cooperation => json!({"sections": {"cooperation": t}}),
        Step::Modalities => json!({"sections": {"modalities": t}}),
        Step::Benefits => json!({"sections": {"benefits": t}}),
        Step::ContactName => json!({"contact": {"name": t}}),
        Step::ContactEmail => json!({"contact": {"email": t}}),
        Step::CollectingOrganization => json!({"collecting_organization": t}),
        // Files arrive as files, not as text.
        Step::Attachments => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_run_in_order_and_fields_can_be_named_loosely() {
        assert_eq!(Step::PracticeName.next(), Some(Step::LeadName));
        assert_eq!(Step::CollectingOrganization.next(), Some(Step::Attachments));
        assert_eq!(Step::Attachments.next(), None);
        assert_eq!(Step::from_field("email"), Some(Step::ContactEmail));
        assert_eq!(Step::from_field("sections.benefits"), Some(Step::Benefits));
        assert_eq!(Step::from_field("practice_name"), Some(Step::PracticeName));
        assert_eq!(Step::from_field("nonsense"), None);
    }

    #[test]
    fn lists_and_partners_are_read_from_what_people_type() {
        assert_eq!(split_list("中国、肯尼亚，巴西"), ["中国", "肯尼亚", "巴西"]);
        assert_eq!(
            split_list("China, Kenya;Brazil\n"),
            ["China", "Kenya", "Brazil"]
        );
        assert_eq!(
            partner("Example Networks, Ltd, Kenya"),
            Some(json!({"name": "Example Networks, Ltd", "country": "Kenya"}))
        );
        assert_eq!(partner("no country"), None);
    }

    #[test]
    fn areas_are_recognised_by_id_name_or_chinese_name() {
        let c = Campaign::builtin();
        assert_eq!(area(&c, "/area culture"), Some("culture"));
        assert_eq!(area(&c, "Cybersecurity Maintenance"), Some("cybersecurity"));
        assert_eq!(area(&c, "全球网络空间治理"), Some("governance"));
        assert_eq!(area(&c, "space"), None);
    }
}
