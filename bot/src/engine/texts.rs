//! Every sentence the engine says, in English and Chinese, in one place. Facts (dates,
//! names, limits) come in as arguments from the campaign; no channel is named here.

use casebook_core::{Campaign, Lang};

// The page says these too: one wording, kept in core.
pub use casebook_core::service::{not_understood, now_closed};

use super::Choice;
use crate::wizard::Step;

// ------------------------------------------------------------------ choices

pub fn done(lang: Lang) -> Choice {
    Choice::new(lang.pick("Done", "完成"), "done")
}

pub fn skip(lang: Lang) -> Choice {
    Choice::new(lang.pick("Skip", "跳过"), "skip")
}

pub fn submit(lang: Lang) -> Choice {
    Choice::new(lang.pick("Submit", "提交"), "/submit")
}

pub fn apply_now(lang: Lang) -> Choice {
    Choice::new(lang.pick("Apply now", "开始申报"), "/apply")
}

pub fn switch_language(lang: Lang) -> Choice {
    Choice::new(lang.pick("中文 / English", "English / 中文"), "/language")
}

pub fn languages() -> Vec<Choice> {
    vec![
        Choice::new("English", "/lang en"),
        Choice::new("中文", "/lang zh"),
    ]
}

pub const LANGUAGE_QUESTION: &str = "Which language? / 请选择语言：";

// ------------------------------------------------------------------ menu and help

pub fn welcome(lang: Lang, title: &str, status: &str) -> String {
    match lang {
        Lang::En => format!(
            "Hello! I am the assistant for the {title}. Ask me anything about the call, or pick a question below. {status}"
        ),
        Lang::Zh => {
            format!("您好！我是{title}的助手。有关征集的问题都可以问我，也可以从下面选择。{status}")
        }
    }
}

pub fn open_until(lang: Lang, deadline: &str) -> String {
    match lang {
        Lang::En => format!("Applications are open until {deadline}."),
        Lang::Zh => format!("申报截止日期为{deadline}。"),
    }
}

pub fn closed_but_answering(lang: Lang, deadline: &str) -> String {
    match lang {
        Lang::En => format!(
            "This call closed on {deadline}, so applications can no longer be submitted, but I am happy to answer questions."
        ),
        Lang::Zh => format!("本次征集已于{deadline}截止，不能再提交申报，但我仍可以回答您的问题。"),
    }
}

pub fn closed_cannot_apply(lang: Lang, deadline: &str) -> String {
    match lang {
        Lang::En => format!(
            "This call closed on {deadline}, so applications can no longer be submitted. I can still answer questions."
        ),
        Lang::Zh => format!("本次征集已于{deadline}截止，不能再提交申报。我仍可以回答问题。"),
    }
}

pub fn what_to_know(lang: Lang) -> &'static str {
    lang.pick("What would you like to know?", "您想了解什么？")
}

pub fn help(lang: Lang) -> &'static str {
    lang.pick(
        "Type a question in your own words (English or Chinese), or use:\n/apply - fill in an application (or carry on)\n/edit FIELD - change one answer\n/status - your applications\n/link - continue in another chat\n/start - start again\n/help - this help\n/language - English or Chinese\n/cancel - stop what we are doing\n/stop - no more reminders",
        "直接输入问题即可（中文或英文），也可以使用：\n/apply - 填写申报（或继续）\n/edit 字段 - 修改某一项\n/status - 查看申报\n/link - 在另一个聊天中继续\n/start - 重新开始\n/help - 帮助\n/language - 切换语言\n/cancel - 取消当前操作\n/stop - 不再接收提醒",
    )
}

pub fn help_paths(lang: Lang) -> &'static str {
    lang.pick(
        "\n/attach PATH - add a file to your application",
        "\n/attach 路径 - 为申报添加文件",
    )
}

pub fn help_documents(lang: Lang) -> &'static str {
    lang.pick(
        "\nSend a file, photo or video to add it to your application.",
        "\n发送文件、照片或视频即可添加到申报。",
    )
}

pub fn unknown_command(lang: Lang) -> &'static str {
    lang.pick(
        "I do not know that command. Here is what I can do:",
        "我不认识这个指令。我可以：",
    )
}

