# The organizers' API's errors (the console shows them): each says what is wrong and how to
# fix it. Field names, paths and commands stay as they are.

## Rounds and rankings

admin-unknown-round = There is no review round { $round } in this call.
admin-round-path = There is no such review round: use its number, e.g. /admin/rounds/1.
admin-round-required = round is required: the round's number, e.g. ?round=1.
admin-rank-by = by must be normalized (the default) or raw.
admin-case-not-in-round = No such case in this round: use an application id from the round's ranking.
admin-round-open = Review round { $round } is still open: close it first (POST /admin/rounds/{ $round }/close), so its reviews no longer change.
admin-earlier-round-undecided = Round { $round } has no decisions yet, and the next round reviews the cases it selects. Decide round { $round } first (POST /admin/decisions).
admin-assignment-running = This round is being assigned right now. Please try again in a minute.

## Reviewers and organizers

admin-unknown-reviewer = No reviewer has this id.
admin-email-taken = Someone with this e-mail is registered already. A reviewer of an earlier year is carried over with `casebook admin reviewers carry`.
admin-unknown-organizer = No organizer has this id.
admin-not-an-organizer = Only an active organizer may do this.
admin-sign-in-revoked = This sign-in was revoked. Reinstate it explicitly to send a new link.
admin-last-organizer = The last active organizer cannot be revoked: add another one first.

## Questions inbox

admin-question-not-found = No question has this id.
# $by is the organizer who answered, $at when.
admin-question-answered = { $by } already answered this question ({ $at }); nothing was sent.
# $channel is Telegram, WeChat, ...
admin-cannot-reply = An answer cannot be written in a { $channel } chat from here: write to the contact shown, then mark the question answered without a reply.
admin-reply-empty = The reply is empty: write the answer, or leave reply out to mark the question answered.
admin-reply-too-long = The reply is { $chars } characters; a chat message takes at most { $max }.
admin-reply-failed = The chat did not take the reply (the person may have blocked the bot). The question stays open: try again, or write to the contact shown.
