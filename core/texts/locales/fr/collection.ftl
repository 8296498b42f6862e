# Le Recueil publié : un site statique, un exemplaire de ses pages par langue. Les cas sont
# montrés tels que leurs candidats les ont écrits.

collection-title = { $call } : Recueil des cas pratiques
collection-count = { $cases ->
    [one] { $cases } cas.
   *[other] { $cases } cas.
}
collection-outstanding-count = { $outstanding ->
    [one] Dont un Cas exemplaire (★).
   *[other] Dont { $outstanding } Cas exemplaires (★).
}
collection-as-written = Les cas sont montrés tels que leurs candidats les ont écrits, en anglais.
collection-languages = Langues
collection-search-label = Chercher par nom ou par pays
collection-search-example = p. ex. solaire, Kenya
# $shown : le nombre trouvé, mis par le script de la page.
collection-search-count = { $shown } sur { $total } cas
collection-all-cases = ← Tous les cas
collection-outstanding = ★ Cas exemplaire
collection-lead = Organisation porteuse
collection-partners = Organisations participantes
collection-countries = Pays et régions concernés ({ $count })
collection-area = Domaine
collection-reference = Référence
collection-none = Aucune
collection-images = Images
collection-image = { $name } : image { $n }
