//! Finding the FAQ topic a free-text question is about, in any of the six languages, from
//! the campaign's keywords (each language's): exact phrases count most, near-misses (typos) count too, and
//! longer, more specific keywords outweigh short generic ones. The bot and the applicant
//! page answer from it alike.

use crate::campaign::{Campaign, FaqTopic};
use crate::text::{has_chinese, normalise};

/// The best topic for `question`, or `None` when nothing matches well enough.
pub fn best_topic<'a>(campaign: &'a Campaign, question: &str) -> Option<&'a FaqTopic> {
    let q = normalise(question);
    if q.is_empty() {
        return None;
    }
    let words: Vec<&str> = q.split(' ').collect();
    // The highest score wins; on a tie, the topic mentioned first in the question.
    let mut best: Option<(&FaqTopic, f64, usize)> = None;
    for topic in campaign.faq() {
        let mut score = 0.0;
        let mut first = usize::MAX;
        // A word several languages share ("theme", "thème") counts once.
        let keywords: std::collections::BTreeSet<String> =
            topic.keywords.all().map(|k| normalise(k)).collect();
        for keyword in &keywords {
            if let Some((s, at)) = keyword_score(&q, &words, keyword) {
                score += s;
                first = first.min(at);
            }
        }
        let better = match best {
            None => score > 0.0,
            Some((_, s, at)) => score > s || (score == s && first < at),
        };
        if better {
            best = Some((topic, score, first));
        }
    }
    best.filter(|(_, score, _)| *score >= MIN_SCORE)
        .map(|(t, _, _)| t)
}

/// Below this, the question is not about any topic.
const MIN_SCORE: f64 = 1.0;

/// How much one keyword says about the question, and where in it the keyword is.
fn keyword_score(q: &str, words: &[&str], keyword: &str) -> Option<(f64, usize)> {
    if keyword.is_empty() {
        return None;
    }
    if has_chinese(keyword) {
        // Chinese has no spaces: a keyword counts where it appears, by its length.
        let chars = keyword.chars().filter(|c| !c.is_whitespace()).count() as f64;
        let at = q.replace(' ', "").find(&keyword.replace(' ', ""))?;
        return Some((chars / 2.0, at));
    }
    let kw: Vec<&str> = keyword.split(' ').collect();
    // The phrase as whole words, in order; longer phrases say more.
    if let Some(at) = words.windows(kw.len()).position(|w| w == kw.as_slice()) {
        return Some((kw.len() as f64, at));
    }
    // A near-miss of a single, long enough word ("deadlin", "eligable").
    if kw.len() == 1 && keyword.len() >= 5 {
        let at = words
            .iter()
            .position(|w| w.len() >= 4 && strsim::jaro_winkler(w, keyword) >= 0.9)?;
        return Some((1.0, at));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topic(q: &str) -> Option<String> {
        best_topic(&Campaign::builtin(), q).map(|t| t.id.clone())
    }

    #[test]
    fn thirty_odd_phrasings_find_their_topic_in_both_languages() {
        let cases = [
            ("When is the deadline?", "schedule"),
            ("what's the deadlin", "schedule"),
            ("When do applications close?", "schedule"),
            ("What is the timeline for the review?", "schedule"),
            ("截止日期", "schedule"),
            ("什么时候截止？", "schedule"),
            ("日程安排是怎样的", "schedule"),
            ("Can a company from one country apply?", "eligibility"),
            ("Who can apply?", "eligibility"),
            ("Are we eligable?", "eligibility"),
            ("What are the requirements?", "eligibility"),
            ("只在一个国家实施可以申报吗", "eligibility"),
            ("申报资格是什么", "eligibility"),
            ("Which areas can we choose?", "areas"),
            ("Is cybersecurity one of the categories?", "areas"),
            ("有哪些领域", "areas"),
            ("数字经济属于哪个方向", "areas"),
            ("How are cases judged?", "criteria"),
            ("What are the review criteria?", "criteria"),
            ("评审标准是什么", "criteria"),
            ("专家怎么打分", "criteria"),
            ("What do we get if selected... any award?", "benefits"),
            ("Is there a prize or a trophy?", "benefits"),
            ("入选有什么奖励", "benefits"),
            ("How do I apply?", "how_to_apply"),
            ("How to submit the application form", "how_to_apply"),
            ("Is there a word limit?", "how_to_apply"),
            ("怎么申报", "how_to_apply"),
            ("Whom can I contact for help?", "contact"),
            ("What is your email?", "contact"),
            ("联系方式", "contact"),
            ("有问题找谁咨询", "contact"),
            (
                "What is the World Internet Conference practice cases event about?",
                "event",
            ),
            ("这个活动是什么", "event"),
        ];
        let failed: Vec<String> = cases
            .iter()
            .filter(|(q, want)| topic(q).as_deref() != Some(*want))
            .map(|(q, want)| format!("{q:?}: wanted {want}, got {:?}", topic(q)))
            .collect();
        assert!(failed.is_empty(), "{failed:#?}");
        assert!(cases.len() >= 30);
    }

    #[test]
    fn an_unrelated_message_matches_nothing() {
        assert_eq!(topic("The weather is lovely today"), None);
        assert_eq!(topic("今天天气很好"), None);
        assert_eq!(topic(""), None);
    }
}
