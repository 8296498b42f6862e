# What the `casebook` command says (its output and its errors) in the language of --lang.
# Commands, flags, file names and JSON stay as they are. The help (--help) is English.

## Shared

cli-cannot-read = cannot read { $path }
cli-built-in = built in

## casebook campaign

cli-campaign-invalid = { $path } is not a valid campaign
cli-campaign-installed = Installed the { $year } campaign ({ $title }, deadline { $deadline }).
cli-campaign-replaced = Replaced the { $year } campaign ({ $title }, deadline { $deadline }).
cli-campaign-not-open-yet = It takes no application until it is opened: casebook campaign open { $year }
# How a campaign came: installed when ($at), given on the command line, or built in.
cli-campaign-installed-at = installed { $at }
cli-campaign-given = given: { $path }
# Beside an open call in `campaign list`.
cli-campaign-open-mark = open
cli-campaign-none-open = No call is open: casebook campaign open YEAR opens one.
cli-campaign-not-installed = no { $year } campaign is installed: install its file first (casebook campaign install FILE)
cli-campaign-opened = The { $year } call is open: applications until { $deadline } ({ $zone } time). The bot, the reminders and new applications follow it.
cli-campaign-earlier-refused = { $count ->
    [one] One case collected in earlier years is refused by name
   *[other] { $count } cases collected in earlier years are refused by name
} (opening the call again gathers them again).
cli-campaign-earlier-not-refused = { $count ->
    [one] One case collected in earlier years is not refused by name
   *[other] { $count } cases collected in earlier years are not refused by name
}: install the { $year } file (casebook campaign install FILE) and open it again.
cli-campaign-closed = No call is open now: applications are refused until casebook campaign open YEAR.
# $from is a folder or cli-built-in.
cli-texts-problems = the resource files ({ $from }) have { $count ->
    [one] a problem
   *[other] { $count } problems
}:
cli-campaign-valid = { $path } is a valid campaign: { $year } call, { $areas } areas, deadline { $deadline } ({ $zone }), in the six languages.
cli-texts-valid = The resource files ({ $from }): { $files } files, each language with every message.

## casebook campaign show

cli-show-organizer = Organizer: { $name }
cli-show-open = open
cli-show-closed = closed
# $status is cli-show-open or cli-show-closed.
cli-show-deadline = Deadline: { $deadline } (end of day, { $zone }) - { $status }
cli-show-schedule = Schedule:
cli-show-areas = Areas:
cli-show-sections = Sections (word limits):
cli-show-review = Review:
cli-show-criterion = { $title } ({ $low }-{ $high }, weight { $weight })
cli-show-conflict-involved = never a case involving the reviewer's country or organization
cli-show-conflict-lead = never a case led from the reviewer's country or organization
# $rule is one of the two above.
cli-show-reviewers-per-case = Reviewers per case and round: { $count }; { $rule }
cli-show-selection = Selection (collected / outstanding): { $collected } / { $outstanding }
cli-show-countries = Countries required: { $count }
cli-show-earlier = Earlier cases listed: { $count }
cli-show-faq = FAQ topics: { $topics }
cli-show-contact = Contact: { $name } <{ $email }>

## casebook admin reviewers and rounds

