# The published Collection: a static site with one copy of its pages per language. The
# cases themselves are shown as their applicants wrote them.

# The site's title. $call is the call's title.
collection-title = { $call }: Collection of Practice Cases
# Under the title: how many cases the Collection holds.
collection-count = { $cases ->
    [one] One case.
   *[other] { $cases } cases.
}
# Said after collection-count when some cases are Outstanding ($outstanding is at least 1).
collection-outstanding-count = { $outstanding ->
    [one] One of them is an Outstanding Case (★).
   *[other] { $outstanding } of them are Outstanding Cases (★).
}
# On the pages of every language but English: the cases are not translated.
collection-as-written = The cases are shown as their applicants wrote them, in English.
# The menu of the other languages' copies of a page (read by screen readers).
collection-languages = Languages
collection-search-label = Search by name or country
# The search box's hint, before anything is typed.
collection-search-example = e.g. solar, Kenya
# While searching: "2 of 5 cases". The page's script puts the number found in place of
# $shown, so choose forms by $total only.
collection-search-count = { $shown } of { $total ->
    [one] { $total } case
   *[other] { $total } cases
}
# A link back from a case to the list (the arrow points back in the reading direction).
collection-all-cases = ← All cases
collection-outstanding = ★ Outstanding Case
collection-lead = Lead organization
collection-partners = Participating organizations
# $count is how many countries and regions follow.
collection-countries = Countries and regions involved ({ $count })
collection-area = Area
collection-reference = Reference
# Said where a case lists no participating organization.
collection-none = None
collection-images = Images
# A photo's description for those who cannot see it. $name is the case's name, $n its number.
collection-image = { $name }: image { $n }
