mail-confirmation-subject = Candidature { $reference } reçue
mail-confirmation-greeting = Bonjour { $person },
mail-confirmation-received = Merci d’avoir répondu à l’appel « { $title } ». Votre candidature « { $name } » a bien été reçue ; sa référence est { $reference }. Merci de la rappeler pour toute question.
mail-confirmation-review = Des experts internationaux évaluent les cas { $period }. Nous vous écrirons pour vous faire part du résultat.
mail-signature = { $from } ({ $address })
mail-hello = Bonjour,
mail-dear = Bonjour { $name },
mail-no-more-reminders = Ne plus recevoir de rappels ? { $link }
mail-continue-subject = Votre lien pour poursuivre votre candidature
mail-continue-intro = Voici votre lien pour poursuivre votre candidature « { $name } » à l’appel « { $title } » :
mail-continue-note = Il ne sert qu’une fois, pendant { $hours } heures, et confirme cette adresse. Si vous ne l’avez pas demandé, ignorez cet e-mail.
mail-days-left = { $days ->
    [one] plus que { $days } jour
   *[other] plus que { $days } jours
}
mail-nudge-subject = { $days ->
    [one] Plus que { $days } jour pour envoyer votre candidature
   *[other] Plus que { $days } jours pour envoyer votre candidature
}
mail-nudge-one = Votre candidature { $name } à l’appel « { $title } » n’est pas encore envoyée. L’appel se clôt le { $deadline } ({ $days_left }).
mail-nudge-complete = Elle semble complète : il ne reste qu’à l’envoyer.
mail-nudge-still-to-do = Reste à faire :
mail-and-more = - et { $count } de plus
mail-nudge-many = { $count } candidatures à l’appel « { $title } » qui indiquent cette adresse ne sont pas encore envoyées. L’appel se clôt le { $deadline } ({ $days_left }).
mail-nudge-no-name = (pas encore de nom)
mail-nudge-draft-complete = complète, prête à être envoyée
mail-nudge-draft-to-do = { $count ->
    [one] { $count } point encore à faire
   *[other] { $count } points encore à faire
}
mail-nudge-not-yours = Si vous n’avez pas commencé ces candidatures, quelqu’un d’autre a indiqué votre adresse : vous pouvez ignorer ce message, ou utiliser le lien ci-dessous pour ne plus recevoir de rappels.
mail-nudge-carry-on = Reprenez là où vous avez commencé : dans la conversation avec notre bot, envoyez /apply, ou ouvrez le brouillon avec le jeton de modification qui vous a été remis.
chat-nudge = Rappel : votre candidature { $name } n’est pas encore envoyée. L’appel se clôt le { $deadline } ({ $days_left }). Envoyez /apply pour la reprendre, ou STOP pour ne plus recevoir de rappels.
mail-review-link-subject = Votre lien d’évaluation
mail-review-thanks = Merci d’évaluer des cas pour l’appel « { $title } ». Les évaluations ont lieu { $period }.
mail-review-link = Votre lien personnel vers la page d’évaluation (il fonctionne sur téléphone ; gardez-le pour vous) :
mail-not-expected = Si vous n’attendiez pas ce message, vous pouvez l’ignorer.
mail-assigned-subject = { $count ->
    [one] { $count } cas à évaluer
   *[other] { $count } cas à évaluer
}
mail-assigned = { $count ->
    [one] Un nouveau cas attend votre évaluation ({ $round }), à rendre avant le { $due }.
   *[other] { $count } nouveaux cas attendent votre évaluation ({ $round }), à rendre avant le { $due }.
}
mail-open-them = Ouvrez-les ici :
mail-reviews-waiting-subject = { $count ->
    [one] { $count } évaluation en attente
   *[other] { $count } évaluations en attente
}
mail-round-opens = { $count ->
    [one] { $round } commence aujourd’hui : un cas attend votre évaluation, à rendre avant le { $due }.
   *[other] { $round } commence aujourd’hui : { $count } cas attendent votre évaluation, à rendre avant le { $due }.
}
mail-round-open-reviews = { $count ->
    [one] { $count } évaluation de { $round } est encore ouverte, à rendre avant le { $due }.
   *[other] { $count } évaluations de { $round } sont encore ouvertes, à rendre avant le { $due }.
}
mail-your-link = Votre lien :
mail-outcome-outstanding-subject = Votre cas est un Cas exemplaire
mail-outcome-collected-subject = Votre cas figure dans le Recueil
mail-outcome-not-selected-subject = Le résultat de votre candidature
mail-outcome-outstanding = Félicitations ! Après deux tours d’évaluation internationale, votre cas « { $name } » ({ $reference }) compte parmi les Cas exemplaires de l’appel « { $title } ». Les Cas exemplaires sont présentés au Sommet de Wuzhen de la WIC ; nous vous écrirons au sujet de l’invitation.
mail-outcome-collected = Bonne nouvelle : après évaluation internationale, votre cas « { $name } » ({ $reference }) figure dans le Recueil de cas pratiques de l’appel « { $title } ». Vous pourrez suivre le Sommet de Wuzhen en ligne.
mail-outcome-not-selected = Merci d’avoir présenté « { $name } » ({ $reference }) à l’appel « { $title } ». Après évaluation internationale, il n’a pas été retenu pour le Recueil de cette année. Nous espérons vous lire de nouveau l’an prochain.
mail-organizer-subject = Votre accès organisateur
mail-organizer-welcome = Vous pouvez désormais agir comme organisateur de l’appel « { $title } ».
mail-organizer-link = Votre lien de connexion personnel, valable jusqu’au { $until } (gardez-le pour vous ; ce que vous en faites est enregistré à votre nom) :
mail-organizer-token = Le texte après « #token= » est aussi votre jeton pour l’API /admin (Authorization: Bearer). Si vous n’attendiez pas ce message, prévenez le secrétariat.
mail-digest-subject = Point sur l’appel : { $submitted } envoyées
mail-digest-so-far = L’appel à ce jour (clôture le { $deadline }) :
mail-digest-counts =
    Par statut : { $status }
    Envoyées, par domaine : { $area }
    Envoyées, par pays porteur : { $countries }
mail-digest-since = Depuis le dernier point : { $submitted } envoyées, { $drafts } nouveaux brouillons, { $questions } questions sans réponse du bot (`casebook admin questions`), { $files } fichiers refusés.
mail-digest-nearly = Brouillons presque terminés ({ $count }) : { $names }
mail-round-digest-subject = Avancement des évaluations : { $done }/{ $due }
mail-round-digest = { $round } (jusqu’au { $ends }) : { $done } évaluations envoyées sur { $due } ; { $cases ->
    [one] { $cases } cas sans aucune évaluation envoyée
   *[other] { $cases } cas sans aucune évaluation envoyée
}.
mail-round-digest-idle = Évaluateurs qui n’ont encore rien envoyé ({ $count }) : { $names }
mail-round-digest-details = Détails : `casebook admin rounds progress N` ou GET /admin/rounds/N.
chat-outcome-outstanding = Félicitations ! « { $name } » ({ $reference }) compte parmi les Cas exemplaires. Les détails sont dans votre e-mail.
chat-outcome-collected = Bonne nouvelle : « { $name } » ({ $reference }) figure dans le Recueil de cas pratiques. Les détails sont dans votre e-mail.
chat-outcome-not-selected = « { $name } » ({ $reference }) n’a pas été retenu cette année. Merci de votre participation ; les détails sont dans votre e-mail.
