bot-done = Terminé
bot-skip = Passer
bot-submit = Envoyer
bot-apply-now = Candidater
bot-switch-language = Langue
bot-language-question = Dans quelle langue souhaitez-vous échanger ?
bot-welcome = Bonjour ! Je suis l’assistant de l’appel « { $title } ». Posez-moi toute question sur l’appel, ou choisissez-en une ci-dessous. { $status }
bot-open-until = Les candidatures sont ouvertes jusqu’au { $deadline }.
bot-closed-but-answering = Cet appel a pris fin le { $deadline } : il n’est plus possible d’envoyer une candidature, mais je réponds volontiers à vos questions.
bot-closed-cannot-apply = Cet appel a pris fin le { $deadline } : il n’est plus possible d’envoyer une candidature. Je peux toujours répondre à vos questions.
bot-what-to-know = Que souhaitez-vous savoir ?
bot-help =
    Posez votre question avec vos propres mots, dans l’une des six langues de l’ONU, ou utilisez :
    /apply - remplir une candidature (ou la reprendre)
    /edit CHAMP - modifier une réponse
    /status - vos candidatures
    /link - continuer dans une autre conversation
    /start - recommencer
    /help - cette aide
    /language - choisir la langue
    /cancel - arrêter ce que nous faisons
    /stop - ne plus recevoir de rappels
