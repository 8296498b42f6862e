# What reviewers and organizers typed that cannot be taken: scores, comments, reviewer
# records, decisions. $field is the field's name as the API and the command line give it
# ("scores.conceptual_fit", "--country").

input-too-long = { $field } is too long: at most { $max } characters, please shorten it.
input-blank = { $field } is required: please fill it in.
input-unknown-criterion = { $field } is not a criterion of this call; use the criteria listed with the case.
input-out-of-scale = { $field } must be a whole number from { $min } to { $max }.
input-missing-score = { $field } needs a score before the review can be submitted.
input-email = { $field } must be an e-mail address such as name@example.org.
# $known lists the call's area ids.
input-unknown-area = { $field } names an area this call does not have; use { $known }.
input-same-year = { $field } is { $year }, the year they would be carried to: give an earlier year, or --year for another call.
input-unknown-language = { $field } "{ $given }" is not a language casebook speaks: use ar, en, es, fr, ru or zh.
input-per-case = { $field } must be from 1 to { $max }.
input-too-many-days = { $field } must be from 1 to { $max } days.
# $proposed is the outcome the ranking proposed (collected, outstanding, not_selected).
input-reason-required = { $field } is needed: the ranking proposed "{ $proposed }" for this case, so say why you decide otherwise.
input-not-in-round = { $field } is not a case of round { $round }: use an application_id from GET /admin/rankings?round={ $round }.
input-unknown-outcome = { $field } must be "{ $first }" or "{ $second }" in this round.
input-repeated = { $field } names a case already decided in this request: decide each once.
input-too-many = { $field } has too many entries: at most { $max } at a time.

## Why a reviewer may not review a case (for the organizers)

conflict-country = the case involves the reviewer's country ({ $code }, { $country })
conflict-organization = the case names the reviewer's organization ({ $organization })
# $case is the case's name for an organization, $reviewer the reviewer's name for it.
conflict-organization-as = the case names { $case }, the reviewer's { $reviewer }
conflict-declared = the reviewer declared a conflict: { $why }
# A case that did not get all its reviewers in an assignment run.
unassignable = { $has } of { $wanted } reviewers: no other registered reviewer is free of conflict with this case
