# What is wrong with an answer and how to fix it: the bot, the applicant page and the API
# say these. $label is one of the field- messages (or a section's title).

## The fields, as people know them

field-practice-name = The practice name
field-lead = The lead organization
field-lead-country = The lead organization's country
field-partners = Partners
field-partner-name = The name of partner { $n }
field-partner-country = The country of partner { $n }
field-countries = Countries involved
field-country = Country { $n }
field-area = The area
field-contact-name = The contact person's name
field-contact-email = The contact e-mail
field-collecting = The collecting organization
field-deadline = The deadline

## Problems

problem-missing = { $label } is missing. Please fill it in.
problem-too-few-countries = The case must be carried out in at least { $min } countries or regions; { $count ->
    [one] one is listed
   *[other] { $count } are listed
}. Add every country where it is implemented.
# $country is the country's name, $code its ISO code.
problem-country-not-listed = { $label } is { $country } ({ $code }), which is not among the countries involved. Add it to the countries, or correct the organization's country.
problem-too-many-words = { $label } has { $words } words; the limit is { $limit }. Please shorten it by { $over ->
    [one] one word
   *[other] { $over } words
}.
problem-too-few-words = { $label } has { $words ->
    [one] one word
   *[other] { $words } words
}; please write at least { $min }, so the reviewers can understand the case.
# $detected is the language the text seems to be in, named in English ("French"): leave it out.
problem-not-english = { $label } seems to be written in { $detected }. The review committee is international: please write it in English.
problem-already-collected-in = "{ $earlier }" was selected for the { $year } Collection of Practice Cases, so it cannot apply again. If this is a different case, give it a name of its own.
problem-already-collected = "{ $earlier }" is already in an earlier Collection of Practice Cases, so it cannot apply again. If this is a different case, give it a name of its own.
problem-call-closed = The organizers have closed the call: no application can be submitted now. The next call will be announced on the organizers' site.
# $zone is a time zone's name, such as Asia/Shanghai.
problem-deadline-passed = The call closed on { $deadline } (end of day, { $zone } time). Applications can no longer be submitted.
# $paragraphs lists the paragraphs' numbers.
problem-missing-heading = In { $label }, { $count ->
    [one] paragraph { $paragraphs } has
   *[other] paragraphs { $paragraphs } have
} no heading. Start each paragraph with a short heading that sums it up: a line of its own, or a few words and a colon ("Origins: ...").
problem-no-partners = No partner organization is listed. Joint applications with international partners score higher.
# $areas lists the areas' ids.
problem-unknown-area = "{ $given }" is not an area of this call. Choose one of: { $areas }.
problem-too-many-drafts = This e-mail address already has { $max } unsubmitted drafts, the most one address may hold. Submit or withdraw one of them, or give another address.
problem-invalid-email = "{ $given }" is not a valid e-mail address. Write it like name@example.org.
problem-no-letter = "{ $given }" is not a name. { $label } needs at least one letter.
problem-too-long = { $label } is { $chars } characters long; at most { $max } are accepted. Please shorten it.
problem-too-many = { $label } lists { $count } entries; at most { $max } are accepted.
# $name is the country's name, $code its ISO code.
problem-unknown-country-suggest = "{ $given }" is not a country or region we know. Did you mean { $name } ({ $code })?
problem-unknown-country = "{ $given }" is not a country or region we know. Use its name in any of the six UN languages, or its ISO code, for example Kenya or KE.

## An uploaded file refused after its check

# $declared is the type the upload named (application/pdf), $detected what its content is.
attachment-type-mismatch = The file was declared as { $declared } but its content is { $detected }. It was deleted: upload the file again with its real type.
attachment-type-unknown = The file was declared as { $declared } but its content is not. It was deleted: please upload a real { $declared } file.
attachment-size-mismatch = The file was declared as { $declared } bytes but { $actual } bytes arrived. It was deleted: please upload it again.

## A file refused before its upload (the call's limits)

# $accepted lists the kinds of file accepted.
attachment-type-not-allowed = Files of type "{ $content_type }" are not accepted. Accepted: { $accepted }.
attachment-name-too-long = The file name is longer than { $max } characters: shorten it.
attachment-empty = The file is empty: give its size in bytes.
# $size and $max are sizes such as "12.5 MB".
attachment-too-large = The file is { $size }; files of this type may be at most { $max }.
attachment-too-many-files = An application can have at most { $max } files. Delete one to add another.
attachment-total-too-large = With this file the attachments would total { $total }; the limit is { $max }.