cli-not-a-reviewer-id = { $given } is not a reviewer id: copy one from `casebook admin reviewers list`
cli-reviewer-carried = { $name } ({ $email }), e-mailed a new link:
cli-reviewers-carried = Carried { $carried ->
    [one] one reviewer
   *[other] { $carried } reviewers
} from { $from } to { $year }; { $already } already reviewed for { $year }; { $revoked } revoked, left behind.
cli-reviewer-new-link = A new link for { $name } (e-mailed to them; the old one no longer works):
cli-reviewer-registered = Registered { $name } ({ $email }), id { $id }.
cli-reviewer-sign-in-link = Sign-in link (e-mailed to them; keep it private):
cli-reviewers-none = No reviewers for { $year } yet: add one with `casebook admin reviewers add`, or bring an earlier year's with `casebook admin reviewers carry --from YEAR`.
# A line of `reviewers list`, after the reviewer's id, name and country.
cli-reviewer-load = { $assigned } assigned, { $submitted } submitted
cli-revoked-mark = (revoked)
cli-reviewer-revoked = { $name }'s link no longer works. `casebook admin reviewers link { $id }` gives a new one.
cli-round-assigned = Round { $round }: { $assigned ->
    [one] one new assignment
   *[other] { $assigned } new assignments
}; each reviewer has { $min } to { $max ->
    [one] { $max } case
   *[other] { $max } cases
}; { $mails ->
    [one] one e-mail sent
   *[other] { $mails } e-mails sent
}.
cli-not-fully-assigned = not fully assigned: { $reference }: { $reason }
cli-reviewed-again = warning: { $reference } goes to { $name } again, who reviewed it in an earlier round (too few other reviewers are free of conflict)
cli-round-no-conflicts = Round { $round }: every active reviewer may review every case.
cli-round-conflicts = Round { $round }: { $pairs ->
    [one] one pair kept apart
   *[other] { $pairs } pairs kept apart
}.
cli-round-progress = Round { $round }: { $done } of { $due } reviews submitted.
cli-round-closed = Round { $round } is closed (since { $since }): its reviews can no longer change. See `casebook admin rankings --round { $round }`.
cli-round-not-closed = round { $round } is not closed: nothing to reopen
cli-round-reopened = Round { $round } is open again; the reason is in the audit log.

## casebook admin rankings, decide, decisions and stats

cli-rank-by = --by: use normalized (the default) or raw
# $by is normalized or raw, as typed.
cli-ranking-head = Round { $round } ranked by the { $by } total; the first { $size } are proposed.
cli-ranking-head-open = Round { $round } ranked by the { $by } total (the round is open: reviews may still change); the first { $size } are proposed.
# The ranking's columns (keep each about as wide as the English).
cli-ranking-columns = pos  reference       total  norm.  reviews  proposed      practice
cli-ranking-tie = tie
cli-ranking-incomplete = incomplete
cli-ranking-disagree = reviewers disagree
cli-decide-what = say what to decide: --accept-proposal, or --case REF [--case REF ...] --decision D [--reason R]
# $first and $second are the two decisions a round takes, as typed (collected, not_selected).
cli-decide-which = --decision: use { $first } or { $second } in round { $round }
cli-decide-not-a-case = --case: { $case } is not a case of round { $round }: see `casebook admin rankings --round { $round }`
# $summary lists each decision with its count ("2 collected, 1 not_selected").
cli-decided = Round { $round }: { $count ->
    [one] one decision recorded
   *[other] { $count } decisions recorded
} ({ $summary }), each in the audit log.
cli-decisions-none = No decisions yet: see `casebook admin decide --help`.
cli-decision-proposed = (proposed { $proposed })
# A line of the audit log.
cli-audit-round-closed = closed round { $round }
cli-audit-round-reopened = reopened round { $round }: { $reason }
cli-audit-decided = round { $round }: { $reference } { $decision }
cli-audit-announced = announced { $decided ->
    [one] one decision
   *[other] { $decided } decisions
}: { $mails } e-mails, { $chats } chat messages, { $failed } failed
cli-audit-round-assigned = assigned round { $round }: { $assigned } new assignments
cli-audit-exported = exported { $rows } applications as { $format }
cli-audit-published = published { $cases ->
    [one] one case
   *[other] { $cases } cases
}
cli-audit-reviewer-added = added reviewer { $name }
cli-audit-reviewer-revoked = revoked reviewer { $name }
cli-audit-reviewer-link = sent reviewer { $name } a new link
cli-audit-reviewer-reinstated = sent reviewer { $name } a new link (reinstated)
cli-audit-reviewers-carried = carried { $carried ->
    [one] one reviewer
   *[other] { $carried } reviewers
} from { $from }, each with a new link
cli-audit-organizer-added = added organizer { $name }
cli-audit-first-organizer-added = added organizer { $name } (the first)
cli-audit-organizer-revoked = revoked organizer { $name }
cli-audit-organizer-link = sent organizer { $name } a new link
cli-audit-organizer-reinstated = sent organizer { $name } a new link (reinstated)
cli-stats-deadline = Deadline: { $deadline } ({ $days ->
    [0] closed
    [one] one day left
   *[other] { $days } days left
})
cli-stats-busiest = Submitted on { $days ->
    [one] one day
   *[other] { $days } days
}; the busiest, { $day }, saw { $count }.
cli-stats-by-status = By status: { $counts }
cli-stats-by-area = By area: { $counts }
cli-stats-countries = Countries involved ({ $count }): { $counts }
cli-stats-collectors = Collecting organizations (Excellence in Organization):
cli-stats-no-collectors = none named yet
cli-stats-collector = { $credited } credited, { $collected } collected, { $outstanding } outstanding

