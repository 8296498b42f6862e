field-practice-name = Le nom de la pratique
field-lead = L’organisation porteuse
field-lead-country = Le pays de l’organisation porteuse
field-partners = Les partenaires
field-partner-name = Le nom du partenaire { $n }
field-partner-country = Le pays du partenaire { $n }
field-countries = Les pays concernés
field-country = Le pays { $n }
field-area = Le domaine
field-contact-name = Le nom de la personne à contacter
field-contact-email = L’e-mail de contact
field-collecting = L’organisation de collecte
field-deadline = La date limite
problem-missing = Champ manquant : { $label }. Veuillez le remplir.
problem-too-few-countries = Le cas doit être mis en œuvre dans au moins { $min } pays ou régions ; { $count ->
    [one] { $count } seul est indiqué
   *[other] { $count } sont indiqués
}. Ajoutez tous les pays où il est mis en œuvre.
problem-country-not-listed = { $label } : { $country } ({ $code }), qui ne figure pas parmi les pays concernés. Ajoutez-le aux pays, ou corrigez le pays de l’organisation.
problem-too-many-words = { $label } : { $words } mots, pour une limite de { $limit }. Veuillez le raccourcir de { $over ->
    [one] { $over } mot
   *[other] { $over } mots
}.
problem-too-few-words = { $label } : { $words ->
    [one] { $words } mot
   *[other] { $words } mots
} ; écrivez-en au moins { $min } pour que les évaluateurs comprennent le cas.
problem-not-english = { $label } ne semble pas rédigé en anglais. Le comité d’évaluation est international : veuillez l’écrire en anglais.
problem-already-collected-in = « { $earlier } » a été retenu dans le Recueil de cas pratiques { $year } : il ne peut pas être présenté à nouveau. S’il s’agit d’un autre cas, donnez-lui un nom qui lui est propre.
problem-already-collected = « { $earlier } » figure déjà dans un précédent Recueil de cas pratiques : il ne peut pas être présenté à nouveau. S’il s’agit d’un autre cas, donnez-lui un nom qui lui est propre.
problem-call-closed = Les organisateurs ont clos l’appel : aucune candidature ne peut être envoyée pour le moment. Le prochain appel sera annoncé sur le site des organisateurs.
problem-deadline-passed = L’appel a pris fin le { $deadline } (en fin de journée, heure de { $zone }). Il n’est plus possible d’envoyer une candidature.
problem-missing-heading = { $label } : { $count ->
    [one] le paragraphe { $paragraphs } n’a pas
   *[other] les paragraphes { $paragraphs } n’ont pas
} d’intertitre. Commencez chaque paragraphe par un court intertitre qui le résume : sur une ligne à part, ou quelques mots suivis de deux-points (« Origins: ... »).
problem-no-partners = Aucune organisation partenaire n’est indiquée. Les candidatures conjointes avec des partenaires internationaux obtiennent de meilleures notes.
problem-unknown-area = « { $given } » n’est pas un domaine de cet appel. Choisissez parmi : { $areas }.
problem-too-many-drafts = Cette adresse e-mail a déjà { $max } brouillons non envoyés, le maximum pour une adresse. Envoyez ou retirez l’un d’eux, ou indiquez une autre adresse.
problem-invalid-email = « { $given } » n’est pas une adresse e-mail valide. Écrivez-la comme nom@example.org.
problem-no-letter = « { $given } » n’est pas un nom. { $label } doit contenir au moins une lettre.
problem-too-long = { $label } compte { $chars } caractères ; { $max } au plus sont acceptés. Veuillez le raccourcir.
problem-too-many = { $label } : { $count } entrées ; { $max } au plus sont acceptées.
problem-unknown-country-suggest = « { $given } » n’est pas un pays ou une région que nous connaissons. Vouliez-vous dire { $name } ({ $code }) ?
problem-unknown-country = « { $given } » n’est pas un pays ou une région que nous connaissons. Indiquez son nom dans l’une des six langues de l’ONU, ou son code ISO, par exemple Kenya ou KE.
attachment-type-mismatch = Le fichier a été déclaré comme { $declared }, mais son contenu est { $detected }. Il a été supprimé : envoyez-le de nouveau avec son vrai type.
attachment-type-unknown = Le fichier a été déclaré comme { $declared }, mais son contenu ne l’est pas. Il a été supprimé : envoyez un vrai fichier { $declared }.
attachment-size-mismatch = Le fichier a été déclaré avec { $declared } octets, mais { $actual } octets sont arrivés. Il a été supprimé : envoyez-le de nouveau.
attachment-type-not-allowed = Les fichiers de type « { $content_type } » ne sont pas acceptés. Acceptés : { $accepted }.
attachment-name-too-long = Le nom du fichier dépasse { $max } caractères : raccourcissez-le.
attachment-empty = Le fichier est vide : indiquez sa taille en octets.
attachment-too-large = Le fichier fait { $size } ; les fichiers de ce type peuvent faire au plus { $max }.
attachment-too-many-files = Une candidature peut compter au plus { $max } fichiers. Supprimez-en un pour en ajouter un autre.
attachment-total-too-large = Avec ce fichier, les pièces jointes feraient { $total } au total ; la limite est de { $max }.
