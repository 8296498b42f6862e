# E-mails. Each is sent in the recipient's language, followed by English (English alone
# for English speakers).

## The confirmation of a submitted application

mail-confirmation-subject = Application { $reference } received
mail-confirmation-greeting = Dear { $person },
mail-confirmation-received = Thank you for applying to the { $title }. Your application "{ $name }" has been received; its reference is { $reference }. Please quote it in any question.
# $period is a date-period message: "from 1 July to 31 August 2024".
mail-confirmation-review = International experts review the cases { $period }. We will write to you about the outcome.
# Who signs: the organizers' contact and address.
mail-signature = { $from } ({ $address })

## Every mail

mail-hello = Hello,
mail-dear = Dear { $name },
mail-no-more-reminders = No more reminders? { $link }

## The link to continue an application on the page

mail-continue-subject = Your link to continue your application
mail-continue-intro = Here is your link to continue your application "{ $name }" to the { $title }:
mail-continue-note = It works once, for { $hours } hours, and confirms this address. If you did not ask for it, you can ignore this e-mail.

## Reminders to applicants about their drafts

mail-days-left = { $days ->
    [one] one day left
   *[other] { $days } days left
}
mail-nudge-subject = { $days ->
    [one] One day left to submit your application
   *[other] { $days } days left to submit your application
}
# $name is the draft's name in quotes, or nothing.
mail-nudge-one = Your application { $name } to the { $title } is not submitted yet. The call closes on { $deadline } ({ $days_left }).
mail-nudge-complete = It looks complete: all that is left is to submit it.
mail-nudge-still-to-do = Still to do:
mail-and-more = - and { $count } more
mail-nudge-many = { $count } applications to the { $title } that give this address are not submitted yet. The call closes on { $deadline } ({ $days_left }).
mail-nudge-no-name = (no name yet)
mail-nudge-draft-complete = complete, ready to submit
mail-nudge-draft-to-do = { $count ->
    [one] one thing still to do
   *[other] { $count } things still to do
}
mail-nudge-not-yours = If you did not start these, someone else gave your address: you can ignore this message, or use the link below to get no more reminders.
mail-nudge-carry-on = Carry on where you started: in the chat with our bot send /apply, or open the draft with the edit token you were given.
# The nudge in a chat: one message. $name is the draft's name in quotes, or nothing.
chat-nudge = Reminder: your application { $name } is not submitted yet. The call closes on { $deadline } ({ $days_left }). Send /apply to carry on, or STOP for no more reminders.

## Reviewers

mail-review-link-subject = Your review link
mail-review-thanks = Thank you for reviewing cases for the { $title }. Reviews run { $period }.
mail-review-link = Your personal link to the review page (it works on a phone; please keep it to yourself):
mail-not-expected = If you did not expect this message, you can ignore it.
mail-assigned-subject = { $count ->
    [one] One case to review
   *[other] { $count } cases to review
}
mail-assigned = { $count ->
    [one] One new case is waiting for your review ({ $round }), due by { $due }.
   *[other] { $count } new cases are waiting for your review ({ $round }), due by { $due }.
}
mail-open-them = Open them here:
mail-reviews-waiting-subject = { $count ->
    [one] One review waiting
   *[other] { $count } reviews waiting
}
mail-round-opens = { $count ->
    [one] { $round } opens today: one case waits for your review, due by { $due }.
   *[other] { $round } opens today: { $count } cases wait for your review, due by { $due }.
}
mail-round-open-reviews = { $count ->
    [one] One review of { $round } is still open, due by { $due }.
   *[other] { $count } reviews of { $round } are still open, due by { $due }.
}
mail-your-link = Your link:

## Outcomes

mail-outcome-outstanding-subject = Your case is an Outstanding Case
mail-outcome-collected-subject = Your case is in the Collection
mail-outcome-not-selected-subject = The result of your application
mail-outcome-outstanding = Congratulations! After two rounds of international review, your case "{ $name }" ({ $reference }) is one of the Outstanding Cases of the { $title }. The Outstanding Cases are presented at the WIC Wuzhen Summit; we will write to you about the invitation.
mail-outcome-collected = Good news: after international review, your case "{ $name }" ({ $reference }) is included in the Collection of Practice Cases of the { $title }. You will be able to watch the Wuzhen Summit online.
mail-outcome-not-selected = Thank you for sending "{ $name }" ({ $reference }) to the { $title }. After international review it was not selected for this year's Collection. We hope to read about your work again next year.

## Organizers

mail-organizer-subject = Your organizer sign-in
mail-organizer-welcome = You can now act as an organizer of the { $title }.
# $until is a time in UTC: 2024-07-01 09:00 UTC.
mail-organizer-link = Your personal sign-in link, valid until { $until } (keep it to yourself; what you do with it is recorded under your name):
mail-organizer-token = The text after "#token=" is also your token for the /admin API (Authorization: Bearer). If you did not expect this message, tell the secretariat.
mail-digest-subject = Call digest: { $submitted } submitted
mail-digest-so-far = The call so far (it closes on { $deadline }):
# Counts such as "submitted 12, draft 3".
mail-digest-counts =
    By status: { $status }
    Submitted, by area: { $area }
    Submitted, by lead country: { $countries }
mail-digest-since = Since the last digest: { $submitted } submitted, { $drafts } new drafts, { $questions } questions the bot could not answer (`casebook admin questions`), { $files } files rejected.
mail-digest-nearly = Drafts that look nearly done ({ $count }): { $names }
mail-round-digest-subject = Review progress: { $done }/{ $due }
mail-round-digest = { $round } (until { $ends }): { $done } of { $due } reviews submitted; { $cases ->
    [one] one case without any submitted review yet
   *[other] { $cases } cases without any submitted review yet
}.
mail-round-digest-idle = Reviewers who have not submitted anything yet ({ $count }): { $names }
mail-round-digest-details = Details: `casebook admin rounds progress N` or GET /admin/rounds/N.

## An outcome in the chat (the e-mail has the details)

chat-outcome-outstanding = Congratulations! "{ $name }" ({ $reference }) is one of the Outstanding Cases. Details are in your e-mail.
chat-outcome-collected = Good news: "{ $name }" ({ $reference }) is included in the Collection of Practice Cases. Details are in your e-mail.
chat-outcome-not-selected = "{ $name }" ({ $reference }) was not selected this year. Thank you for taking part; details are in your e-mail.