pub fn too_long(lang: Lang, max: usize, section_max: usize) -> String {
    match lang {
        Lang::En => format!(
            "That message is too long for me: at most {max} characters. A section of the application may have up to {section_max}."
        ),
        Lang::Zh => format!("消息太长：最多{max}个字符。申报的每个部分最多{section_max}个字符。"),
    }
}

pub fn stopped(lang: Lang, has_draft: bool) -> &'static str {
    if has_draft {
        lang.pick(
            "OK, stopped. Your draft is kept: /apply carries on with it.",
            "好的，已暂停。草稿已保存：发送 /apply 可继续填写。",
        )
    } else {
        lang.pick("OK, stopped. What next?", "好的，已取消。接下来做什么？")
    }
}

pub fn will_answer_in(lang: Lang) -> &'static str {
    lang.pick("I will answer in English.", "我会用中文回答。")
}

pub fn welcome_back(lang: Lang) -> &'static str {
    lang.pick(
        "Welcome back! We can carry on where we left off.",
        "欢迎回来！我们接着上次继续。",
    )
}

pub fn trouble(lang: Lang) -> &'static str {
    lang.pick(
        "Sorry, something went wrong on our side. Please try again in a moment.",
        "抱歉，系统出了点问题，请稍后再试。",
    )
}

// ------------------------------------------------------------------ the wizard

pub fn wizard_intro(lang: Lang) -> &'static str {
    lang.pick(
        "Let us fill in your application, one question at a time. You can stop at any moment (/cancel) and carry on later (/apply); nothing is lost.",
        "我们一步一步填写申报。随时可以暂停（/cancel），之后再继续（/apply），内容不会丢失。",
    )
}

pub fn carry_on(lang: Lang) -> &'static str {
    lang.pick("Let us carry on with your draft.", "我们继续填写您的草稿。")
}

/// Joins two sentences: with a space in English, without one in Chinese.
pub fn then(lang: Lang, first: &str, second: &str) -> String {
    format!("{first}{}{second}", lang.pick(" ", ""))
}

pub fn send_documents(lang: Lang, max_mb: u32) -> String {
    match lang {
        Lang::En => format!(
            "Send them here one at a time: files, photos or videos (I can fetch up to {max_mb} MB each here). Press Done when you have sent them all, or if you have none."
        ),
        Lang::Zh => format!(
            "请逐个发送到这里：文件、照片或视频均可（在这里每个文件最大{max_mb} MB）。全部发送后，或没有文件时，请点“完成”。"
        ),
    }
}

pub fn send_paths(lang: Lang) -> &'static str {
    lang.pick(
        "Type /attach and the file's path, one file at a time, for example: /attach ~/Documents/brochure.pdf. Press Done when you have added them all, or if you have none.",
        "请输入 /attach 加文件路径，每次一个文件，例如：/attach ~/Documents/brochure.pdf。全部添加后，或没有文件时，请点“完成”。",
    )
}

pub fn choose_area(lang: Lang) -> &'static str {
    lang.pick(
        "Please choose one of these areas.",
        "请从以下领域中选择一个。",
    )
}

pub fn partner_format(lang: Lang) -> &'static str {
    lang.pick(
        "Please write the partner as \"Name, Country\", for example \"Example Networks Kenya, Kenya\".",
        "请按“名称, 国家”的格式填写，例如“Example Networks Kenya, 肯尼亚”。",
    )
}

pub fn countries_listed(lang: Lang, names: &[String]) -> String {
    match lang {
        Lang::En => format!(
            "{} countries or regions: {}.",
            names.len(),
            names.join(", ")
        ),
        Lang::Zh => format!("共{}个国家或地区：{}。", names.len(), names.join("、")),
    }
}

pub fn partner_added(lang: Lang, count: usize) -> String {
    match lang {
        Lang::En => format!("Added. {count} partner(s) so far. Send the next one, or press Done."),
        Lang::Zh => format!("已添加，目前共{count}家合作机构。请继续填写下一家，或点“完成”。"),
    }
}

pub fn section_saved(lang: Lang, words: usize, limit: usize) -> String {
    match lang {
        Lang::En => format!("Saved: {words} words (the limit is {limit})."),
        Lang::Zh => format!("已保存：共{words}个词（上限{limit}个）。"),
    }
}

// ------------------------------------------------------------------ summary and submit

pub fn your_application(lang: Lang) -> &'static str {
    lang.pick("Your application:", "您的申报：")
}

