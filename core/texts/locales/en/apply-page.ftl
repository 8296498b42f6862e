# The applicant page (GET /apply), for applicants without a chat app. The ids after
# "apply-" are the names the page's script uses.

apply-title = Apply
apply-language = Language
apply-intro = Your application
apply-calledOpen = { $title }. Applications are open until { $deadline } ({ $days ->
    [one] one day
   *[other] { $days } days
} left).
apply-calledClosed = { $title }. The call closed on { $deadline }.
apply-introTip = Everything you type is saved as you go. Come back later in this browser, or continue in a chat with a link code.
apply-haveCode = I have a code from the chat
apply-codeLabel = Code from the bot (/link)
apply-codeGo = Open my draft
apply-codeBad = This code does not work: it may be used or more than 30 minutes old. Send /link in the chat for a new one.
apply-practice = The practice
apply-practiceName = Practice name
apply-practiceTip = Highlight what makes it special. For example: “RuralStar: solar base stations for remote villages”.
apply-lead = Who takes part
apply-leadName = Lead organization
apply-leadCountry = Country or region of the lead organization
apply-countryTip = Type its name in any of the six UN languages, or a code such as CN.
apply-partners = Partners
apply-partnersTip = Joint applications with partners from other countries score higher.
apply-partnerName = Partner { $n } name
apply-partnerCountry = Partner { $n } country
apply-addPartner = Add a partner
apply-removePartner = Remove partner { $n }
apply-countries = Countries and regions where it is carried out
apply-countriesTip = Separate them with commas: at least two. For example: China, Kenya, Brazil.
apply-area = Area
apply-areaLegend = Which area fits your case best?
apply-examples = Examples from earlier calls
apply-sections = The four sections
apply-english = Please write these four sections in English: the international experts read them in English. Start each paragraph with a short heading line that sums it up (“Origins: …”).
apply-words = { $n } of at most { $max } words
apply-wordsMin = { $n } of at most { $max } words, at least { $min }
apply-contact = Contact
apply-contactName = Contact person
apply-contactEmail = Contact e-mail
apply-collecting = Collecting organization (optional)
apply-collectingTip = Did an organization help collect this case? It may win the Excellence in Organization Award.
apply-files = Supporting files (optional)
# $types lists the accepted kinds of file with their sizes.
apply-filesTip = A brochure, photos or slides help the experts. Accepted: { $types }; at most { $count } files, { $mb } MB in all.
apply-fileLabel = Choose files, or drop them here
apply-uploading = Uploading…
apply-checked = checked
apply-refused = refused
apply-pending = being checked
apply-remove = Remove { $name }
apply-problems = Before you can submit
apply-noProblems = Nothing blocks submission.
apply-actions = Submit
apply-submit = Submit the application
apply-toChat = Continue in a chat
apply-withdraw = Withdraw
apply-mailLink = E-mail me a link to continue
apply-mailed = A link is on its way to { $to }. It works once, until { $until }.
apply-needEmail = Give the contact e-mail first: the link goes there.
apply-continued = Welcome back: your draft is open here, and your e-mail address is confirmed.
apply-verified = ✓ Confirmed: a link sent to this address was opened.
apply-continueBad = This link no longer works: a link works once, for 24 hours. Open the page where you started and ask for a new one, or write to the organizers.
apply-confirmWithdraw = Withdraw this application? It will no longer be reviewed.
# $how is what to do with the code, as the server says it.
apply-chatCode = Code: { $code }. { $how }
apply-saving = Saving…
apply-saved = Saved
apply-offline = Not saved: no connection. Your text stays here; it is saved when you are back online.
apply-notSaved = Not saved
apply-started = Draft started. It is kept in this browser.
apply-conflictH = Changed somewhere else
apply-conflictP = This draft was changed on another device or in a chat while you typed. Choose which text to keep: nothing is lost until you choose.
apply-theirs = Saved elsewhere
apply-mine = On this page
apply-keepMine = Keep what is on this page
apply-useTheirs = Use what was saved elsewhere
apply-doneH = Submitted
apply-doneP = Thank you. Your reference is { $reference }. A confirmation e-mail is on its way to the contact address.
apply-withdrawnH = Withdrawn
apply-withdrawnP = This application was withdrawn. You can start a new one by reloading the page.
apply-notSubmittable = Please fix the points in “Before you can submit” first.
apply-ask = Ask a question
apply-askTip = The same answers as the chat bot. A question it cannot answer goes to the organizers.
apply-askLabel = Your question
apply-askGo = Ask
apply-side = Submit and questions
apply-lost = This draft is no longer available here. Your earlier link may have been replaced; start a new one or use a code from the chat.
apply-none = (none)
# A size in megabytes: "20 MB".
apply-sizeMb = { $mb } MB
