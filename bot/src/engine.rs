//! The conversation: `(dialogue, message) -> (dialogue, replies)`, with no channel type
//! in sight. Front ends (terminal, Telegram, WeChat) only carry text and buttons.

use casebook_core::{Campaign, Lang};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::faq::best_topic;

/// What the bot remembers of one conversation between messages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dialogue {
    pub lang: Lang,
    pub state: State,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum State {
    /// Between questions.
    #[default]
    Menu,
    /// Asked which language to use.
    ChoosingLanguage,
}

/// A button: what it shows, and what pressing it sends back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub label: String,
    pub data: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub text: String,
    pub choices: Vec<Choice>,
}

impl Reply {
    fn text(text: impl Into<String>) -> Reply {
        Reply {
            text: text.into(),
            choices: Vec::new(),
        }
    }
}

/// The result of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    pub dialogue: Dialogue,
    pub replies: Vec<Reply>,
    /// A question the bot could not answer, for the organizers' inbox.
    pub unanswered: Option<String>,
}

/// The engine for one campaign.
#[derive(Debug, Clone)]
pub struct Engine {
    campaign: std::sync::Arc<Campaign>,
}

fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

impl Engine {
    pub fn new(campaign: std::sync::Arc<Campaign>) -> Engine {
        Engine { campaign }
    }

    /// Answers one message. `now` decides whether the call is still open.
    pub fn handle(&self, dialogue: &Dialogue, message: &str, now: Timestamp) -> Turn {
        let message = message.trim();
        let mut dialogue = dialogue.clone();
        // Someone who writes in Chinese is answered in Chinese.
        if has_chinese(message) {
            dialogue.lang = Lang::Zh;
        }
        let lang = dialogue.lang;
        let (command, argument) = match message.strip_prefix('/') {
            Some(rest) => {
                let (c, a) = rest.split_once(' ').unwrap_or((rest, ""));
                (Some(c.to_ascii_lowercase()), a.trim())
            }
            None => (None, ""),
        };
        let mut unanswered = None;
        let replies = match (command.as_deref(), &dialogue.state) {
            (Some("start"), _) => {
                dialogue.state = State::Menu;
                vec![self.welcome(lang, now), self.menu(lang)]
            }
            (Some("help"), _) => {
                dialogue.state = State::Menu;
                vec![self.help(lang), self.menu(lang)]
            }
            (Some("cancel"), _) => {
                dialogue.state = State::Menu;
                vec![
                    Reply::text(
                        lang.pick("OK, stopped. What next?", "好的，已取消。接下来做什么？"),
                    ),
                    self.menu(lang),
                ]
            }
            (Some("language"), _) => {
                dialogue.state = State::ChoosingLanguage;
                vec![self.language_question()]
            }
            (Some("lang"), _) => {
                dialogue.lang = Lang::from_tag(argument);
                dialogue.state = State::Menu;
                let lang = dialogue.lang;
                vec![
                    Reply::text(lang.pick("I will answer in English.", "我会用中文回答。")),
                    self.menu(lang),
                ]
            }
            (Some("faq"), _) => match self.campaign.faq.iter().find(|t| t.id == argument) {
                Some(topic) => vec![self.answer(topic, lang, now), self.menu(lang)],
                None => vec![self.menu(lang)],
            },
            (Some(_), _) => vec![
                Reply::text(lang.pick(
                    "I do not know that command. Here is what I can do:",
                    "我不认识这个指令。我可以：",
                )),
                self.help(lang),
            ],
            (None, State::ChoosingLanguage) => {
                // A typed answer to the language question.
                let lower = message.to_lowercase();
                dialogue.lang =
                    if has_chinese(message) || lower.starts_with("zh") || lower.contains("chinese")
                    {
                        Lang::Zh
                    } else {
                        Lang::En
                    };
                dialogue.state = State::Menu;
                let lang = dialogue.lang;
                vec![
                    Reply::text(lang.pick("I will answer in English.", "我会用中文回答。")),
                    self.menu(lang),
                ]
            }
            (None, State::Menu) => match best_topic(&self.campaign, message) {
                Some(topic) => vec![self.answer(topic, lang, now)],
                None if message.is_empty() => vec![self.menu(lang)],
                None => {
                    unanswered = Some(message.to_string());
                    vec![self.not_understood(lang), self.menu(lang)]
                }
            },
        };
        Turn {
            dialogue,
            replies,
            unanswered,
        }
    }