pub fn not_given(lang: Lang) -> &'static str {
    lang.pick("(not given)", "（未填写）")
}

pub fn word_total(lang: Lang, words: usize) -> String {
    match lang {
        Lang::En => format!("{words} words"),
        Lang::Zh => format!("{words}个词"),
    }
}

/// The summary's labels, in the order it lists them.
pub struct SummaryLabels {
    pub practice_name: &'static str,
    pub lead: &'static str,
    pub partners: &'static str,
    pub countries: &'static str,
    pub area: &'static str,
    pub contact: &'static str,
    pub collecting: &'static str,
    pub files: &'static str,
}

pub fn summary_labels(lang: Lang) -> SummaryLabels {
    SummaryLabels {
        practice_name: lang.pick("Practice name", "实践名称"),
        lead: lang.pick("Lead organization", "牵头机构"),
        partners: lang.pick("Partners", "合作机构"),
        countries: lang.pick("Countries", "涉及国家"),
        area: lang.pick("Area", "领域"),
        contact: lang.pick("Contact", "联系人"),
        collecting: lang.pick("Collecting organization", "征集机构"),
        files: lang.pick("Files", "文件"),
    }
}

pub fn ready_to_submit(lang: Lang) -> &'static str {
    lang.pick(
        "Everything is in place. Submit it?",
        "内容已齐全。确认提交吗？",
    )
}

pub fn still_to_fix(lang: Lang) -> &'static str {
    lang.pick("Still to fix before you can submit:", "提交前还需修改：")
}

/// The edit menu's labels, in the wizard's order of steps.
pub fn edit_labels(lang: Lang) -> [&'static str; 14] {
    let both: [(&str, &str); 14] = [
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
    both.map(|(en, zh)| lang.pick(en, zh))
}

pub fn which_answer(lang: Lang) -> &'static str {
    lang.pick("Which answer do you want to change?", "要修改哪一项？")
}

pub fn nothing_to_edit(lang: Lang) -> &'static str {
    lang.pick(
        "There is no application to edit yet: /apply starts one.",
        "还没有可修改的申报：发送 /apply 开始。",
    )
}

pub fn nothing_to_submit(lang: Lang) -> &'static str {
    lang.pick(
        "There is nothing to submit yet: /apply starts an application.",
        "还没有可提交的申报：发送 /apply 开始。",
    )
}

pub fn submitted(lang: Lang, reference: &str, period: &str) -> String {
    match lang {
        Lang::En => format!(
            "Submitted! Your reference is {reference}. Keep it for any question about your application. International experts review the cases {period}. Thank you for taking part!"
        ),
        Lang::Zh => format!(
            "提交成功！您的申报编号为 {reference}，咨询时请提供此编号。国际专家将于{period}评审。感谢参与！"
        ),
    }
}

pub fn confirmation_pending(lang: Lang) -> &'static str {
    lang.pick(
        "(The confirmation e-mail could not be sent yet; we will try again. Your application is safely submitted: keep the reference above.)",
        "（确认邮件暂未发出，我们会再次尝试；您的申报已成功提交，请保存上面的编号。）",
    )
}

pub fn confirmation_held(lang: Lang) -> &'static str {
    lang.pick(
        "(This e-mail address has had several of our messages today, so its confirmation follows tomorrow. Your application is safely submitted: keep the reference above.)",
        "（该邮箱今天已收到我们多封邮件，确认邮件将于明天发出；您的申报已成功提交，请保存上面的编号。）",
    )
}

pub fn not_yet(lang: Lang) -> &'static str {
    lang.pick("Not yet: please fix these first.", "暂不能提交，请先修改：")
}

// ------------------------------------------------------------------ files

pub fn apply_before_files(lang: Lang) -> &'static str {
    lang.pick(
        "Start an application first (/apply), then send the file to add it.",
        "请先开始申报（/apply），再发送文件即可添加。",
    )
}

pub fn files_only_in_drafts(lang: Lang) -> &'static str {
    lang.pick(
        "Files can only be added while the application is a draft.",
        "只有草稿状态的申报可以添加文件。",
    )
}

pub fn file_not_added(lang: Lang) -> &'static str {
    lang.pick(
        "Sorry, the file could not be added right now. Please try again.",
        "抱歉，暂时无法添加文件，请稍后再试。",
    )
}

