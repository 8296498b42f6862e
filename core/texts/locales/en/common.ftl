# Shared pieces: how lists, sentences and dates are put together in English.

# Between the items of a list: "Kenya, Brazil, China".
list-separator = {", "}
# Between two sentences.
sentence-gap = {" "}
# After a label: "Area: Cybersecurity".
label-colon = {": "}
# What follows an item of another year's call: " (2024 call)".
of-call = {" "}({ $year } call)

# A month as a date names it ($month is 1 to 12).
month-name = { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
}
# A calendar date: 20 June 2024. $month_name is the month-name message.
date = { $day } { $month_name } { $year }
# A date's day and month alone: 1 July.
date-no-year = { $day } { $month_name }
# When the experts review, over two years: "from 1 July 2024 to 31 January 2025".
date-period = from { $from } to { $to }
# The same, within one year: "from 1 July to 31 August 2024".
# Variables: $from and $to (full dates), $from_short and $to_short (no year): use those you need.
date-period-same-year = from { $from_short } to { $to }

# An application's status, as "This application is ..." says it.
status-draft = a draft
status-submitted = submitted
status-withdrawn = withdrawn
status-in-review = in review
status-collected = selected for the Collection
status-outstanding = an Outstanding Case
status-not-selected = not selected

# An application's status in a list: "Village Links: PC2024-0001 submitted".
state-draft = draft
state-submitted = submitted
state-withdrawn = withdrawn
state-in-review = in review
state-collected = in the Collection
state-outstanding = Outstanding Case
state-not-selected = not selected
# A size in megabytes: "20 MB".
size-mb = { $mb } MB
