# Ce que dit la commande `casebook` (sa sortie et ses erreurs) avec --lang fr. Les commandes,
# options, noms de fichiers et le JSON restent tels quels. L’aide (--help) est en anglais.

cli-cannot-read = impossible de lire { $path }
cli-built-in = intégré
cli-campaign-invalid = { $path } n’est pas un fichier d’appel valide
cli-campaign-installed = Appel { $year } installé ({ $title }, date limite { $deadline }).
cli-campaign-replaced = Appel { $year } remplacé ({ $title }, date limite { $deadline }).
cli-campaign-not-open-yet = Il ne prend aucune candidature avant d’être ouvert : casebook campaign open { $year }
cli-campaign-installed-at = installé le { $at }
cli-campaign-given = donné : { $path }
cli-campaign-open-mark = ouvert
cli-campaign-none-open = Aucun appel n’est ouvert : casebook campaign open ANNÉE en ouvre un.
cli-campaign-not-installed = aucun appel { $year } n’est installé : installez d’abord son fichier (casebook campaign install FILE)
cli-campaign-opened = L’appel { $year } est ouvert : candidatures jusqu’au { $deadline } (heure de { $zone }). Le bot, les rappels et les nouvelles candidatures le suivent.
cli-campaign-earlier-refused = { $count ->
    [one] { $count } cas retenu les années précédentes est refusé par son nom
   *[other] { $count } cas retenus les années précédentes sont refusés par leur nom
} (rouvrir l’appel les rassemble à nouveau).
cli-campaign-earlier-not-refused = { $count ->
    [one] { $count } cas retenu les années précédentes n’est pas refusé par son nom
   *[other] { $count } cas retenus les années précédentes ne sont pas refusés par leur nom
} : installez le fichier { $year } (casebook campaign install FILE) et ouvrez-le à nouveau.
cli-campaign-closed = Aucun appel n’est ouvert : les candidatures sont refusées jusqu’à casebook campaign open ANNÉE.
cli-texts-problems = les fichiers de ressources ({ $from }) ont { $count ->
    [one] un problème
   *[other] { $count } problèmes
} :
cli-campaign-valid = { $path } est un fichier d’appel valide : appel { $year }, { $areas } domaines, date limite { $deadline } ({ $zone }), dans les six langues.
cli-texts-valid = Les fichiers de ressources ({ $from }) : { $files } fichiers, chaque langue avec tous les messages.
cli-show-organizer = Organisateur : { $name }
cli-show-open = ouvert
cli-show-closed = clos
cli-show-deadline = Date limite : { $deadline } (fin de journée, { $zone }) - { $status }
cli-show-schedule = Calendrier :
cli-show-areas = Domaines :
cli-show-sections = Sections (nombre de mots maximal) :
cli-show-review = Évaluation :
cli-show-criterion = { $title } ({ $low }-{ $high }, poids { $weight })
cli-show-conflict-involved = jamais un cas qui concerne le pays ou l’organisation de l’évaluateur
cli-show-conflict-lead = jamais un cas porté depuis le pays ou l’organisation de l’évaluateur
cli-show-reviewers-per-case = Évaluateurs par cas et par tour : { $count } ; { $rule }
cli-show-selection = Sélection (Recueil / exemplaires) : { $collected } / { $outstanding }
cli-show-countries = Pays requis : { $count }
cli-show-earlier = Cas des années précédentes : { $count }
cli-show-faq = Sujets de la FAQ : { $topics }
cli-show-contact = Contact : { $name } <{ $email }>
cli-not-a-reviewer-id = { $given } n’est pas un identifiant d’évaluateur : copiez-en un de `casebook admin reviewers list`
cli-reviewer-carried = { $name } ({ $email }), nouveau lien envoyé par e-mail :
cli-reviewers-carried = { $carried ->
    [one] { $carried } évaluateur repris
   *[other] { $carried } évaluateurs repris
} de { $from } à { $year } ; { $already } évaluaient déjà pour { $year } ; { $revoked } révoqués, laissés de côté.
cli-reviewer-new-link = Un nouveau lien pour { $name } (envoyé par e-mail ; l’ancien ne fonctionne plus) :
cli-reviewer-registered = { $name } ({ $email }) inscrit, identifiant { $id }.
cli-reviewer-sign-in-link = Lien de connexion (envoyé par e-mail ; gardez-le privé) :
cli-reviewers-none = Pas encore d’évaluateur pour { $year } : ajoutez-en un avec `casebook admin reviewers add`, ou reprenez ceux d’une année précédente avec `casebook admin reviewers carry --from YEAR`.
cli-reviewer-load = { $assigned } attribués, { $submitted } rendus
cli-revoked-mark = (révoqué)
cli-reviewer-revoked = Le lien de { $name } ne fonctionne plus. `casebook admin reviewers link { $id }` en donne un nouveau.
cli-round-assigned = Tour { $round } : { $assigned ->
    [one] { $assigned } nouvelle attribution
   *[other] { $assigned } nouvelles attributions
} ; chaque évaluateur a de { $min } à { $max } cas ; { $mails ->
    [one] { $mails } e-mail envoyé
   *[other] { $mails } e-mails envoyés
}.
cli-not-fully-assigned = attribution incomplète : { $reference } : { $reason }
cli-reviewed-again = attention : { $reference } va de nouveau à { $name }, qui l’a évalué lors d’un tour précédent (trop peu d’autres évaluateurs sont libres de conflit)
cli-round-no-conflicts = Tour { $round } : chaque évaluateur actif peut évaluer chaque cas.
cli-round-conflicts = Tour { $round } : { $pairs ->
    [one] { $pairs } paire tenue à l’écart
   *[other] { $pairs } paires tenues à l’écart
}.
cli-round-progress = Tour { $round } : { $done } évaluations rendues sur { $due }.
cli-round-closed = Le tour { $round } est clos (depuis { $since }) : ses évaluations ne peuvent plus changer. Voir `casebook admin rankings --round { $round }`.
cli-round-not-closed = le tour { $round } n’est pas clos : rien à rouvrir
cli-round-reopened = Le tour { $round } est rouvert ; la raison est dans le journal d’audit.
cli-rank-by = --by : utilisez normalized (par défaut) ou raw
cli-ranking-head = Tour { $round } classé par le total { $by } ; les { $size } premiers sont proposés.
cli-ranking-head-open = Tour { $round } classé par le total { $by } (le tour est ouvert : les évaluations peuvent encore changer) ; les { $size } premiers sont proposés.
cli-ranking-columns = rang référence      total  norm.  évals    proposé       cas
cli-ranking-tie = ex aequo
cli-ranking-incomplete = incomplet
cli-ranking-disagree = évaluateurs en désaccord
cli-decide-what = dites quoi décider : --accept-proposal, ou --case REF [--case REF ...] --decision D [--reason R]
cli-decide-which = --decision : utilisez { $first } ou { $second } au tour { $round }
cli-decide-not-a-case = --case : { $case } n’est pas un cas du tour { $round } : voir `casebook admin rankings --round { $round }`
cli-decided = Tour { $round } : { $count ->
    [one] { $count } décision enregistrée
   *[other] { $count } décisions enregistrées
} ({ $summary }), chacune dans le journal d’audit.
cli-decisions-none = Pas encore de décision : voir `casebook admin decide --help`.
cli-decision-proposed = (proposé : { $proposed })
cli-audit-round-closed = tour { $round } clos
cli-audit-round-reopened = tour { $round } rouvert : { $reason }
cli-audit-decided = tour { $round } : { $reference } { $decision }
cli-audit-announced = { $decided } décisions annoncées : { $mails } e-mails, { $chats } messages de conversation, { $failed } échecs
cli-audit-round-assigned = tour { $round } attribué : { $assigned } nouvelles attributions
cli-audit-exported = { $rows } candidatures exportées en { $format }
cli-audit-published = { $cases } cas publiés
cli-audit-reviewer-added = évaluateur { $name } ajouté
cli-audit-reviewer-revoked = évaluateur { $name } révoqué
cli-audit-reviewer-link = nouveau lien envoyé à l’évaluateur { $name }
cli-audit-reviewer-reinstated = nouveau lien envoyé à l’évaluateur { $name } (rétabli)
cli-audit-reviewers-carried = { $carried } évaluateurs repris de { $from }, chacun avec un nouveau lien
cli-audit-organizer-added = organisateur { $name } ajouté
cli-audit-first-organizer-added = organisateur { $name } ajouté (le premier)
cli-audit-organizer-revoked = organisateur { $name } révoqué
cli-audit-organizer-link = nouveau lien envoyé à l’organisateur { $name }
cli-audit-organizer-reinstated = nouveau lien envoyé à l’organisateur { $name } (rétabli)
cli-stats-deadline = Date limite : { $deadline } ({ $days ->
    [0] close
    [one] encore { $days } jour
   *[other] encore { $days } jours
})
cli-stats-busiest = Soumissions sur { $days ->
    [one] { $days } jour
   *[other] { $days } jours
} ; le plus chargé, le { $day }, en a vu { $count }.
cli-stats-by-status = Par statut : { $counts }
cli-stats-by-area = Par domaine : { $counts }
cli-stats-countries = Pays concernés ({ $count }) : { $counts }
cli-stats-collectors = Organisations collectrices (prix d’excellence de l’organisation) :
cli-stats-no-collectors = aucune nommée pour l’instant
cli-stats-collector = { $credited } créditées, { $collected } retenues, { $outstanding } exemplaires
cli-default-address = les liens pointent vers { $url }, l’adresse par défaut, car aucun `casebook serve` de { $dir } ne tourne : lancez-le d’abord, ou réglez CASEBOOK_PUBLIC_URL sur l’adresse où l’on joint casebook
cli-no-data-dir = il n’y a pas de dossier de données à { $dir } : passez --data-dir (ou CASEBOOK_DATA_DIR) comme pour `casebook serve`
cli-no-organizer-yet = il n’y a pas encore d’organisateur actif : ajoutez-vous d’abord avec `casebook admin organizers add --name NAME --email EMAIL`, puis lancez ceci avec --as EMAIL
cli-as-required = --as : dites qui vous êtes (votre e-mail dans `casebook admin organizers list`) ; cette commande modifie l’appel et le journal d’audit l’enregistre sous votre nom
cli-as-unknown = --as { $email } : aucun organisateur actif n’a cet e-mail (voir `casebook admin organizers list`)
cli-case-not-in-round = --case n’est pas un cas du tour { $round } : voir `casebook admin rankings --round { $round }`
cli-reviewer-email-taken = --email : un évaluateur est déjà inscrit avec cet e-mail (voir `casebook admin reviewers list` ; celui d’une année précédente se reprend avec `casebook admin reviewers carry --from YEAR`)
cli-organizer-email-taken = --email : un organisateur est déjà inscrit avec cet e-mail (voir `casebook admin organizers list`)
cli-reviewer-still-revoked = l’accès de cet évaluateur a été révoqué : ajoutez --reinstate pour lui donner quand même un nouveau lien
cli-organizer-still-revoked = l’accès de cet organisateur a été révoqué : ajoutez --reinstate pour lui donner quand même un nouveau lien
cli-unknown-reviewer = aucun évaluateur n’a cet identifiant (voir `casebook admin reviewers list`)
cli-unknown-organizer = aucun organisateur n’a cet identifiant (voir `casebook admin organizers list`)
cli-actor-required = --as : le registre a déjà des organisateurs, dites donc qui ajoute celui-ci (votre e-mail dans `casebook admin organizers list`)
cli-last-organizer = c’est le dernier organisateur actif : ajoutez-en un autre avant de le révoquer
cli-unknown-round = l’appel n’a pas de tour d’évaluation { $round } (voir `casebook campaign show`)
cli-round-open = le tour { $round } est encore ouvert : fermez-le d’abord avec `casebook admin rounds close { $round }`
cli-earlier-round-undecided = le tour { $round } n’a pas encore de décisions, et le tour suivant évalue les cas qu’il retient : décidez-le d’abord (`casebook admin rankings --round { $round }`, puis `casebook admin decide --round { $round } --accept-proposal` ou `--case REF --decision collected`)
cli-assignment-running = le tour est en cours d’attribution par une autre exécution ; réessayez dans une minute
cli-announcing = annonce
cli-exporting = export
cli-publishing = publication
cli-announced = { $decided ->
    [one] { $decided } candidature décidée montre maintenant son résultat
   *[other] { $decided } candidatures décidées montrent maintenant leur résultat
} : { $mails } e-mails et { $chats } messages de conversation envoyés, { $before } envoyés avant, { $failed } échecs (relancez pour réessayer), { $undecided } pas encore décidées.
cli-not-sent = non envoyé : { $reference }
cli-cannot-write = --out : impossible d’écrire { $path } : { $error }
cli-exported = { $rows ->
    [one] { $rows } candidature écrite
   *[other] { $rows } candidatures écrites
} dans { $path }.
cli-export-extension = --out : un fichier .{ $extension } n’est ni .csv ni .xlsx ; nommez-le ainsi, ou dites --format csv|xlsx
cli-export-mismatch = --format { $format } ne correspond pas à --out { $path } : nommez le fichier .{ $format } ou omettez --format
cli-export-xlsx-where = --out : dites où écrire le fichier XLSX, p. ex. --out casebook-export.xlsx
cli-published = { $cases ->
    [one] { $cases } cas publié
   *[other] { $cases } cas publiés
}, dont { $outstanding } exemplaires, dans { $path } (ouvrez index.html).
cli-out-unreadable = --out : impossible de lire { $path }
cli-out-not-empty = --out : { $path } n’est pas vide et ne contient pas de publication précédente : choisissez un nouveau dossier
cli-cannot-replace = impossible de remplacer { $path }
cli-out-cannot-create = --out : impossible de créer { $path }
cli-cannot-create = impossible de créer { $path }
cli-cannot-write-file = impossible d’écrire { $path }
cli-since = --since { $given } n’est ni un jour comme 2024-05-01 ni un instant comme 2024-05-01T09:00:00+08:00
cli-reading-questions = lecture des questions
cli-answer-unknown = --answer { $id } : aucune question n’a cet identifiant ; `casebook admin questions` les liste avec le leur
cli-answer-ambiguous = --answer { $id } : plusieurs questions commencent ainsi ; donnez davantage de l’identifiant
cli-reply-unreachable = --reply : on ne peut pas écrire d’ici dans une conversation { $channel } ; contactez la personne autrement et marquez la question comme traitée sans --reply
cli-reply-unreachable-telegram = --reply : on ne peut pas écrire d’ici dans une conversation telegram (réglez TELEGRAM_BOT_TOKEN) ; contactez la personne autrement et marquez la question comme traitée sans --reply
cli-reply-empty = --reply : la réponse est vide ; omettez --reply pour marquer la question comme traitée
cli-reply-too-long = --reply : la réponse compte { $chars } caractères ; un message de conversation en prend au plus { $max }
cli-marked-answered = Marquée comme traitée : { $question }
cli-marked-answered-replied = Marquée comme traitée, la réponse écrite dans la conversation : { $question }
cli-questions-none = Aucune question en attente : le bot a répondu à tout.
cli-questions-waiting = { $count ->
    [one] { $count } question
   *[other] { $count } questions
} sans réponse du bot (heure de { $zone }) :
cli-answered-by = (traitée par { $name })
cli-running-reminders = exécution des rappels
cli-nothing-due = Rien n’est dû le { $day } ({ $zone }).
cli-due-on = Dû le { $day } : { $milestones }
cli-reminder-sent = envoyé
cli-reminder-would-send = serait envoyé
cli-reminders-sent = { $sent } envoyés, { $earlier } envoyés avant, { $opted_out } désabonnés, { $failed } échecs (réessayés au prochain passage).
cli-reminders-would-send = { $sent } seraient envoyés, { $earlier } envoyés avant, { $opted_out } désabonnés, { $failed } échecs (réessayés au prochain passage).
cli-reminder-failed = échec
cli-reminders-failed = { $count ->
    [one] { $count } rappel n’a pas pu être envoyé
   *[other] { $count } rappels n’ont pas pu être envoyés
}
cli-not-an-organizer-id = { $given } n’est pas un identifiant d’organisateur : copiez-en un de `casebook admin organizers list`
cli-organizer-registered = Organisateur { $name } ({ $email }) inscrit, identifiant { $id }.
cli-organizer-sign-in-link = Lien de connexion, valable jusqu’au { $until } (envoyé par e-mail ; gardez-le privé ; le texte après #token= est le jeton bearer de l’API /admin) :
cli-first-organizer = C’est le premier organisateur : lancez les commandes qui modifient l’appel avec --as { $email }.
cli-organizers-none = Pas encore d’organisateur : ajoutez-vous avec `casebook admin organizers add --name NAME --email EMAIL`.
cli-organizer-revoked = L’accès de { $name } ne fonctionne plus. `casebook admin organizers link { $id } --reinstate` le rétablit.
cli-organizer-new-link = Un nouveau lien pour { $name }, valable jusqu’au { $until } (envoyé par e-mail ; l’ancien ne fonctionne plus) :
cli-backup-on-aws = la sauvegarde copie le dossier de données d’une machine ; sur AWS, la table a la restauration à un instant donné et le compartiment le versionnage (voir infra/README.md)
cli-backup-no-data = il n’y a pas de données casebook dans { $dir } : passez --data-dir (ou CASEBOOK_DATA_DIR) comme pour `casebook serve`
cli-backup-exists = { $path } existe déjà : donnez à --out un nouveau nom de fichier (rien n’a été écrasé)
cli-temporary-directory = un dossier temporaire
cli-copying-database = copie de la base de données
cli-writing = écriture de { $path }
cli-moving-archive = déplacement de l’archive vers { $path }
cli-backed-up = { $applications } candidatures ({ $submitted } soumises) et { $files } fichiers sauvegardés dans { $path } ({ $mb } Mo). L’archive contient les clés de signature et des données personnelles : gardez-la là où vous seul pouvez la lire.
cli-files-archived = casebook : { $done } fichiers archivés sur { $total }
cli-restore-not-empty = { $path } n’est pas vide : restaurez dans un dossier nouveau ou vide, puis pointez --data-dir (ou CASEBOOK_DATA_DIR) dessus (rien n’a été modifié)
cli-opening = ouverture de { $path }
cli-not-a-backup = { $path } n’est pas une archive écrite par `casebook admin backup`
cli-backup-no-manifest = { $path } n’a pas de { $manifest } : ce n’est pas une sauvegarde casebook
cli-reading-manifest = lecture du manifeste de la sauvegarde
cli-backup-format = cette sauvegarde est au format { $format } (casebook { $version }) ; ce casebook lit le format { $reads }
cli-beside-target = un dossier à côté de la cible
cli-archive-outside = l’archive nomme un fichier hors de son dossier ({ $name }) : refusé
cli-archive-unexpected = l’archive nomme un chemin inattendu ({ $name }) : refusé
cli-moving-restored = déplacement des données restaurées dans { $path }
cli-restore-mismatch = la base restaurée contient { $applications } candidatures ({ $submitted } soumises), la sauvegarde en annonçait { $said_applications } ({ $said_submitted }) : gardez l’archive et signalez-le
cli-restored = { $applications } candidatures ({ $submitted } soumises) et { $files } fichiers restaurés depuis { $archive } (sauvegardé le { $at }) dans { $path }. Lancez-le avec : casebook serve --data-dir { $path }
cli-clock-now-flag = horloge de répétition : il est { $now } ici (--now, cette commande seulement)
cli-clock-rehearsal = horloge de répétition : il est { $now } ici (réglée par `casebook rehearse` ; `casebook rehearse --off` revient à l’horloge réelle)
cli-rehearsing = Répétition : l’horloge de l’appel indique { $now } et avance à partir de là, pour chaque commande et un `casebook serve` en cours sur { $place }. Les liens de connexion expirent toujours selon l’horloge réelle. `casebook rehearse --off` revient à l’horloge réelle.
cli-real-clock = L’appel suit l’horloge réelle ({ $now }) sur { $place }. `casebook rehearse --at TIME` règle une horloge de répétition.
cli-cannot-listen = impossible d’écouter sur { $addr } (un autre casebook tourne-t-il ? essayez --addr 127.0.0.1:0)
cli-reading-address = lecture de l’adresse d’écoute
cli-serving = service HTTP
cli-chat-intro = (casebook chat : tapez une question, un numéro pour appuyer sur un bouton, ou /quit pour partir)
cli-reading-terminal = lecture du terminal
cli-starting-runtime = démarrage de l’environnement asynchrone
cli-error = erreur : { $message }
cli-because = parce que : { $cause }
cli-aws-using = utilisation de { $endpoint } dans la région { $region }
cli-aws-no-region = (aucune : AWS_REGION)
cli-aws-bucket-skipped = compartiment : ignoré (CASEBOOK_BUCKET n’est pas défini)
cli-aws-sender-verified = expéditeur { $from } : déjà vérifié
cli-aws-sender-requested = expéditeur { $from } : vérification demandée (sur AWS, ouvrez le lien que SES lui a envoyé)
cli-aws-sender-skipped = expéditeur : ignoré (CASEBOOK_MAIL_FROM n’est pas défini)
cli-aws-created = { $kind } { $name } : créé
cli-aws-already-there = { $kind } { $name } : déjà présent
cli-campaign-untranslated = { $path } n’a pas { $count ->
    [one] un texte
   *[other] { $count } textes
} en arabe (ar), français (fr), russe (ru) ou espagnol (es) ; chaque texte lu par quelqu’un est donné en ar, en, es, fr, ru et zh :
cli-and-more = et { $count } de plus
cli-too-many-resource-files = { $dir } contient plus de { $max } fichiers .ftl : est-ce le bon dossier ?
cli-resource-file-too-large = { $path } dépasse 1 Mio : un fichier de ressources fait quelques Kio de messages
cli-text-unknown-language = { $language }/ : pas l’une des six langues (ar, en, es, fr, ru, zh) ; renommez ou supprimez le dossier
cli-text-missing-language = { $language }/ : manquant ; copiez en/ vers { $language }/ et traduisez-le
cli-text-missing-file = { $language }/{ $file } : manquant ; copiez en/{ $file } et traduisez-le
cli-text-extra-file = { $language }/{ $file } : en/ n’a pas ce fichier ; supprimez-le ou ajoutez-le d’abord à en/
cli-text-syntax = { $language }/{ $file }:{ $line } : { $error }
cli-text-missing-message = { $language }/{ $file } : le message { $id } manque ; traduisez-le depuis en/{ $file }
cli-text-extra-message = { $language }/{ $file } : le message { $id } n’est pas dans en/{ $file } ; supprimez-le, ou vérifiez son nom
cli-text-unknown-variable = { $language }/{ $file } : le message { $id } utilise ${ $variable }, que en/{ $file } ne lui donne pas ; utilisez les variables du message anglais