## Shared by the admin commands

cli-default-address = links point at { $url }, the default address, as no `casebook serve` of { $dir } is running: start it first, or set CASEBOOK_PUBLIC_URL to the address people reach casebook at
cli-no-data-dir = there is no data directory at { $dir }: pass --data-dir (or CASEBOOK_DATA_DIR) as for `casebook serve`
cli-no-organizer-yet = there is no active organizer yet: add yourself first with `casebook admin organizers add --name NAME --email EMAIL`, then run this with --as EMAIL
cli-as-required = --as: say who you are (your e-mail in `casebook admin organizers list`); this command changes the call and the audit log records it under your name
cli-as-unknown = --as { $email }: no active organizer has this e-mail (see `casebook admin organizers list`)
cli-case-not-in-round = --case is not a case of round { $round }: see `casebook admin rankings --round { $round }`
cli-reviewer-email-taken = --email: a reviewer with this e-mail is registered already (see `casebook admin reviewers list`; one of an earlier year comes with `casebook admin reviewers carry --from YEAR`)
cli-organizer-email-taken = --email: an organizer with this e-mail is registered already (see `casebook admin organizers list`)
cli-reviewer-still-revoked = this reviewer's sign-in was revoked: add --reinstate to give them a new link anyway
cli-organizer-still-revoked = this organizer's sign-in was revoked: add --reinstate to give them a new link anyway
cli-unknown-reviewer = no reviewer with this id (see `casebook admin reviewers list`)
cli-unknown-organizer = no organizer with this id (see `casebook admin organizers list`)
cli-actor-required = --as: the registry has organizers already, so say who adds this one (your e-mail in `casebook admin organizers list`)
cli-last-organizer = this is the last active organizer: add another one before revoking them
cli-unknown-round = there is no review round { $round } in the campaign (see `casebook campaign show`)
cli-round-open = round { $round } is still open: close it first with `casebook admin rounds close { $round }`
cli-earlier-round-undecided = round { $round } has no decisions yet, and the next round reviews the cases it selects: decide it first (`casebook admin rankings --round { $round }`, then `casebook admin decide --round { $round } --accept-proposal` or `--case REF --decision collected`)
cli-assignment-running = the round is being assigned by another run right now; try again in a minute

## casebook admin announce, export and publish

cli-announcing = announcing
cli-exporting = exporting
cli-publishing = publishing
cli-announced = { $decided ->
    [one] One decided application now shows its outcome
   *[other] { $decided } decided applications now show their outcome
}: { $mails } e-mails and { $chats } chat messages sent, { $before } sent before, { $failed } failed (run again to retry), { $undecided } not decided yet.
cli-not-sent = not sent: { $reference }
cli-cannot-write = --out: cannot write { $path }: { $error }
cli-exported = Wrote { $rows ->
    [one] one application
   *[other] { $rows } applications
} to { $path }.
cli-export-extension = --out: a .{ $extension } file is neither .csv nor .xlsx; name it so, or say --format csv|xlsx
cli-export-mismatch = --format { $format } does not match --out { $path }: name the file .{ $format } or leave --format out
cli-export-xlsx-where = --out: say where to write the XLSX file, e.g. --out casebook-export.xlsx
cli-published = Published { $cases ->
    [one] one case
   *[other] { $cases } cases
}, { $outstanding } of them Outstanding, to { $path } (open index.html).
cli-out-unreadable = --out: cannot read { $path }
cli-out-not-empty = --out: { $path } is not empty and holds no earlier publication: choose a new folder
cli-cannot-replace = cannot replace { $path }
cli-out-cannot-create = --out: cannot create { $path }
cli-cannot-create = cannot create { $path }
cli-cannot-write-file = cannot write { $path }

