# What the chat bot says (Telegram, WeChat and the terminal chat). Commands such as /apply
# stay as they are in every language.

## Buttons

bot-done = Done
bot-skip = Skip
bot-submit = Submit
bot-apply-now = Apply now
bot-switch-language = Language
bot-language-question = Which language would you like?

## The menu and help

# $status is bot-open-until or bot-closed-but-answering.
bot-welcome = Hello! I am the assistant for the { $title }. Ask me anything about the call, or pick a question below. { $status }
bot-open-until = Applications are open until { $deadline }.
bot-closed-but-answering = This call closed on { $deadline }, so applications can no longer be submitted, but I am happy to answer questions.
bot-closed-cannot-apply = This call closed on { $deadline }, so applications can no longer be submitted. I can still answer questions.
bot-what-to-know = What would you like to know?
bot-help =
    Type a question in your own words, in any of the six UN languages, or use:
    /apply - fill in an application (or carry on)
    /edit FIELD - change one answer
    /status - your applications
    /link - continue in another chat
    /start - start again
    /help - this help
    /language - choose the language
    /cancel - stop what we are doing
    /stop - no more reminders
bot-help-paths = /attach PATH - add a file to your application
bot-help-documents = Send a file, photo or video to add it to your application.
bot-unknown-command = I do not know that command. Here is what I can do:
bot-too-long = That message is too long for me: at most { $max } characters. A section of the application may have up to { $section_max }.
bot-stopped-draft = OK, stopped. Your draft is kept: /apply carries on with it.
bot-stopped = OK, stopped. What next?
bot-will-answer-in = I will answer in English.
bot-welcome-back = Welcome back! We can carry on where we left off.
bot-trouble = Sorry, something went wrong on our side. Please try again in a moment.
bot-cannot-read-conversation = Sorry, I cannot read our earlier conversation right now. It is kept safe and nothing in it is lost; the organizers have been told. Please try again later.
bot-only-text = Sorry, I can only read text, buttons and files. Please type your message.
bot-file-over-telegram-limit = This file is over 20 MB, more than Telegram lets me fetch. Please send a smaller file, or upload it through the web form.
bot-not-understood = Sorry, I do not know the answer to that yet. I have passed your question to the organizers. You can also write to { $contact } at { $email }.
bot-now-closed = The call is now closed.

## The application, one question at a time

bot-wizard-intro = Let us fill in your application, one question at a time. You can stop at any moment (/cancel) and carry on later (/apply); nothing is lost.
# Said to people who chose a language other than English, before the first question.
bot-sections-in-english = The call asks for the four sections of the application (its description) in English, for the international review committee. Everything else can be answered in any language, and I will keep talking to you in English.
bot-carry-on = Let us carry on with your draft.
bot-send-documents = Send them here one at a time: files, photos or videos (I can fetch up to { $max_mb } MB each here). Press Done when you have sent them all, or if you have none.
bot-send-paths = Type /attach and the file's path, one file at a time, for example: /attach ~/Documents/brochure.pdf. Press Done when you have added them all, or if you have none.
bot-attach-how = Type /attach and the file's path, for example: /attach ~/Documents/brochure.pdf
bot-cannot-read-file = I cannot read { $path }: { $why }. Check the path and try again.
bot-not-a-file = it is not a file
bot-long-text-how = (Type or paste the text, as many lines as you need; end it with a line holding only a dot: .)
bot-choose-area = Please choose one of these areas.
bot-partner-format = Please write the partner as "Name, Country", for example "Example Networks Kenya, Kenya".
bot-countries-listed = { $count ->
    [one] One country or region: { $names }.
   *[other] { $count } countries or regions: { $names }.
}
bot-partner-added = { $count ->
    [one] Added: one partner so far. Send the next one, or press Done.
   *[other] Added: { $count } partners so far. Send the next one, or press Done.
}
bot-section-saved = Saved: { $words ->
    [one] one word
   *[other] { $words } words
} (the limit is { $limit }).

## The questions