    /// What to say to someone coming back to a saved conversation: where they were.
    pub fn resume(&self, dialogue: &Dialogue) -> Vec<Reply> {
        let lang = dialogue.lang;
        let greeting = Reply::text(lang.pick(
            "Welcome back! We can carry on where we left off.",
            "欢迎回来！我们接着上次继续。",
        ));
        match dialogue.state {
            State::Menu => vec![greeting, self.menu(lang)],
            State::ChoosingLanguage => vec![greeting, self.language_question()],
        }
    }

    fn language_question(&self) -> Reply {
        Reply {
            text: "Which language? / 请选择语言：".into(),
            choices: vec![
                Choice {
                    label: "English".into(),
                    data: "/lang en".into(),
                },
                Choice {
                    label: "中文".into(),
                    data: "/lang zh".into(),
                },
            ],
        }
    }

    fn welcome(&self, lang: Lang, now: Timestamp) -> Reply {
        let c = &self.campaign;
        let status = if c.is_open(now) {
            match lang {
                Lang::En => format!("Applications are open until {}.", c.deadline_text(lang)),
                Lang::Zh => format!("申报截止日期为{}。", c.deadline_text(lang)),
            }
        } else {
            match lang {
                Lang::En => format!(
                    "This call closed on {}, so applications can no longer be submitted, but I am happy to answer questions.",
                    c.deadline_text(lang)
                ),
                Lang::Zh => format!(
                    "本次征集已于{}截止，不能再提交申报，但我仍可以回答您的问题。",
                    c.deadline_text(lang)
                ),
            }
        };
        let text = match lang {
            Lang::En => format!(
                "Hello! I am the assistant for the {}. Ask me anything about the call, or pick a question below. {status}",
                c.title.get(lang)
            ),
            Lang::Zh => format!(
                "您好！我是{}的助手。有关征集的问题都可以问我，也可以从下面选择。{status}",
                c.title.get(lang)
            ),
        };
        Reply::text(text)
    }

    fn menu(&self, lang: Lang) -> Reply {
        let mut choices: Vec<Choice> = self
            .campaign
            .faq
            .iter()
            .map(|t| Choice {
                label: t.question.get(lang).to_string(),
                data: format!("/faq {}", t.id),
            })
            .collect();
        choices.push(Choice {
            label: lang.pick("中文 / English", "English / 中文").into(),
            data: "/language".into(),
        });
        Reply {
            text: lang
                .pick("What would you like to know?", "您想了解什么？")
                .into(),
            choices,
        }
    }

    fn help(&self, lang: Lang) -> Reply {
        Reply::text(lang.pick(
            "Type a question in your own words (English or Chinese), or use:\n/start - start again\n/help - this help\n/language - English or Chinese\n/cancel - stop what we are doing",
            "直接输入问题即可（中文或英文），也可以使用：\n/start - 重新开始\n/help - 帮助\n/language - 切换语言\n/cancel - 取消当前操作",
        ))
    }

    fn answer(
        &self,
        topic: &casebook_core::campaign::FaqTopic,
        lang: Lang,
        now: Timestamp,
    ) -> Reply {
        let mut text = topic.answer.get(lang).to_string();
        if topic.id == "schedule" && !self.campaign.is_open(now) {
            text.push_str(match lang {
                Lang::En => " The call is now closed.",
                Lang::Zh => " 本次征集现已截止。",
            });
        }
        Reply::text(text)
    }