## casebook admin questions and remind

cli-since = --since { $given } is neither a day like 2024-05-01 nor an instant like 2024-05-01T09:00:00+08:00
cli-reading-questions = reading the questions
cli-answer-unknown = --answer { $id }: no question has this id; `casebook admin questions` lists them with theirs
cli-answer-ambiguous = --answer { $id }: several questions start so; give more of the id
cli-reply-unreachable = --reply: a { $channel } chat cannot be written to from here; write to the person another way and mark it answered without --reply
cli-reply-unreachable-telegram = --reply: a telegram chat cannot be written to from here (set TELEGRAM_BOT_TOKEN); write to the person another way and mark it answered without --reply
cli-reply-empty = --reply: the reply is empty; leave --reply out to mark the question answered
cli-reply-too-long = --reply: the reply is { $chars } characters; a chat message takes at most { $max }
cli-marked-answered = Marked answered: { $question }
cli-marked-answered-replied = Marked answered, the answer written in the chat: { $question }
cli-questions-none = No questions are waiting: the bot answered everything asked.
cli-questions-waiting = { $count ->
    [one] One question
   *[other] { $count } questions
} the bot could not answer ({ $zone } time):
cli-answered-by = (answered by { $name })
cli-running-reminders = running the reminders
cli-nothing-due = Nothing is due on { $day } ({ $zone }).
cli-due-on = Due on { $day }: { $milestones }
cli-reminder-sent = sent
cli-reminder-would-send = would send
cli-reminders-sent = { $sent } sent, { $earlier } sent earlier, { $opted_out } opted out, { $failed } failed (tried again next run).
cli-reminders-would-send = { $sent } would be sent, { $earlier } sent earlier, { $opted_out } opted out, { $failed } failed (tried again next run).
cli-reminder-failed = failed
cli-reminders-failed = { $count ->
    [one] one reminder
   *[other] { $count } reminders
} could not be sent

## casebook admin organizers