bot-ask-practice-name = What is the name of your practice? Highlight the features! For example: "RuralStar: solar base stations for remote villages".
bot-ask-lead-name = Which organization leads the practice?
bot-ask-lead-country = In which country or region is the lead organization based? (Its name in any of the six UN languages, or a code such as CN.)
bot-ask-partners = Which other organizations take part? Send one per message as "Name, Country", for example "Example Networks Kenya, Kenya". Joint applications score higher. Press Done when you have listed them all.
bot-ask-countries = In which countries or regions is the practice carried out? List them all, separated by commas: at least 2. For example: China, Kenya, Brazil.
bot-ask-area = Which area fits your case best?
bot-ask-contact-name = Who is the contact person? (Full name.)
bot-ask-contact-email = What is the contact person's e-mail address?
bot-ask-collecting-organization = Did an organization help collect this case (for the Excellence in Organization Award)? Give its name, or press Skip.
bot-ask-section = { $title }: please write it in English, at most { $limit } words. Start each paragraph with a short heading that sums it up: a line of its own, or a few words and a colon ("Origins: ...").
# $types lists the accepted kinds of file with their sizes.
bot-ask-attachments = Supporting files (optional): a brochure, photos, slides or a short video help the experts see your case. Accepted: { $types }; at most { $max_files } files, { $max_total_mb } MB in all.

## The summary and submitting

bot-your-application = Your application:
bot-not-given = (not given)
bot-word-total = { $words ->
    [one] one word
   *[other] { $words } words
}
bot-label-practice-name = Practice name
bot-label-lead = Lead organization
bot-label-partners = Partners
bot-label-countries = Countries
bot-label-area = Area
bot-label-contact = Contact
bot-label-collecting = Collecting organization
bot-label-files = Files
bot-ready-to-submit = Everything is in place. Submit it?
bot-still-to-fix = Still to fix before you can submit:
bot-edit-name = Edit name
bot-edit-lead = Edit lead organization
bot-edit-lead-country = Edit lead's country
bot-edit-partners = Edit partners
bot-edit-countries = Edit countries
bot-edit-area = Edit area
bot-edit-background = Edit background
bot-edit-cooperation = Edit cooperation
bot-edit-modalities = Edit modalities
bot-edit-benefits = Edit benefits
bot-edit-contact-name = Edit contact name
bot-edit-email = Edit e-mail
bot-edit-collecting = Edit collecting organization
bot-add-files = Add files
bot-which-answer = Which answer do you want to change?
bot-nothing-to-edit = There is no application to edit yet: /apply starts one.
bot-nothing-to-submit = There is nothing to submit yet: /apply starts an application.
# $period is a date-period message: "from 1 July to 31 August 2024".
bot-submitted = Submitted! Your reference is { $reference }. Keep it for any question about your application. International experts review the cases { $period }. Thank you for taking part!
bot-confirmation-pending = (The confirmation e-mail could not be sent yet; we will try again. Your application is safely submitted: keep the reference above.)
bot-confirmation-held = (This e-mail address has had several of our messages today, so its confirmation follows tomorrow. Your application is safely submitted: keep the reference above.)
bot-not-yet = Not yet: please fix these first.

## Files

bot-apply-before-files = Start an application first (/apply), then send the file to add it.
bot-files-only-in-drafts = Files can only be added while the application is a draft.
bot-file-not-added = Sorry, the file could not be added right now. Please try again.
bot-file-added = Added { $filename } to your application.
bot-files-so-far = { $count ->
    [one] One file so far. Send another, or press Done.
   *[other] { $count } files so far. Send another, or press Done.
}

## Links and status

bot-nothing-to-link = There is no application to continue elsewhere yet: /apply starts one.
bot-link-code = Your code is { $code }. In the other chat, send /link { $code } within { $minutes } minutes to carry on with this application there (or give the code to POST /link on the web API). It works once.
bot-link-invalid = This code is not valid or has expired. Send /link in the other chat for a new one.
bot-linked = Linked! Your application is here now: /apply carries on with it.
bot-no-applications = You have no applications yet: /apply starts one.
bot-your-applications = Your applications:
bot-earlier-applications = Welcome back! Your applications to earlier calls are kept. Let us start your { $year } application.
bot-earlier-draft-closed = The { $year } call has closed, so that draft can no longer be sent; it stays in /status. Send /apply to start your { $open } application.
bot-no-name-yet = (no name yet)
bot-reminders-stopped = Done: no more reminders here, nor by e-mail about the drafts of this chat. Your drafts stay as they are; /apply carries on whenever you like.

# A question the organizers answered from the console, sent in the chat it was asked in.
bot-organizers-answer = The organizers answer your question

## Telegram groups and WeChat's limits

# Said in a group or channel, in the sender's Telegram language (then English).
bot-private-only = I help with applications in a private chat only, so that your draft stays yours. Tap my name and choose "Message" to start.
# WeChat's replies cannot take a picture, a voice message or a file.
bot-files-elsewhere = Files cannot be added here. Send /link for a code, then add them on the web or in Telegram.
# Under a long WeChat reply cut in pages. $key is what to send for the next page.
bot-more = Reply { $key } for more.