    fn not_understood(&self, lang: Lang) -> Reply {
        let c = &self.campaign.contact;
        let text = match lang {
            Lang::En => format!(
                "Sorry, I do not know the answer to that yet. I have passed your question to the organizers. You can also write to {} at {}.",
                c.name.get(lang),
                c.email
            ),
            Lang::Zh => format!(
                "抱歉，这个问题我暂时无法回答，已转交主办方。您也可以联系{}：{}。",
                c.name.get(lang),
                c.email
            ),
        };
        Reply::text(text)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    const OPEN: &str = "2024-05-01T00:00:00Z";
    const CLOSED: &str = "2024-07-01T00:00:00Z";

    fn engine() -> Engine {
        Engine::new(Arc::new(Campaign::builtin()))
    }

    fn say(d: &Dialogue, msg: &str, now: &str) -> Turn {
        engine().handle(d, msg, now.parse().unwrap())
    }

    #[test]
    fn start_greets_with_the_deadline_and_offers_every_topic() {
        let turn = say(&Dialogue::default(), "/start", OPEN);
        assert!(
            turn.replies[0].text.contains("open until 20 June 2024"),
            "{}",
            turn.replies[0].text
        );
        let menu = &turn.replies[1];
        assert_eq!(
            menu.choices.len(),
            9,
            "eight topics and the language switch"
        );
        assert!(menu.choices.iter().any(|c| c.data == "/faq schedule"));
    }

    #[test]
    fn after_the_deadline_the_bot_says_so_and_still_answers() {
        let turn = say(&Dialogue::default(), "/start", CLOSED);
        assert!(turn.replies[0].text.contains("closed on 20 June 2024"));
        let turn = say(&turn.dialogue, "when is the deadline?", CLOSED);
        assert!(
            turn.replies[0].text.contains("20 June 2024")
                && turn.replies[0].text.contains("now closed")
        );
    }

    #[test]
    fn a_button_answers_its_topic() {
        let turn = say(&Dialogue::default(), "/faq eligibility", OPEN);
        assert!(turn.replies[0].text.contains("2 or more countries"));
    }

    #[test]
    fn a_chinese_question_is_answered_in_chinese_from_then_on() {
        let turn = say(&Dialogue::default(), "截止日期是哪天？", OPEN);
        assert_eq!(turn.dialogue.lang, Lang::Zh);
        assert!(turn.replies[0].text.contains("2024年6月20日"));
        let turn = say(&turn.dialogue, "/help", OPEN);
        assert!(turn.replies[0].text.contains("帮助"));
    }

    #[test]
    fn the_language_can_be_chosen_by_button_or_by_typing() {
        let turn = say(&Dialogue::default(), "/language", OPEN);
        assert_eq!(turn.dialogue.state, State::ChoosingLanguage);
        let by_button = say(&turn.dialogue, "/lang zh", OPEN);
        assert_eq!(
            by_button.dialogue,
            Dialogue {
                lang: Lang::Zh,
                state: State::Menu
            }
        );
        let by_typing = say(&turn.dialogue, "Chinese please", OPEN);
        assert_eq!(by_typing.dialogue.lang, Lang::Zh);
        let back = say(&by_typing.dialogue, "/lang en", OPEN);
        assert_eq!(back.dialogue.lang, Lang::En);
    }

    #[test]
    fn an_unanswerable_question_is_passed_on_with_the_contact() {
        let turn = say(
            &Dialogue::default(),
            "Can I pay the fee by credit card?",
            OPEN,
        );
        assert_eq!(
            turn.unanswered.as_deref(),
            Some("Can I pay the fee by credit card?")
        );
        assert!(turn.replies[0].text.contains("practice@wicinternet.org"));
        assert!(
            turn.replies[0]
                .text
                .contains("passed your question to the organizers")
        );
    }

    #[test]
    fn an_unknown_command_explains_what_works_and_cancel_always_works() {
        let turn = say(&Dialogue::default(), "/frobnicate", OPEN);
        assert!(turn.replies[1].text.contains("/help"));
        let choosing = Dialogue {
            lang: Lang::En,
            state: State::ChoosingLanguage,
        };
        assert_eq!(say(&choosing, "/cancel", OPEN).dialogue.state, State::Menu);
    }

    #[test]
    fn a_returning_user_is_shown_where_they_were() {
        let choosing = Dialogue {
            lang: Lang::Zh,
            state: State::ChoosingLanguage,
        };
        let replies = engine().resume(&choosing);
        assert!(replies[0].text.contains("欢迎回来"));
        assert_eq!(replies[1].choices.len(), 2);
    }

    #[test]
    fn the_dialogue_survives_a_round_trip_through_json() {
        let d = Dialogue {
            lang: Lang::Zh,
            state: State::ChoosingLanguage,
        };
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(serde_json::from_str::<Dialogue>(&json).unwrap(), d);
    }
}
