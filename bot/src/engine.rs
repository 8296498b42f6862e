//! The conversation: `(dialogue, message) -> (dialogue, replies)`, with no channel type
//! in sight. Front ends (terminal, Telegram, WeChat) only carry text and buttons.

use casebook_core::ChatIdentity;
use casebook_core::application::MAX_SECTION_CHARS;
use casebook_core::{
    Application, ApplicationError, ApplicationId, ApplicationPatch, ApplicationService, Attachment,
    AttachmentError, AttachmentService, AttachmentStatus, Campaign, Confirmation, DraftRef,
    EditToken, LINK_MINUTES, Lang, NewAttachment,
};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::faq::best_topic;
use crate::wizard::{self, Step};

/// The longest message the engine reads: a whole section and some room around it.
pub const MAX_MESSAGE_CHARS: usize = MAX_SECTION_CHARS + 1_000;

/// What the bot remembers of one conversation between messages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dialogue {
    pub lang: Lang,
    pub state: State,
    /// Every application started in this conversation, newest last (for `/status`). The
    /// chat owns them: no token is kept.
    #[serde(default)]
    pub applications: Vec<DraftRef>,
    /// The chat this conversation is held in (`telegram:12345`), which owns its
    /// applications; set by [`crate::conversation`] from the conversation's key.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub chat: String,
    /// Replies that could not be sent (the channel failed after the answer was saved),
    /// kept to be sent before anything else.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undelivered: Vec<Reply>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum State {
    /// Between questions.
    #[default]
    Menu,
    /// Asked which language to use.
    ChoosingLanguage,
    /// Filling in an application, one step at a time; `editing` returns to the summary.
    Applying {
        step: Step,
        #[serde(default)]
        editing: bool,
    },
    /// Looking at the summary, about to submit or edit.
    Reviewing,
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
    pub fn text(text: impl Into<String>) -> Reply {
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

/// The engine: the campaign's FAQ and the applicant service behind the wizard.
#[derive(Clone)]
pub struct Engine {
    apps: ApplicationService,
    /// Where files go, and how this front end's applicants send them.
    files: Option<(AttachmentService, FileInput)>,
}

/// How an applicant hands over a file in a front end that takes files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileInput {
    /// Sent in the chat as a document (Telegram).
    Documents,
    /// Named by its path: `/attach PATH` (the terminal, on the applicant's own machine).
    Paths,
}

/// A file offered in a chat, accepted for fetching or refused before any byte is fetched.
pub enum FileOffer {
    Accepted(Attachment),
    Refused(Vec<Reply>),
}

/// The chat a conversation is held in, which owns its applications.
fn chat_of(dialogue: &Dialogue) -> ChatIdentity {
    ChatIdentity(dialogue.chat.clone())
}

fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

/// Words that finish a list or skip an optional answer.
fn is_done(text: &str) -> bool {
    matches!(
        text.trim().to_lowercase().as_str(),
        "/done" | "done" | "完成" | "/skip" | "skip" | "跳过"
    )
}

impl Engine {
    pub fn new(apps: ApplicationService) -> Engine {
        Engine { apps, files: None }
    }

    /// Lets applicants add files to their draft: the wizard asks for them, and
    /// [`Engine::offer_file`] / [`Engine::receive_file`] take them.
    pub fn with_attachments(mut self, attachments: AttachmentService, input: FileInput) -> Engine {
        self.files = Some((attachments, input));
        self
    }

    /// The wizard's next step: the files step only where files can be sent.
    fn next_step(&self, step: Step) -> Option<Step> {
        step.next().filter(|s| self.has_step(*s))
    }

    fn has_step(&self, step: Step) -> bool {
        step != Step::Attachments || self.files.is_some()
    }

    fn campaign(&self) -> &Campaign {
        self.apps.campaign()
    }

    /// The engine's clock.
    pub fn now(&self) -> Timestamp {
        self.apps.now()
    }

    /// Whether the question being asked wants a long text (one of the four sections), so
    /// a front end that reads line by line takes several lines as one answer.
    pub fn expects_long_text(dialogue: &Dialogue) -> bool {
        matches!(dialogue.state, State::Applying { step, .. } if step.section().is_some())
    }

