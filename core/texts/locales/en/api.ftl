# The API's errors people read (the applicant page and the review page show them): each
# says what is wrong and how to fix it. Field and header names (If-Match, Content-Type)
# and paths stay as they are.

## The request itself

api-invalid-if-match = If-Match must be a version number such as "3", not { $given }.
api-body-too-large = The request body is larger than { $kib } KiB. Send less text at once.
api-missing-body = The body is missing: send a JSON object with the fields to change.
api-unsupported-media-type = The body must be JSON, sent with `Content-Type: application/json` (got { $given }).
api-not-an-object = The body must be a JSON object: `{"{"}"field": value, ...{"}"}`.
api-malformed-json = The body is not valid JSON ({ $detail }). Check quotes, commas and brackets.
api-unknown-field = `{ $field }` is not a field of this request: { $detail }.
api-invalid-value = `{ $field }`: { $detail }.
api-internal = Something went wrong on our side. Please try again in a moment.

## Applications

api-not-found = No application matches this id and edit token. Check both: the token is the one returned when the draft was created.
api-version-mismatch = The application has changed since version { $version }. Read it again, then repeat your change with the new version in If-Match.
# $status is a status- message ("submitted").
api-not-editable = This application is { $status } and can no longer be edited; only drafts can.
api-incomplete = The application cannot be submitted yet.
api-incomplete-one = The application cannot be submitted yet: { $problem }
api-incomplete-many = The application cannot be submitted yet: { $count } things need fixing. First: { $problem }
api-withdrawn = This application was withdrawn and cannot be submitted. Create a new draft to apply again.
api-not-withdrawable = This application is { $status } and can no longer be withdrawn. Please contact the organizers.
api-link-code-invalid = This link code is not valid: a code works once, for { $minutes } minutes. Send /link in the chat for a new one.
api-busy = Too many changes at the same moment. Please try again.
api-too-many-mails = This address has had all the e-mails it can get from us today. Please use the link already sent, or try again tomorrow.
api-mail-unavailable = No e-mail can be sent just now. Please try again later, or continue in a chat with a link code.

## Attachments

api-attachment-not-found = No attachment with this id on this application.
api-not-uploaded = The file has not arrived yet. Upload it with the grant first, then complete.
# $status is pending, verified or rejected.
api-not-verified = This attachment is { $status }, so it cannot be downloaded.
api-grant-expired = This upload link has expired. Ask for a new one.
api-grant-used = This upload link was already used. Ask for a new one.

## Reviewers

api-unauthorized = This sign-in link or token is not valid (it may have expired or been replaced). Ask the organizers for a new one.
api-case-not-found = No case with this id among your assignments.
api-version-required = You already saved this review: send its version as `If-Match: "<version>"`, so a change made on another device is not overwritten.
api-review-changed = This review was changed elsewhere (it is now at version { $version }). Reload it, then save again.
api-round-closed = Review round { $round } has closed: its reviews can no longer change.
api-conflict-declared = You declared a conflict of interest on this case, so it is no longer yours to review.
api-already-submitted = Your review of this case is submitted already; please write to the organizers instead.

## More about the request

api-missing-token = This needs the edit token returned when the draft was created: send it as `Authorization: Bearer <token>`.
api-missing-sign-in = This needs the token of your sign-in link: send it as `Authorization: Bearer <token>`.
api-missing-field = `{ $field }` is missing: add it to the JSON body.
api-question-empty = The question is empty: write what you would like to know.
api-question-too-long = The question is { $chars } characters; at most { $max }. Please shorten it.

# A reviewer declared a conflict of interest on a case.
api-conflict-thanks = Thank you. The case will go to another reviewer.

# A change sent without the version it changes; an address or a method the API does not have.
api-missing-if-match = Send the version you are changing as `If-Match: "<version>"` (the ETag of your last read), so changes made elsewhere are not overwritten.
api-nothing-here = There is nothing at this address.
api-method-not-allowed = This address does not accept that method. See the API in the README.

## Links of `casebook serve`'s own uploads and downloads, and linking a chat

api-transfer-link-invalid = This link is not valid. Use the address exactly as casebook gave it.
api-transfer-link-expired = This link has expired. Ask for a new one.
api-upload-interrupted = The upload was interrupted. Please try again.
api-file-gone = This file is no longer kept.
api-upload-size-mismatch = This link takes exactly { $declared ->
    [one] { $declared } byte
   *[other] { $declared } bytes
}, and { $got ->
    [one] { $got } was sent
   *[other] { $got } were sent
}. Upload the file you declared.
# $expected is a type such as image/png; $sent is what the upload said.
api-upload-type-mismatch = This link takes { $expected }, and the upload says { $sent }. Send the Content-Type the grant gave.
api-link-code-how = Send /link { $code } to the bot within { $minutes } minutes. The code works once.