bot-help-paths = /attach CHEMIN - joindre un fichier à votre candidature
bot-help-documents = Envoyez un fichier, une photo ou une vidéo pour l’ajouter à votre candidature.
bot-unknown-command = Je ne connais pas cette commande. Voici ce que je sais faire :
bot-too-long = Ce message est trop long pour moi : { $max } caractères au plus. Une partie de la candidature peut en compter jusqu’à { $section_max }.
bot-stopped-draft = D’accord, c’est arrêté. Votre brouillon est conservé : /apply le reprend.
bot-stopped = D’accord, c’est arrêté. Et maintenant ?
bot-will-answer-in = Je vous répondrai en français.
bot-welcome-back = Bon retour ! Reprenons là où nous nous étions arrêtés.
bot-trouble = Désolé, un problème est survenu de notre côté. Veuillez réessayer dans un instant.
bot-cannot-read-conversation = Désolé, je ne peux pas lire notre conversation précédente pour le moment. Elle est conservée en sécurité et rien n’est perdu ; les organisateurs sont prévenus. Veuillez réessayer plus tard.
bot-only-text = Désolé, je ne lis que du texte, des boutons et des fichiers. Veuillez écrire votre message.
bot-file-over-telegram-limit = Ce fichier dépasse 20 Mo, la taille maximale que Telegram me laisse récupérer. Envoyez un fichier plus petit, ou déposez-le via le formulaire web.
bot-not-understood = Désolé, je ne connais pas encore la réponse. J’ai transmis votre question aux organisateurs. Vous pouvez aussi écrire à { $contact } à l’adresse { $email }.
bot-now-closed = L’appel est désormais clos.
bot-wizard-intro = Remplissons votre candidature, une question à la fois. Vous pouvez vous arrêter à tout moment (/cancel) et reprendre plus tard (/apply) : rien n’est perdu.
bot-sections-in-english = L’appel demande que les quatre parties de la candidature (la description du cas) soient rédigées en anglais, pour le comité d’évaluation international. Tout le reste peut être écrit dans n’importe quelle langue, et je continue de vous parler en français.
bot-carry-on = Reprenons votre brouillon.
bot-send-documents = Envoyez-les ici un par un : fichiers, photos ou vidéos (jusqu’à { $max_mb } Mo chacun ici). Appuyez sur Terminé quand vous les avez tous envoyés, ou si vous n’en avez pas.
bot-send-paths = Tapez /attach suivi du chemin du fichier, un fichier à la fois, par exemple : /attach ~/Documents/brochure.pdf. Appuyez sur Terminé quand vous les avez tous ajoutés, ou si vous n’en avez pas.
bot-attach-how = Tapez /attach suivi du chemin du fichier, par exemple : /attach ~/Documents/brochure.pdf
bot-cannot-read-file = Je ne peux pas lire { $path } : { $why }. Vérifiez le chemin et réessayez.
bot-not-a-file = ce n’est pas un fichier
bot-long-text-how = (Tapez ou collez le texte, sur autant de lignes que nécessaire ; terminez par une ligne ne contenant qu’un point : .)
bot-choose-area = Veuillez choisir l’un de ces domaines.
bot-partner-format = Écrivez le partenaire sous la forme « Nom, Pays », par exemple « Example Networks Kenya, Kenya ».
bot-countries-listed = { $count ->
    [one] Un pays ou région : { $names }.
   *[other] { $count } pays ou régions : { $names }.
}
bot-partner-added = { $count ->
    [one] Ajouté : un partenaire pour l’instant. Envoyez le suivant, ou appuyez sur Terminé.
   *[other] Ajouté : { $count } partenaires pour l’instant. Envoyez le suivant, ou appuyez sur Terminé.
}
bot-section-saved = Enregistré : { $words ->
    [one] { $words } mot
   *[other] { $words } mots
} (la limite est de { $limit }).
bot-ask-practice-name = Quel est le nom de votre pratique ? Mettez en avant ce qui la distingue ! Par exemple : « RuralStar : des stations de base solaires pour les villages isolés ».
bot-ask-lead-name = Quelle organisation porte la pratique ?
bot-ask-lead-country = Dans quel pays ou région l’organisation porteuse est-elle établie ? (Son nom dans l’une des six langues de l’ONU, ou un code tel que CN.)
bot-ask-partners = Quelles autres organisations y participent ? Envoyez-en une par message sous la forme « Nom, Pays », par exemple « Example Networks Kenya, Kenya ». Les candidatures conjointes obtiennent de meilleures notes. Appuyez sur Terminé quand la liste est complète.
bot-ask-countries = Dans quels pays ou régions la pratique est-elle mise en œuvre ? Citez-les tous, séparés par des virgules : au moins 2. Par exemple : Chine, Kenya, Brésil.
bot-ask-area = Quel domaine correspond le mieux à votre cas ?
bot-ask-contact-name = Qui est la personne à contacter ? (Nom complet.)
bot-ask-contact-email = Quelle est l’adresse e-mail de la personne à contacter ?
bot-ask-collecting-organization = Une organisation a-t-elle aidé à recueillir ce cas (pour le Prix d’excellence de l’organisation) ? Indiquez son nom, ou appuyez sur Passer.
bot-ask-section = { $title } : à rédiger en anglais, { $limit } mots au plus. Commencez chaque paragraphe par un court intertitre qui le résume : sur une ligne à part, ou quelques mots suivis de deux-points (« Origins: ... »).
bot-ask-attachments = Fichiers complémentaires (facultatif) : une brochure, des photos, des diapositives ou une courte vidéo aident les experts à comprendre votre cas. Acceptés : { $types } ; { $max_files } fichiers au plus, { $max_total_mb } Mo en tout.
bot-your-application = Votre candidature :
bot-not-given = (non renseigné)
bot-word-total = { $words ->
    [one] { $words } mot
   *[other] { $words } mots
}
bot-label-practice-name = Nom de la pratique
bot-label-lead = Organisation porteuse
bot-label-partners = Partenaires
bot-label-countries = Pays
bot-label-area = Domaine
bot-label-contact = Contact
bot-label-collecting = Organisation de collecte
bot-label-files = Fichiers
bot-ready-to-submit = Tout est prêt. L’envoyer ?
bot-still-to-fix = À corriger avant l’envoi :
bot-edit-name = Modifier le nom
bot-edit-lead = Modifier l’organisation porteuse
bot-edit-lead-country = Modifier le pays du porteur
bot-edit-partners = Modifier les partenaires
bot-edit-countries = Modifier les pays
bot-edit-area = Modifier le domaine
bot-edit-background = Modifier le contexte
bot-edit-cooperation = Modifier la coopération
bot-edit-modalities = Modifier les modalités
bot-edit-benefits = Modifier les bénéfices
bot-edit-contact-name = Modifier le contact
bot-edit-email = Modifier l’e-mail
bot-edit-collecting = Modifier l’organisation de collecte
bot-add-files = Ajouter des fichiers
bot-which-answer = Quelle réponse voulez-vous modifier ?
bot-nothing-to-edit = Il n’y a pas encore de candidature à modifier : /apply en commence une.
bot-nothing-to-submit = Il n’y a encore rien à envoyer : /apply commence une candidature.
bot-submitted = Envoyée ! Votre référence est { $reference }. Conservez-la pour toute question sur votre candidature. Des experts internationaux évaluent les cas { $period }. Merci de votre participation !
bot-confirmation-pending = (L’e-mail de confirmation n’a pas encore pu être envoyé ; nous réessaierons. Votre candidature est bien envoyée : conservez la référence ci-dessus.)
bot-confirmation-held = (Cette adresse a déjà reçu plusieurs de nos messages aujourd’hui : sa confirmation suivra demain. Votre candidature est bien envoyée : conservez la référence ci-dessus.)
bot-not-yet = Pas encore : corrigez d’abord ces points.
bot-apply-before-files = Commencez d’abord une candidature (/apply), puis envoyez le fichier pour l’ajouter.
bot-files-only-in-drafts = Les fichiers ne peuvent être ajoutés que tant que la candidature est un brouillon.
bot-file-not-added = Désolé, le fichier n’a pas pu être ajouté pour le moment. Veuillez réessayer.
bot-file-added = { $filename } a été ajouté à votre candidature.
bot-files-so-far = { $count ->
    [one] { $count } fichier pour l’instant. Envoyez-en un autre, ou appuyez sur Terminé.
   *[other] { $count } fichiers pour l’instant. Envoyez-en un autre, ou appuyez sur Terminé.
}
bot-nothing-to-link = Il n’y a pas encore de candidature à poursuivre ailleurs : /apply en commence une.
bot-link-code = Votre code est { $code }. Dans l’autre conversation, envoyez /link { $code } dans les { $minutes } minutes pour y poursuivre cette candidature (ou donnez le code à POST /link de l’API web). Il ne sert qu’une fois.
bot-link-invalid = Ce code n’est pas valide ou a expiré. Envoyez /link dans l’autre conversation pour en obtenir un nouveau.
bot-linked = C’est relié ! Votre candidature est maintenant ici : /apply la reprend.
bot-no-applications = Vous n’avez pas encore de candidature : /apply en commence une.
bot-your-applications = Vos candidatures :
bot-earlier-applications = Bon retour ! Vos candidatures aux appels précédents sont conservées. Commençons votre candidature { $year }.
bot-earlier-draft-closed = L’appel { $year } est clos : ce brouillon ne peut plus être envoyé ; il reste visible dans /status. Envoyez /apply pour commencer votre candidature { $open }.
bot-no-name-yet = (pas encore de nom)
bot-reminders-stopped = C’est fait : plus de rappels ici, ni par e-mail pour les brouillons de cette conversation. Vos brouillons restent tels quels ; /apply les reprend quand vous voulez.
bot-organizers-answer = Les organisateurs répondent à votre question
bot-private-only = J’aide aux candidatures en conversation privée seulement, pour que votre brouillon reste le vôtre. Touchez mon nom et choisissez « Message » pour commencer.
bot-files-elsewhere = Impossible d’ajouter des fichiers ici. Envoyez /link pour obtenir un code, puis ajoutez-les sur le web ou dans Telegram.
bot-more = Répondez { $key } pour la suite.