    /// Answers one message. A message longer than [`MAX_MESSAGE_CHARS`] is refused
    /// before any other work.
    pub async fn handle(&self, dialogue: &Dialogue, message: &str) -> Turn {
        let now = self.apps.now();
        let message = message.trim();
        let mut dialogue = dialogue.clone();
        if message.chars().nth(MAX_MESSAGE_CHARS).is_some() {
            let text = match dialogue.lang {
                Lang::En => format!(
                    "That message is too long for me: at most {MAX_MESSAGE_CHARS} characters. A section of the application may have up to {MAX_SECTION_CHARS}."
                ),
                Lang::Zh => format!(
                    "消息太长：最多{MAX_MESSAGE_CHARS}个字符。申报的每个部分最多{MAX_SECTION_CHARS}个字符。"
                ),
            };
            return Turn {
                dialogue,
                replies: vec![Reply::text(text)],
                unanswered: None,
            };
        }
        self.give_up_tokens(&mut dialogue).await;
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
        let replies = match (command.as_deref(), dialogue.state.clone()) {
            (Some("start"), _) => {
                dialogue.state = State::Menu;
                vec![self.welcome(lang, now), self.menu(lang, now)]
            }
            (Some("help"), _) => vec![self.help(lang)],
            (Some("cancel"), _) => {
                dialogue.state = State::Menu;
                let text = if dialogue.applications.is_empty() {
                    lang.pick("OK, stopped. What next?", "好的，已取消。接下来做什么？")
                } else {
                    lang.pick(
                        "OK, stopped. Your draft is kept: /apply carries on with it.",
                        "好的，已暂停。草稿已保存：发送 /apply 可继续填写。",
                    )
                };
                vec![Reply::text(text), self.menu(lang, now)]
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
                    self.menu(lang, now),
                ]
            }
            (Some("faq"), _) => match self.campaign().faq.iter().find(|t| t.id == argument) {
                Some(topic) => vec![self.answer(topic, lang, now), self.menu(lang, now)],
                None => vec![self.menu(lang, now)],
            },
            // An area button, pressed while the area is asked.
            (
                Some("area"),
                State::Applying {
                    step: Step::Area,
                    editing,
                },
            ) => {
                self.answer_step(&mut dialogue, Step::Area, editing, message)
                    .await
            }
            (Some("apply"), _) => self.apply(&mut dialogue).await,
            (Some("status"), _) => vec![self.status(&dialogue).await],
            (Some("edit"), _) => match (
                dialogue.applications.last(),
                Step::from_field(argument).filter(|s| self.has_step(*s)),
            ) {
                (Some(_), Some(step)) => {
                    dialogue.state = State::Applying {
                        step,
                        editing: true,
                    };
                    vec![self.ask(step, lang)]
                }
                (Some(_), None) => vec![self.edit_menu(lang)],
                (None, _) => vec![Reply::text(lang.pick(
                    "There is no application to edit yet: /apply starts one.",
                    "还没有可修改的申报：发送 /apply 开始。",
                ))],
            },
            (Some("submit"), _) => self.submit(&mut dialogue).await,
            (Some("link"), _) if argument.is_empty() => vec![self.make_link(&dialogue).await],
            (Some("link"), _) => vec![self.use_link(&mut dialogue, argument).await],
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
                    self.menu(lang, now),
                ]
            }
            (None, State::Applying { step, editing }) => {
                self.answer_step(&mut dialogue, step, editing, message)
                    .await
            }
            (None, State::Reviewing) => vec![self.summary(&dialogue).await],
            (None, State::Menu) => match best_topic(self.campaign(), message) {
                Some(topic) => vec![self.answer(topic, lang, now)],
                None if message.is_empty() => vec![self.menu(lang, now)],
                None => {
                    unanswered = Some(message.to_string());
                    vec![self.not_understood(lang), self.menu(lang, now)]
                }
            },
        };
        Turn {
            dialogue,
            replies,
            unanswered,
        }
    }

    fn current(&self, dialogue: &Dialogue) -> Option<(ApplicationId, ChatIdentity)> {
        let draft = dialogue.applications.last()?;
        Some((ApplicationId::parse(&draft.id)?, chat_of(dialogue)))
    }

    /// A conversation saved by an earlier version kept each application's edit token:
    /// the chat becomes an owner instead, and the token is dropped (kept only while the
    /// store cannot be reached, to try again with the next message).
    async fn give_up_tokens(&self, dialogue: &mut Dialogue) {
        let chat = chat_of(dialogue);
        for draft in &mut dialogue.applications {
            let (Some(token), Some(id)) = (&draft.token, ApplicationId::parse(&draft.id)) else {
                continue;
            };
            match self
                .apps
                .adopt_in_chat(id, &EditToken::presented(token), &chat)
                .await
            {
                Ok(_) | Err(ApplicationError::NotFound) => draft.token = None,
                Err(e) => tracing::warn!(error = %e, "a saved token could not be given up yet"),
            }
        }
    }

    async fn read_current(&self, dialogue: &Dialogue) -> Option<Application> {
        let (id, token) = self.current(dialogue)?;
        self.apps.read(id, &token).await.ok()
    }

    fn trouble(&self, lang: Lang, e: &ApplicationError) -> Reply {
        // The failure is the store's; the service has logged it.
        let _ = e;
        Reply::text(lang.pick(
            "Sorry, something went wrong on our side. Please try again in a moment.",
            "抱歉，系统出了点问题，请稍后再试。",
        ))
    }

    /// Starts an application, or carries on with the one in progress.
    async fn apply(&self, dialogue: &mut Dialogue) -> Vec<Reply> {
        let lang = dialogue.lang;
        let now = self.apps.now();
        if !self.campaign().is_open(now) {
            dialogue.state = State::Menu;
            return vec![Reply::text(match lang {
                Lang::En => format!(
                    "This call closed on {}, so applications can no longer be submitted. I can still answer questions.",
                    self.campaign().deadline_text(lang)
                ),
                Lang::Zh => format!(
                    "本次征集已于{}截止，不能再提交申报。我仍可以回答问题。",
                    self.campaign().deadline_text(lang)
                ),
            })];
        }
        if let Some(app) = self.read_current(dialogue).await
            && app.status == casebook_core::Status::Draft
        {
            // Carry on at the first unanswered step (or the summary).
            let review = self.apps.review(&app);
            let missing = Step::ALL.into_iter().find(|s| {
                !s.optional()
                    && review
                        .problems
                        .iter()
                        .any(|p| p.field == s.field() && p.code() == "missing")
            });
            return match missing {
                Some(step) => {
                    dialogue.state = State::Applying {
                        step,
                        editing: false,
                    };
                    vec![
                        Reply::text(
                            lang.pick("Let us carry on with your draft.", "我们继续填写您的草稿。"),
                        ),
                        self.ask(step, lang),
                    ]
                }
                None => {
                    dialogue.state = State::Reviewing;
                    vec![self.summary(dialogue).await]
                }
            };
        }
        match self.apps.create_draft_in_chat(&chat_of(dialogue)).await {
            Ok(app) => {
                dialogue.applications.push(DraftRef::new(app.id));
                dialogue.state = State::Applying {
                    step: Step::PracticeName,
                    editing: false,
                };
                vec![
                    Reply::text(lang.pick(
                        "Let us fill in your application, one question at a time. You can stop at any moment (/cancel) and carry on later (/apply); nothing is lost.",
                        "我们一步一步填写申报。随时可以暂停（/cancel），之后再继续（/apply），内容不会丢失。",
                    )),
                    self.ask(Step::PracticeName, lang),
                ]
            }
            Err(e) => vec![self.trouble(lang, &e)],
        }
    }

    fn ask(&self, step: Step, lang: Lang) -> Reply {
        let text = step.question(self.campaign(), lang);
        let choices = match step {
            Step::Area => self
                .campaign()
                .areas
                .iter()
                .map(|a| Choice {
                    label: a.name.get(lang).to_string(),
                    data: format!("/area {}", a.id),
                })
                .collect(),
            Step::Partners => vec![Choice {
                label: lang.pick("Done", "完成").into(),
                data: "done".into(),
            }],
            Step::CollectingOrganization => {
                vec![Choice {
                    label: lang.pick("Skip", "跳过").into(),
                    data: "skip".into(),
                }]
            }
            Step::Attachments => vec![Choice {
                label: lang.pick("Done", "完成").into(),
                data: "done".into(),
            }],
            _ => Vec::new(),
        };
        // Sentences follow each other with a space in English, without one in Chinese.
        let gap = lang.pick(" ", "");
        let text = match (step, self.files.as_ref().map(|f| f.1)) {
            (Step::Attachments, Some(FileInput::Documents)) => format!(
                "{text}{gap}{}",
                lang.pick(
                    "Send them here one at a time: files, photos or videos (Telegram lets me fetch up to 20 MB each). Press Done when you have sent them all, or if you have none.",
                    "请逐个发送到这里：文件、照片或视频均可（Telegram 允许机器人获取的单个文件不超过20 MB）。全部发送后，或没有文件时，请点“完成”。",
                )
            ),
            (Step::Attachments, Some(FileInput::Paths)) => format!(
                "{text}{gap}{}",
                lang.pick(
                    "Type /attach and the file's path, one file at a time, for example: /attach ~/Documents/brochure.pdf. Press Done when you have added them all, or if you have none.",
                    "请输入 /attach 加文件路径，每次一个文件，例如：/attach ~/Documents/brochure.pdf。全部添加后，或没有文件时，请点“完成”。",
                )
            ),
            _ => text,
        };
        Reply { text, choices }
    }

    /// Saves one answer through the domain; a bad one gets the domain's message and the
    /// same question again.
    async fn answer_step(
        &self,
        dialogue: &mut Dialogue,
        step: Step,
        editing: bool,
        message: &str,
    ) -> Vec<Reply> {
        let lang = dialogue.lang;
        let Some((id, token)) = self.current(dialogue) else {
            dialogue.state = State::Menu;
            return vec![self.menu(lang, self.apps.now())];
        };
        let app = match self.apps.read(id, &token).await {
            Ok(app) => app,
            Err(e) => return vec![self.trouble(lang, &e)],
        };
        let advance = |dialogue: &mut Dialogue, extra: Vec<Reply>| -> (Vec<Reply>, Option<Step>) {
            let next = if editing { None } else { self.next_step(step) };
            dialogue.state = match next {
                Some(next) => State::Applying {
                    step: next,
                    editing: false,
                },
                None => State::Reviewing,
            };
            (extra, next)
        };
        // Finishing the partner list, or skipping an optional answer.
        if step.optional() && is_done(message) {
            let (replies, next) = advance(dialogue, Vec::new());
            return self.after(dialogue, replies, next).await;
        }
        if message.is_empty() {
            return vec![self.ask(step, lang)];
        }
        if step == Step::Attachments {
            // Text while files are asked for: say again how to send them.
            return vec![self.ask(step, lang)];
        }
        let text = if step == Step::Area {
            match wizard::area(self.campaign(), message) {
                Some(id) => id.to_string(),
                None => {
                    let mut again = self.ask(step, lang);
                    again.text = format!(
                        "{} {}",
                        lang.pick(
                            "Please choose one of these areas.",
                            "请从以下领域中选择一个。"
                        ),
                        again.text
                    );
                    return vec![again];
                }
            }
        } else {
            message.to_string()
        };
        let partners: Vec<serde_json::Value> = app
            .content
            .partners
            .iter()
            .map(|p| serde_json::json!({"name": p.name, "country": p.country.map(|c| c.to_string())}))
            .collect();
        let Some(patch) = wizard::patch(step, &text, &partners) else {
            // Only a partner without ", Country" can fail to make a patch.
            return vec![Reply::text(lang.pick(
                "Please write the partner as \"Name, Country\", for example \"Example Networks Kenya, Kenya\".",
                "请按“名称, 国家”的格式填写，例如“Example Networks Kenya, 肯尼亚”。",
            ))];
        };
        let patch: ApplicationPatch = match serde_json::from_value(patch) {
            Ok(p) => p,
            Err(_) => return vec![self.ask(step, lang)],
        };
        let saved = match self.apps.update_draft(id, &token, app.version, patch).await {
            Ok(saved) => saved,
            Err(ApplicationError::Invalid(problem)) => {
                return vec![
                    Reply::text(problem.message(self.campaign(), lang)),
                    self.ask(step, lang),
                ];
            }
            Err(e) => return vec![self.trouble(lang, &e)],
        };
        // Blocking problems with this very answer (too many words, not English, one
        // country) send the question back; warnings are passed on as tips.
        let review = self.apps.review(&saved);
        let about = |p: &&casebook_core::Problem| p.field == step.field() && p.code() != "missing";
        let blocking: Vec<String> = review
            .problems
            .iter()
            .filter(about)
            .map(|p| p.message(self.campaign(), lang))
            .collect();
        if !blocking.is_empty() {
            return vec![Reply::text(blocking.join("\n")), self.ask(step, lang)];
        }
        let mut notes: Vec<Reply> = review
            .warnings
            .iter()
            .filter(about)
            .map(|p| Reply::text(p.message(self.campaign(), lang)))
            .collect();
        match step {
            Step::Countries => {
                let names: Vec<String> = saved
                    .content
                    .countries
                    .iter()
                    .map(|c| format!("{} ({c})", c.name(lang)))
                    .collect();
                notes.insert(
                    0,
                    Reply::text(match lang {
                        Lang::En => format!(
                            "{} countries or regions: {}.",
                            names.len(),
                            names.join(", ")
                        ),
                        Lang::Zh => {
                            format!("共{}个国家或地区：{}。", names.len(), names.join("、"))
                        }
                    }),
                );
            }
            Step::Partners => {
                // Stay on the partners list until Done.
                let n = saved.content.partners.len();
                notes.push(Reply {
                    text: match lang {
                        Lang::En => format!(
                            "Added. {n} partner(s) so far. Send the next one, or press Done."
                        ),
                        Lang::Zh => {
                            format!("已添加，目前共{n}家合作机构。请继续填写下一家，或点“完成”。")
                        }
                    },
                    choices: vec![Choice {
                        label: lang.pick("Done", "完成").into(),
                        data: "done".into(),
                    }],
                });
                return notes;
            }
            step => {
                if let Some(key) = step.section()
                    && let Some(text) = saved.content.sections.get(key)
                {
                    let words = casebook_core::text::word_count(text);
                    let limit = self.campaign().sections.get(key).word_limit;
                    notes.insert(
                        0,
                        Reply::text(match lang {
                            Lang::En => format!("Saved: {words} words (the limit is {limit})."),
                            Lang::Zh => format!("已保存：共{words}个词（上限{limit}个）。"),
                        }),
                    );
                }
            }
        }
        let (replies, next) = advance(dialogue, notes);
        self.after(dialogue, replies, next).await
    }

    /// After an answer: the next question, or the summary.
    async fn after(
        &self,
        dialogue: &Dialogue,
        mut replies: Vec<Reply>,
        next: Option<Step>,
    ) -> Vec<Reply> {
        match next {
            Some(step) => replies.push(self.ask(step, dialogue.lang)),
            None => replies.push(self.summary(dialogue).await),
        }
        replies
    }

    /// Every answer, what still blocks submission, and the buttons to edit or submit.
    async fn summary(&self, dialogue: &Dialogue) -> Reply {
        let lang = dialogue.lang;
        let Some(app) = self.read_current(dialogue).await else {
            return self.menu(lang, self.apps.now());
        };
        let c = &app.content;
        let none = lang.pick("(not given)", "（未填写）");
        let or_none = |v: Option<&str>| v.map(str::to_string).unwrap_or_else(|| none.to_string());
        let mut lines = vec![lang.pick("Your application:", "您的申报：").to_string()];
        let countries: Vec<String> = c
            .countries
            .iter()
            .map(|k| k.name(lang).to_string())
            .collect();
        let partners: Vec<String> = c
            .partners
            .iter()
            .map(|p| {
                format!(
                    "{} ({})",
                    or_none(p.name.as_deref()),
                    p.country.map(|k| k.name(lang)).unwrap_or(none)
                )
            })
            .collect();
        let area = c
            .area
            .as_deref()
            .and_then(|a| self.campaign().area(a))
            .map(|a| a.name.get(lang).to_string());
        let words = |k| c.sections.get(k).map(casebook_core::text::word_count);
        // Chinese text takes Chinese punctuation.
        let (colon, comma) = (lang.pick(": ", "："), lang.pick(", ", "、"));
        let mut add = |label: &str, value: String| lines.push(format!("- {label}{colon}{value}"));
        add(
            lang.pick("Practice name", "实践名称"),
            or_none(c.practice_name.as_deref()),
        );
        add(
            lang.pick("Lead organization", "牵头机构"),
            format!(
                "{} ({})",
                or_none(c.lead_organization.name.as_deref()),
                c.lead_organization
                    .country
                    .map(|k| k.name(lang))
                    .unwrap_or(none)
            ),
        );
        add(
            lang.pick("Partners", "合作机构"),
            if partners.is_empty() {
                none.to_string()
            } else {
                partners.join(lang.pick("; ", "；"))
            },
        );
        add(
            lang.pick("Countries", "涉及国家"),
            if countries.is_empty() {
                none.to_string()
            } else {
                format!("{} ({})", countries.join(comma), countries.len())
            },
        );
        add(
            lang.pick("Area", "领域"),
            area.unwrap_or_else(|| none.to_string()),
        );
        for key in casebook_core::SectionKey::ALL {
            let title = self
                .campaign()
                .sections
                .get(key)
                .title
                .get(lang)
                .to_string();
            let value = match words(key) {
                Some(n) => lang.pick(format!("{n} words"), format!("{n}个词")),
                None => none.to_string(),
            };
            add(&title, value);
        }
        add(
            lang.pick("Contact", "联系人"),
            format!(
                "{} <{}>",
                or_none(c.contact.name.as_deref()),
                c.contact.email.as_ref().map(|e| e.as_str()).unwrap_or(none)
            ),
        );
        add(
            lang.pick("Collecting organization", "征集机构"),
            or_none(c.collecting_organization.as_deref()),
        );
        if self.files.is_some() {
            let files: Vec<String> = self
                .apps
                .store()
                .list_attachments(app.id)
                .await
                .unwrap_or_default()
                .into_iter()
                .filter(|a| a.status != AttachmentStatus::Rejected)
                .map(|a| a.filename)
                .collect();
            let value = if files.is_empty() {
                none.to_string()
            } else {
                format!("{} ({})", files.join(comma), files.len())
            };
            lines.push(format!("- {}{colon}{value}", lang.pick("Files", "文件")));
        }
        let review = self.apps.review(&app);
        let mut choices = Vec::new();
        if review.is_ready() {
            lines.push(
                lang.pick(
                    "Everything is in place. Submit it?",
                    "内容已齐全。确认提交吗？",
                )
                .to_string(),
            );
            choices.push(Choice {
                label: lang.pick("Submit", "提交").into(),
                data: "/submit".into(),
            });
        } else {
            lines.push(
                lang.pick("Still to fix before you can submit:", "提交前还需修改：")
                    .to_string(),
            );
            for p in &review.problems {
                lines.push(format!("* {}", p.message(self.campaign(), lang)));
            }
        }
        for p in &review.warnings {
            lines.push(format!("({})", p.message(self.campaign(), lang)));
        }
        let mut edits = self.edit_menu(lang).choices;
        choices.append(&mut edits);
        Reply {
            text: lines.join("\n"),
            choices,
        }
    }

    fn edit_menu(&self, lang: Lang) -> Reply {
        let labels: [(&str, &str); 14] = [
            ("Edit name", "修改名称"),
            ("Edit lead organization", "修改牵头机构"),
            ("Edit lead's country", "修改牵头机构国家"),
            ("Edit partners", "修改合作机构"),
            ("Edit countries", "修改涉及国家"),
            ("Edit area", "修改领域"),
            ("Edit background", "修改案例背景"),
            ("Edit cooperation", "修改国际合作"),
            ("Edit modalities", "修改实施方式"),
            ("Edit benefits", "修改益处"),
            ("Edit contact name", "修改联系人"),
            ("Edit e-mail", "修改邮箱"),
            ("Edit collecting organization", "修改征集机构"),
            ("Add files", "添加文件"),
        ];
        let choices = Step::ALL
            .iter()
            .zip(labels)
            .filter(|(s, _)| self.has_step(**s))
            .map(|(s, (en, zh))| Choice {
                label: lang.pick(en, zh).into(),
                data: format!("/edit {}", s.field()),
            })
            .collect();
        Reply {
            text: lang
                .pick("Which answer do you want to change?", "要修改哪一项？")
                .into(),
            choices,
        }
    }

    async fn submit(&self, dialogue: &mut Dialogue) -> Vec<Reply> {
        let lang = dialogue.lang;
        let Some((id, token)) = self.current(dialogue) else {
            return vec![Reply::text(lang.pick(
                "There is nothing to submit yet: /apply starts an application.",
                "还没有可提交的申报：发送 /apply 开始。",
            ))];
        };
        match self.apps.submit(id, &token).await {
            Ok(app) => {
                dialogue.state = State::Menu;
                let mailed = matches!(app.confirmation, Some(Confirmation::Sent { .. }));
                let reference = app.reference.map(|r| r.to_string()).unwrap_or_default();
                let period = self.campaign().review_period_text(lang);
                let mut replies = vec![Reply::text(match lang {
                    Lang::En => format!(
                        "Submitted! Your reference is {reference}. Keep it for any question about your application. International experts review the cases {period}. Thank you for taking part!"
                    ),
                    Lang::Zh => format!(
                        "提交成功！您的申报编号为 {reference}，咨询时请提供此编号。国际专家将于{period}评审。感谢参与！"
                    ),
                })];
                if !mailed {
                    replies.push(Reply::text(lang.pick(
                        "(The confirmation e-mail could not be sent yet; we will try again. Your application is safely submitted: keep the reference above.)",
                        "（确认邮件暂未发出，我们会再次尝试；您的申报已成功提交，请保存上面的编号。）",
                    )));
                }
                replies
            }
            Err(ApplicationError::NotReady(problems)) => {
                dialogue.state = State::Reviewing;
                let mut lines = vec![
                    lang.pick("Not yet: please fix these first.", "暂不能提交，请先修改：")
                        .to_string(),
                ];
                lines.extend(
                    problems
                        .iter()
                        .map(|p| format!("* {}", p.message(self.campaign(), lang))),
                );
                vec![Reply::text(lines.join("\n")), self.edit_menu(lang)]
            }
            Err(ApplicationError::DeadlinePassed) => vec![Reply::text(
                casebook_core::Problem::new("deadline", casebook_core::ProblemKind::DeadlinePassed)
                    .message(self.campaign(), lang),
            )],
            Err(e) => vec![self.trouble(lang, &e)],
        }
    }

    /// A file the applicant is sending (its name, type and size): checked against the
    /// call's limits and recorded as pending before any byte is fetched, or refused with
    /// the reason. A missing or generic type is taken from the name's extension; the
    /// bytes are checked against the type when they arrive.
    pub async fn offer_file(&self, dialogue: &Dialogue, mut file: NewAttachment) -> FileOffer {
        let lang = dialogue.lang;
        let (Some((attachments, _)), Some((id, token))) = (&self.files, self.current(dialogue))
        else {
            return FileOffer::Refused(vec![Reply::text(lang.pick(
                "Start an application first (/apply), then send the file to add it.",
                "请先开始申报（/apply），再发送文件即可添加。",
            ))]);
        };
        let rules = &self.campaign().attachments;
        if rules.type_for(&file.content_type).is_none()
            && let Some(kind) = rules.type_for_filename(&file.filename)
        {
            file.content_type = kind.content_type.clone();
        }
        match attachments.grant_upload(id, &token, file).await {
            Ok((attachment, _grant)) => FileOffer::Accepted(attachment),
            Err(e) => FileOffer::Refused(vec![Reply::text(self.file_refusal(&e, lang))]),
        }
    }

    /// The bytes of a file [`Engine::offer_file`] accepted: stored and checked, and the
    /// applicant told the outcome (while the wizard asks for files, with how many so far).
    pub async fn receive_file(
        &self,
        dialogue: &Dialogue,
        attachment: &Attachment,
        bytes: Vec<u8>,
    ) -> Vec<Reply> {
        let lang = dialogue.lang;
        let Some((attachments, _)) = &self.files else {
            return Vec::new();
        };
        let checked = match attachments.store_file(attachment, bytes).await {
            Ok(checked) => checked,
            Err(e) => return vec![Reply::text(self.file_refusal(&e, lang))],
        };
        let mut text = match (&checked.reason, lang) {
            (Some(reason), _) => reason.message(lang),
            (None, Lang::En) => format!("Added {} to your application.", checked.filename),
            (None, Lang::Zh) => format!("已将 {} 添加到您的申报。", checked.filename),
        };
        let asking = matches!(
            dialogue.state,
            State::Applying {
                step: Step::Attachments,
                ..
            }
        );
        if !asking {
            return vec![Reply::text(text)];
        }
        let kept = attachments
            .applications()
            .store()
            .list_attachments(checked.application)
            .await
            .map(|all| {
                all.iter()
                    .filter(|a| a.status == AttachmentStatus::Verified)
                    .count()
            })
            .unwrap_or_default();
        text.push_str(lang.pick(" ", ""));
        text.push_str(&match lang {
            Lang::En => format!("{kept} file(s) so far. Send another, or press Done."),
            Lang::Zh => format!("目前共{kept}个文件。可继续发送，或点“完成”。"),
        });
        vec![Reply {
            text,
            choices: vec![Choice {
                label: lang.pick("Done", "完成").into(),
                data: "done".into(),
            }],
        }]
    }

    /// Forgets a file [`Engine::offer_file`] accepted whose bytes never came (the
    /// channel failed to hand them over), so it does not count against the limits.
    pub async fn abandon_file(&self, dialogue: &Dialogue, attachment: &Attachment) {
        let (Some((attachments, _)), Some((id, token))) = (&self.files, self.current(dialogue))
        else {
            return;
        };
        if let Err(e) = attachments.delete(id, &token, attachment.id).await {
            // Swept later with the other abandoned uploads.
            tracing::warn!(error = %e, attachment_id = %attachment.id, "an abandoned file stays pending until swept");
        }
    }

    /// Why a file could not be added, for the applicant.
    fn file_refusal(&self, e: &AttachmentError, lang: Lang) -> String {
        if let Some(message) = e.limit_message(self.campaign(), lang) {
            return message;
        }
        match e {
            AttachmentError::NotDraft { .. } => lang
                .pick(
                    "Files can only be added while the application is a draft.",
                    "只有草稿状态的申报可以添加文件。",
                )
                .into(),
            _ => lang
                .pick(
                    "Sorry, the file could not be added right now. Please try again.",
                    "抱歉，暂时无法添加文件，请稍后再试。",
                )
                .into(),
        }
    }

    /// A one-time code that opens the current draft in another chat or over HTTP.
    async fn make_link(&self, dialogue: &Dialogue) -> Reply {
        let lang = dialogue.lang;
        let Some((id, token)) = self.current(dialogue) else {
            return Reply::text(lang.pick(
                "There is no application to continue elsewhere yet: /apply starts one.",
                "还没有可在别处继续的申报：发送 /apply 开始。",
            ));
        };
        match self.apps.create_link(id, &token).await {
            Ok(link) => {
                let code = link.code;
                Reply::text(match lang {
                    Lang::En => format!(
                        "Your code is {code}. In the other chat, send /link {code} within {LINK_MINUTES} minutes to carry on with this application there (or give the code to POST /link on the web API). It works once."
                    ),
                    Lang::Zh => format!(
                        "您的代码是 {code}。请在{LINK_MINUTES}分钟内在另一个聊天中发送 /link {code}，即可在那里继续这份申报（也可通过网页接口 POST /link 使用）。代码只能使用一次。"
                    ),
                })
            }
            Err(e) => self.trouble(lang, &e),
        }
    }

    /// Opens in this chat the application a code from another chat (or the HTTP API)
    /// carries.
    async fn use_link(&self, dialogue: &mut Dialogue, code: &str) -> Reply {
        let lang = dialogue.lang;
        let app = match self
            .apps
            .redeem_link_in_chat(code, &chat_of(dialogue))
            .await
        {
            Ok(app) => app,
            Err(ApplicationError::LinkCodeInvalid) => {
                return Reply::text(lang.pick(
                    "This code is not valid or has expired. Send /link in the other chat for a new one.",
                    "此代码无效或已过期。请在另一个聊天中发送 /link 获取新代码。",
                ));
            }
            Err(e) => return self.trouble(lang, &e),
        };
        let draft = DraftRef::new(app.id);
        dialogue.applications.retain(|d| d.id != draft.id);
        dialogue.applications.push(draft);
        dialogue.state = State::Menu;
        Reply::text(lang.pick(
            "Linked! Your application is here now: /apply carries on with it.",
            "已关联！您的申报已在这里：发送 /apply 继续填写。",
        ))
    }

    async fn status(&self, dialogue: &Dialogue) -> Reply {
        let lang = dialogue.lang;
        if dialogue.applications.is_empty() {
            return Reply::text(lang.pick(
                "You have no applications yet: /apply starts one.",
                "您还没有申报：发送 /apply 开始。",
            ));
        }
        let mut lines = vec![lang.pick("Your applications:", "您的申报：").to_string()];
        let chat = chat_of(dialogue);
        for draft in &dialogue.applications {
            let Some(id) = ApplicationId::parse(&draft.id) else {
                continue;
            };
            if let Ok(app) = self.apps.read(id, &chat).await {
                let name = app
                    .content
                    .practice_name
                    .clone()
                    .unwrap_or_else(|| lang.pick("(no name yet)", "（尚未命名）").into());
                let reference = app.reference.map(|r| format!(" {r}")).unwrap_or_default();
                lines.push(format!("- {name}:{reference} {}", app.status));
            }
        }
        Reply::text(lines.join("\n"))
    }

    /// What to say to someone coming back to a saved conversation: where they were.
    pub async fn resume(&self, dialogue: &Dialogue) -> Vec<Reply> {
        let lang = dialogue.lang;
        let greeting = Reply::text(lang.pick(
            "Welcome back! We can carry on where we left off.",
            "欢迎回来！我们接着上次继续。",
        ));
        match &dialogue.state {
            State::Menu => vec![greeting, self.menu(lang, self.apps.now())],
            State::ChoosingLanguage => vec![greeting, self.language_question()],
            State::Applying { step, .. } => vec![greeting, self.ask(*step, lang)],
            State::Reviewing => vec![greeting, self.summary(dialogue).await],
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
        let c = self.campaign();
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

    fn menu(&self, lang: Lang, now: Timestamp) -> Reply {
        let mut choices: Vec<Choice> = Vec::new();
        if self.campaign().is_open(now) {
            choices.push(Choice {
                label: lang.pick("Apply now", "开始申报").into(),
                data: "/apply".into(),
            });
        }
        choices.extend(self.campaign().faq.iter().map(|t| Choice {
            label: t.question.get(lang).to_string(),
            data: format!("/faq {}", t.id),
        }));
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
        let mut text = lang
            .pick(
                "Type a question in your own words (English or Chinese), or use:\n/apply - fill in an application (or carry on)\n/edit FIELD - change one answer\n/status - your applications\n/link - continue in another chat\n/start - start again\n/help - this help\n/language - English or Chinese\n/cancel - stop what we are doing",
                "直接输入问题即可（中文或英文），也可以使用：\n/apply - 填写申报（或继续）\n/edit 字段 - 修改某一项\n/status - 查看申报\n/link - 在另一个聊天中继续\n/start - 重新开始\n/help - 帮助\n/language - 切换语言\n/cancel - 取消当前操作",
            )
            .to_string();
        match self.files.as_ref().map(|f| f.1) {
            Some(FileInput::Paths) => text.push_str(lang.pick(
                "\n/attach PATH - add a file to your application",
                "\n/attach 路径 - 为申报添加文件",
            )),
            Some(FileInput::Documents) => text.push_str(lang.pick(
                "\nSend a file, photo or video to add it to your application.",
                "\n发送文件、照片或视频即可添加到申报。",
            )),
            None => {}
        }
        Reply::text(text)
    }

    fn answer(
        &self,
        topic: &casebook_core::campaign::FaqTopic,
        lang: Lang,
        now: Timestamp,
    ) -> Reply {
        let mut text = topic.answer.get(lang).to_string();
        if topic.id == "schedule" && !self.campaign().is_open(now) {
            text.push_str(match lang {
                Lang::En => " The call is now closed.",
                Lang::Zh => " 本次征集现已截止。",
            });
        }
        Reply::text(text)
    }

    fn not_understood(&self, lang: Lang) -> Reply {
        let c = &self.campaign().contact;
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

    /// An engine on a fresh store, its clock at `now`.
    fn engine(now: &str) -> (Engine, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let store = casebook_embedded::SqliteStore::open_dir(dir.path()).unwrap();
        let clock = Arc::new(casebook_core::FixedClock::at(now.parse().unwrap()));
        (
            Engine::new(ApplicationService::new(
                Arc::new(store),
                clock,
                Arc::new(Campaign::builtin()),
            )),
            dir,
        )
    }

    async fn say(d: &Dialogue, msg: &str, now: &str) -> Turn {
        let (engine, _dir) = engine(now);
        engine.handle(d, msg).await
    }

    #[tokio::test]
    async fn start_greets_with_the_deadline_and_offers_every_topic() {
        let turn = say(&Dialogue::default(), "/start", OPEN).await;
        assert!(
            turn.replies[0].text.contains("open until 20 June 2024"),
            "{}",
            turn.replies[0].text
        );
        let menu = &turn.replies[1];
        assert_eq!(
            menu.choices.len(),
            10,
            "apply, eight topics and the language switch"
        );
        assert!(menu.choices.iter().any(|c| c.data == "/faq schedule"));
    }

    #[tokio::test]
    async fn after_the_deadline_the_bot_says_so_and_still_answers() {
        let turn = say(&Dialogue::default(), "/start", CLOSED).await;
        assert!(turn.replies[0].text.contains("closed on 20 June 2024"));
        let turn = say(&turn.dialogue, "when is the deadline?", CLOSED).await;
        assert!(
            turn.replies[0].text.contains("20 June 2024")
                && turn.replies[0].text.contains("now closed")
        );
    }

    #[tokio::test]
    async fn a_button_answers_its_topic() {
        let turn = say(&Dialogue::default(), "/faq eligibility", OPEN).await;
        assert!(turn.replies[0].text.contains("2 or more countries"));
    }

    #[tokio::test]
    async fn a_chinese_question_is_answered_in_chinese_from_then_on() {
        let turn = say(&Dialogue::default(), "截止日期是哪天？", OPEN).await;
        assert_eq!(turn.dialogue.lang, Lang::Zh);
        assert!(turn.replies[0].text.contains("2024年6月20日"));
        let turn = say(&turn.dialogue, "/help", OPEN).await;
        assert!(turn.replies[0].text.contains("帮助"));
    }

    #[tokio::test]
    async fn the_language_can_be_chosen_by_button_or_by_typing() {
        let turn = say(&Dialogue::default(), "/language", OPEN).await;
        assert_eq!(turn.dialogue.state, State::ChoosingLanguage);
        let by_button = say(&turn.dialogue, "/lang zh", OPEN).await;
        assert_eq!(
            by_button.dialogue,
            Dialogue {
                lang: Lang::Zh,
                state: State::Menu,
                applications: vec![],
                undelivered: vec![],
                chat: String::new(),
            }
        );
        let by_typing = say(&turn.dialogue, "Chinese please", OPEN).await;
        assert_eq!(by_typing.dialogue.lang, Lang::Zh);
        let back = say(&by_typing.dialogue, "/lang en", OPEN).await;
        assert_eq!(back.dialogue.lang, Lang::En);
    }

    #[tokio::test]
    async fn an_unanswerable_question_is_passed_on_with_the_contact() {
        let turn = say(
            &Dialogue::default(),
            "Can I pay the fee by credit card?",
            OPEN,
        )
        .await;
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

    #[tokio::test]
    async fn an_unknown_command_explains_what_works_and_cancel_always_works() {
        let turn = say(&Dialogue::default(), "/frobnicate", OPEN).await;
        assert!(turn.replies[1].text.contains("/help"));
        let choosing = Dialogue {
            lang: Lang::En,
            state: State::ChoosingLanguage,
            applications: vec![],
            undelivered: vec![],
            chat: String::new(),
        };
        assert_eq!(
            say(&choosing, "/cancel", OPEN).await.dialogue.state,
            State::Menu
        );
    }

    #[tokio::test]
    async fn a_returning_user_is_shown_where_they_were() {
        let choosing = Dialogue {
            lang: Lang::Zh,
            state: State::ChoosingLanguage,
            applications: vec![],
            undelivered: vec![],
            chat: String::new(),
        };
        let (engine, _dir) = engine(OPEN);
        let replies = engine.resume(&choosing).await;
        assert!(replies[0].text.contains("欢迎回来"));
        assert_eq!(replies[1].choices.len(), 2);
    }

    #[tokio::test]
    async fn the_dialogue_survives_a_round_trip_through_json() {
        let d = Dialogue {
            lang: Lang::Zh,
            state: State::ChoosingLanguage,
            applications: vec![],
            undelivered: vec![],
            chat: String::new(),
        };
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(serde_json::from_str::<Dialogue>(&json).unwrap(), d);
    }

    /// Runs a conversation on one engine; returns every reply text, joined.
    async fn converse(engine: &Engine, lines: &[impl AsRef<str>]) -> (Dialogue, String) {
        // As `conversation::converse` does: the conversation's chat owns its drafts.
        let mut dialogue = Dialogue {
            chat: "test:ana".into(),
            ..Dialogue::default()
        };
        let mut transcript = String::new();
        for line in lines {
            let turn = engine.handle(&dialogue, line.as_ref()).await;
            for r in &turn.replies {
                transcript.push_str(&r.text);
                transcript.push('\n');
            }
            dialogue = turn.dialogue;
        }
        (dialogue, transcript)
    }

    fn section(heading: &str) -> String {
        format!(
            "{heading}\nThe partners connected remote villages to the Internet, trained local technicians to keep the network running and helped shops sell their goods online."
        )
    }

    /// A complete application's answers, from /apply to the optional last step.
    fn complete_answers() -> Vec<String> {
        let mut lines: Vec<String> = [
            "/apply",
            "Village Links",
            "Example Telecom",
            "China",
            "done",
            "China, Kenya",
            "/area culture",
        ]
        .map(String::from)
        .to_vec();
        lines.extend(["Origins", "Partners", "Method", "Results"].map(section));
        lines.extend(["Li Wei", "li.wei@example.org", "skip"].map(String::from));
        lines
    }

    /// The engine of [`engine`], taking files as a terminal does.
    fn engine_with_files(now: &str) -> (Engine, tempfile::TempDir) {
        let (engine, dir) = engine(now);
        let attachments = AttachmentService::new(
            engine.apps.clone(),
            Arc::new(casebook_embedded::FolderBlobStore::new(
                dir.path().join("blobs"),
            )),
            Arc::new(casebook_embedded::LocalTransfers::new(
                "http://127.0.0.1:1",
                [7; 32],
            )),
        );
        (engine.with_attachments(attachments, FileInput::Paths), dir)
    }

    #[tokio::test]
    async fn the_files_step_is_asked_only_where_files_can_be_sent() {
        // Without files: the last answer leads to the summary, and files are no field.
        let (plain, _dir) = engine(OPEN);
        let (dialogue, t) = converse(&plain, &complete_answers()).await;
        assert_eq!(dialogue.state, State::Reviewing, "{t}");
        assert!(!t.contains("Supporting files"), "{t}");
        let edit = plain.handle(&dialogue, "/edit attachments").await;
        assert_eq!(edit.replies[0].text, "Which answer do you want to change?");
        assert_eq!(edit.replies[0].choices.len(), 13);

        // With files: asked after the last answer; text there asks again; Done moves on.
        let (files, _dir) = engine_with_files(OPEN);
        let (dialogue, t) = converse(&files, &complete_answers()).await;
        assert!(
            t.ends_with("Press Done when you have added them all, or if you have none.\n"),
            "{t}"
        );
        let again = files.handle(&dialogue, "what now?").await;
        assert!(
            again.replies[0]
                .text
                .starts_with("Supporting files (optional)")
        );
        assert_eq!(again.dialogue.state, dialogue.state);
        // A file whose type is not accepted is refused before anything is read.
        let refused = files
            .offer_file(
                &dialogue,
                NewAttachment {
                    filename: "setup.exe".into(),
                    content_type: String::new(),
                    size: 10,
                },
            )
            .await;
        let FileOffer::Refused(replies) = refused else {
            panic!("an .exe was accepted");
        };
        assert!(
            replies[0]
                .text
                .contains("are not accepted. Accepted: PDF, JPEG image"),
            "{}",
            replies[0].text
        );
        let done = files.handle(&dialogue, "done").await;
        assert_eq!(done.dialogue.state, State::Reviewing);
        assert!(
            done.replies[0].text.contains("- Files: (not given)"),
            "{}",
            done.replies[0].text
        );
        let edit = files.handle(&done.dialogue, "/edit attachments").await;
        assert!(
            edit.replies[0]
                .text
                .starts_with("Supporting files (optional)")
        );
    }

    #[tokio::test]
    async fn a_section_is_echoed_with_its_word_count_and_a_two_word_one_is_asked_again() {
        let (engine, _dir) = engine(OPEN);
        let mut lines = complete_answers();
        let at = lines.iter().position(|l| l.starts_with("Origins")).unwrap();
        lines.insert(at, "Background\nToo short.".to_string());
        let (_, t) = converse(&engine, &lines).await;
        assert!(t.contains("has 3 words; please write at least 20"), "{t}");
        let words = casebook_core::text::word_count(&section("Origins"));
        assert!(
            t.contains(&format!("Saved: {words} words (the limit is 500).")),
            "{t}"
        );
    }

    #[tokio::test]
    async fn an_application_from_start_to_reference_in_english() {
        let (engine, _dir) = engine(OPEN);
        let (bg, co, mo, be) = (
            section("Origins"),
            section("Partners"),
            section("Method"),
            section("Results"),
        );
        let lines = [
            "/start",
            "/apply",
            "Village Links",
            "Example Telecom",
            "China",
            "Example Networks Kenya, Kenia", // a near miss: refused with a suggestion
            "Example Networks Kenya, Kenya",
            "done",
            "China", // one country: refused
            "China, Kenya, Brazil",
            "/area infrastructure",
            &bg,
            &co,
            &mo,
            &be,
            "Li Wei",
            "not-an-email",
            "li.wei@example.org",
            "skip",
            "/submit",
        ];
        let (dialogue, t) = converse(&engine, &lines).await;
        assert!(t.contains("Did you mean Kenya (KE)?"), "{t}");
        assert!(t.contains("at least 2 countries"), "{t}");
        assert!(
            t.contains("3 countries or regions: China (CN), Kenya (KE), Brazil (BR)."),
            "{t}"
        );
        assert!(
            t.contains("\"not-an-email\" is not a valid e-mail address"),
            "{t}"
        );
        assert!(t.contains("Everything is in place. Submit it?"), "{t}");
        assert!(
            t.contains("Submitted! Your reference is PC2024-0001."),
            "{t}"
        );
        assert_eq!(dialogue.state, State::Menu);
        assert_eq!(dialogue.applications.len(), 1);
        let status = engine.handle(&dialogue, "/status").await;
        assert!(
            status.replies[0]
                .text
                .contains("Village Links: PC2024-0001 submitted"),
            "{}",
            status.replies[0].text
        );
    }

    #[tokio::test]
    async fn an_application_from_start_to_reference_in_chinese() {
        let (engine, _dir) = engine(OPEN);
        let (bg, co, mo, be) = (
            section("Origins"),
            section("Partners"),
            section("Method"),
            section("Results"),
        );
        let chinese_section =
            "项目成效\n该项目为非洲偏远地区的村庄接通了互联网，并培训当地技术人员维护网络。";
        let lines = [
            "开始申报",
            "/apply",
            "乡村互联",
            "示例电信",
            "中国",
            "完成",
            "中国、肯尼亚",
            "网络基础设施建设",
            chinese_section, // not English: refused
            &bg,
            &co,
            &mo,
            &be,
            "李伟",
            "li.wei@example.org",
            "跳过",
            "/submit",
        ];
        let (_, t) = converse(&engine, &lines).await;
        assert!(
            t.contains("共2个国家或地区：中国（CN）") || t.contains("共2个国家或地区：中国 (CN)"),
            "{t}"
        );
        assert!(t.contains("似乎不是英文"), "{t}");
        assert!(t.contains("提交成功！您的申报编号为 PC2024-0001"), "{t}");
    }

    #[tokio::test]
    async fn an_answer_can_be_edited_from_the_summary_and_the_draft_survives_a_restart() {
        let (engine, dir) = engine(OPEN);
        let mut lines = complete_answers();
        lines.extend([
            "/edit practice_name".to_string(),
            "Village Links 2".to_string(),
        ]);
        let (dialogue, t) = converse(&engine, &lines).await;
        assert!(t.contains("- Practice name: Village Links 2"), "{t}");
        assert_eq!(dialogue.state, State::Reviewing);
        // A restart: a new engine on the same data, the dialogue as saved (JSON).
        let saved: Dialogue =
            serde_json::from_str(&serde_json::to_string(&dialogue).unwrap()).unwrap();
        let store = casebook_embedded::SqliteStore::open_dir(dir.path()).unwrap();
        let clock = Arc::new(casebook_core::FixedClock::at(OPEN.parse().unwrap()));
        let again = Engine::new(ApplicationService::new(
            Arc::new(store),
            clock,
            Arc::new(Campaign::builtin()),
        ));
        let resumed = again.resume(&saved).await;
        assert!(
            resumed[1].text.contains("Village Links 2"),
            "{}",
            resumed[1].text
        );
        let turn = again.handle(&saved, "/submit").await;
        assert!(
            turn.replies[0].text.contains("PC2024-0001"),
            "{}",
            turn.replies[0].text
        );
    }

    #[tokio::test]
    async fn a_submission_mails_a_confirmation_to_the_contact() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = dir.path().join("outbox");
        let mailer = casebook_embedded::OutboxMailer::new(
            &outbox,
            casebook_core::Email::parse("practice@example.org").unwrap(),
        );
        let engine = Engine::new(
            ApplicationService::new(
                Arc::new(casebook_embedded::SqliteStore::open_dir(dir.path()).unwrap()),
                Arc::new(casebook_core::FixedClock::at(OPEN.parse().unwrap())),
                Arc::new(Campaign::builtin()),
            )
            .with_mailer(Arc::new(mailer)),
        );
        let mut lines = complete_answers();
        lines.push("/submit".to_string());
        let (_, t) = converse(&engine, &lines).await;
        assert!(
            t.contains("PC2024-0001") && !t.contains("could not be sent"),
            "{t}"
        );
        let mails: Vec<_> = std::fs::read_dir(&outbox)
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        assert_eq!(mails.len(), 1);
        assert!(mails[0].contains("To: li.wei@example.org"));
        assert!(mails[0].contains("PC2024-0001"), "{}", mails[0]);
        assert!(t.contains("from 1 July to 31 August 2024"), "{t}");
    }

    #[tokio::test]
    async fn after_the_deadline_applying_is_refused_with_the_date() {
        let (engine, _dir) = engine(CLOSED);
        let turn = engine.handle(&Dialogue::default(), "/apply").await;
        assert!(
            turn.replies[0].text.contains("closed on 20 June 2024"),
            "{}",
            turn.replies[0].text
        );
        assert!(turn.dialogue.applications.is_empty());
    }

    #[tokio::test]
    async fn a_link_code_carries_the_draft_to_another_chat_once() {
        let (engine, _dir) = engine(OPEN);
        let (telegram, _) = converse(&engine, &["/apply", "Village Links"]).await;
        let turn = engine.handle(&telegram, "/link").await;
        let text = &turn.replies[0].text;
        let code = text.split("Your code is ").nth(1).unwrap()[..8].to_string();
        // Another chat: the code opens the same draft, then is spent.
        let other_chat = Dialogue {
            chat: "terminal:ben".into(),
            ..Dialogue::default()
        };
        let terminal = engine
            .handle(&other_chat, &format!("/link {}", code.to_lowercase()))
            .await;
        assert!(
            terminal.replies[0].text.starts_with("Linked!"),
            "{}",
            terminal.replies[0].text
        );
        assert_eq!(terminal.dialogue.applications, telegram.applications);
        let again = engine.handle(&other_chat, &format!("/link {code}")).await;
        assert!(again.replies[0].text.contains("not valid or has expired"));
        let next = engine.handle(&terminal.dialogue, "/apply").await;
        assert!(
            next.replies[1]
                .text
                .contains("Which organization leads the practice?"),
            "{:?}",
            next.replies
        );
    }
}