pub fn file_added(lang: Lang, filename: &str) -> String {
    match lang {
        Lang::En => format!("Added {filename} to your application."),
        Lang::Zh => format!("已将 {filename} 添加到您的申报。"),
    }
}

pub fn files_so_far(lang: Lang, count: usize) -> String {
    match lang {
        Lang::En => format!("{count} file(s) so far. Send another, or press Done."),
        Lang::Zh => format!("目前共{count}个文件。可继续发送，或点“完成”。"),
    }
}

// ------------------------------------------------------------------ links and status

pub fn nothing_to_link(lang: Lang) -> &'static str {
    lang.pick(
        "There is no application to continue elsewhere yet: /apply starts one.",
        "还没有可在别处继续的申报：发送 /apply 开始。",
    )
}

pub fn link_code(lang: Lang, code: &str, minutes: i64) -> String {
    match lang {
        Lang::En => format!(
            "Your code is {code}. In the other chat, send /link {code} within {minutes} minutes to carry on with this application there (or give the code to POST /link on the web API). It works once."
        ),
        Lang::Zh => format!(
            "您的代码是 {code}。请在{minutes}分钟内在另一个聊天中发送 /link {code}，即可在那里继续这份申报（也可通过网页接口 POST /link 使用）。代码只能使用一次。"
        ),
    }
}

pub fn link_invalid(lang: Lang) -> &'static str {
    lang.pick(
        "This code is not valid or has expired. Send /link in the other chat for a new one.",
        "此代码无效或已过期。请在另一个聊天中发送 /link 获取新代码。",
    )
}

pub fn linked(lang: Lang) -> &'static str {
    lang.pick(
        "Linked! Your application is here now: /apply carries on with it.",
        "已关联！您的申报已在这里：发送 /apply 继续填写。",
    )
}

pub fn no_applications(lang: Lang) -> &'static str {
    lang.pick(
        "You have no applications yet: /apply starts one.",
        "您还没有申报：发送 /apply 开始。",
    )
}

pub fn your_applications(lang: Lang) -> &'static str {
    lang.pick("Your applications:", "您的申报：")
}

/// How many earlier applications a greeting lists (a chat message stays short).
pub const EARLIER_LISTED: usize = 10;

pub fn earlier_applications(lang: Lang, year: i16) -> String {
    match lang {
        Lang::En => format!(
            "Welcome back! Your applications to earlier calls are kept. Let us start your {year} application."
        ),
        Lang::Zh => format!("欢迎回来！您往届的申报都已保留。现在开始填写 {year} 年的申报。"),
    }
}

/// What follows an application of another year's call: ` (2024 call)`.
pub fn of_call(lang: Lang, year: i16) -> String {
    match lang {
        Lang::En => format!(" ({year} call)"),
        Lang::Zh => format!("（{year} 年）"),
    }
}

pub fn earlier_draft_closed(lang: Lang, year: i16, open: i16) -> String {
    match lang {
        Lang::En => format!(
            "The {year} call has closed, so that draft can no longer be sent; it stays in /status. Send /apply to start your {open} application."
        ),
        Lang::Zh => format!(
            "{year} 年的征集已结束，该草稿无法再提交，仍可在 /status 中查看。发送 /apply 开始 {open} 年的申报。"
        ),
    }
}

pub fn no_name_yet(lang: Lang) -> &'static str {
    lang.pick("(no name yet)", "（尚未命名）")
}

// ------------------------------------------------------------------ the questions

/// The question, with its tip and example.
pub fn question(step: Step, campaign: &Campaign, lang: Lang) -> String {
    if let Some(key) = step.section() {
        let spec = campaign.sections().get(key);
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
    let (en, zh) = match step {
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

/// The optional files step: what helps, and the campaign's types and limits.
fn attachments_question(campaign: &Campaign, lang: Lang) -> String {
    let rules = &campaign.attachments();
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

pub fn reminders_stopped(lang: Lang) -> &'static str {
    lang.pick(
        "Done: no more reminders here, nor by e-mail about the drafts of this chat. Your drafts stay as they are; /apply carries on whenever you like.",
        "好的：此聊天及其草稿将不再收到提醒（包括邮件）。您的草稿保持不变，随时可发送 /apply 继续填写。",
    )
}