cli-not-an-organizer-id = { $given } is not an organizer id: copy one from `casebook admin organizers list`
cli-organizer-registered = Registered organizer { $name } ({ $email }), id { $id }.
cli-organizer-sign-in-link = Sign-in link, valid until { $until } (e-mailed to them; keep it private; the text after #token= is the bearer token for the /admin API):
cli-first-organizer = They are the first organizer: run commands that change the call with --as { $email }.
cli-organizers-none = No organizers yet: add yourself with `casebook admin organizers add --name NAME --email EMAIL`.
cli-organizer-revoked = { $name }'s sign-in no longer works. `casebook admin organizers link { $id } --reinstate` gives it back.
cli-organizer-new-link = A new link for { $name }, valid until { $until } (e-mailed to them; the old one no longer works):

## casebook admin backup and restore

cli-backup-on-aws = backup copies one machine's data directory; on AWS the table has point-in-time recovery and the bucket versioning (see infra/README.md)
cli-backup-no-data = there is no casebook data in { $dir }: pass --data-dir (or CASEBOOK_DATA_DIR) as for `casebook serve`
cli-backup-exists = { $path } exists already: give --out a new file name (nothing was overwritten)
cli-temporary-directory = a temporary directory
cli-copying-database = copying the database
cli-writing = writing { $path }
cli-moving-archive = moving the archive to { $path }
cli-backed-up = Backed up { $applications } applications ({ $submitted } submitted) and { $files } files to { $path } ({ $mb } MB). It holds the signing keys and personal data: keep it where only you can read it.
cli-files-archived = casebook: { $done } of { $total } files archived
cli-restore-not-empty = { $path } is not empty: restore into a new or empty directory, then point --data-dir (or CASEBOOK_DATA_DIR) at it (nothing was changed)
cli-opening = opening { $path }
cli-not-a-backup = { $path } is not an archive `casebook admin backup` wrote
cli-backup-no-manifest = { $path } has no { $manifest }: not a casebook backup
cli-reading-manifest = reading the backup's manifest
cli-backup-format = this backup is of format { $format } (casebook { $version }); this casebook reads format { $reads }
cli-beside-target = a directory beside the target
cli-archive-outside = the archive names a file outside its folder ({ $name }): refused
cli-archive-unexpected = the archive names an unexpected path ({ $name }): refused
cli-moving-restored = moving the restored data into { $path }
cli-restore-mismatch = the restored database holds { $applications } applications ({ $submitted } submitted), the backup said { $said_applications } ({ $said_submitted }): keep the archive and report this
cli-restored = Restored { $applications } applications ({ $submitted } submitted) and { $files } files from { $archive } (backed up { $at }) into { $path }. Start it with: casebook serve --data-dir { $path }

## The clock, casebook rehearse, serve, chat and aws

# $now is the call's time where it is run ("2024-09-02 09:00 CST").
cli-clock-now-flag = rehearsal clock: it is { $now } here (--now, this command only)
cli-clock-rehearsal = rehearsal clock: it is { $now } here (set by `casebook rehearse`; `casebook rehearse --off` returns to the real clock)
# $place is where the data is (a folder or a table).
cli-rehearsing = Rehearsing: the call's clock reads { $now } and runs on from there, for every command and a running `casebook serve` on { $place }. Sign-in links still expire on the real clock. `casebook rehearse --off` returns to the real clock.
cli-real-clock = The call runs on the real clock ({ $now }) on { $place }. `casebook rehearse --at TIME` sets a rehearsal clock.
cli-cannot-listen = cannot listen on { $addr } (is another casebook running? try --addr 127.0.0.1:0)
cli-reading-address = reading the listening address
cli-serving = serving HTTP
cli-chat-intro = (casebook chat: type a question, a number to press a button, or /quit to leave)
cli-reading-terminal = reading the terminal
cli-starting-runtime = starting the async runtime
# Before the message of a command that failed, and before each of its causes.
cli-error = error: { $message }
cli-because = because: { $cause }
cli-aws-using = using { $endpoint } in region { $region }
cli-aws-no-region = (none set: AWS_REGION)
cli-aws-bucket-skipped = bucket: skipped (CASEBOOK_BUCKET is not set)
cli-aws-sender-verified = sender { $from }: already verified
cli-aws-sender-requested = sender { $from }: verification requested (on AWS, open the link SES mailed to it)
cli-aws-sender-skipped = sender: skipped (CASEBOOK_MAIL_FROM is not set)
# $kind is table, bucket or secret, as AWS names them.
cli-aws-created = { $kind } { $name }: created
cli-aws-already-there = { $kind } { $name }: already there

## casebook campaign check: what a translator reads

cli-campaign-untranslated = { $path } lacks { $count ->
    [one] a text
   *[other] { $count } texts
} in Arabic (ar), French (fr), Russian (ru) or Spanish (es); every text people read is given in ar, en, es, fr, ru and zh:
cli-and-more = and { $count } more
cli-too-many-resource-files = { $dir } holds more than { $max } .ftl files: is it the right folder?
cli-resource-file-too-large = { $path } is over 1 MiB: a resource file is a few KiB of messages

## What the check says of a translator's files

cli-text-unknown-language = { $language }/: not one of the six languages (ar, en, es, fr, ru, zh); rename or remove the folder
cli-text-missing-language = { $language }/: missing; copy en/ to { $language }/ and translate it
cli-text-missing-file = { $language }/{ $file }: missing; copy en/{ $file } and translate it
cli-text-extra-file = { $language }/{ $file }: en/ has no such file; remove it or add it to en/ first
# $error is the Fluent parser's own words, in English.
cli-text-syntax = { $language }/{ $file }:{ $line }: { $error }
cli-text-missing-message = { $language }/{ $file }: message { $id } is missing; translate it from en/{ $file }
cli-text-extra-message = { $language }/{ $file }: message { $id } is not in en/{ $file }; remove it, or check its name
cli-text-unknown-variable = { $language }/{ $file }: message { $id } uses ${ $variable }, which en/{ $file } does not give it; use the English message's variables
