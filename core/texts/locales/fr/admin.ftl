# Les erreurs de l’API des organisateurs (la console les montre) : chacune dit ce qui ne va
# pas et comment y remédier. Les noms de champs, les chemins et les commandes restent tels quels.

admin-unknown-round = Cet appel n’a pas de tour d’évaluation { $round }.
admin-round-path = Ce tour d’évaluation n’existe pas : utilisez son numéro, p. ex. /admin/rounds/1.
admin-round-required = round est obligatoire : le numéro du tour, p. ex. ?round=1.
admin-rank-by = by doit valoir normalized (par défaut) ou raw.
admin-case-not-in-round = Ce cas n’est pas dans ce tour : utilisez un identifiant de candidature du classement du tour.
admin-round-open = Le tour d’évaluation { $round } est encore ouvert : fermez-le d’abord (POST /admin/rounds/{ $round }/close), pour que ses évaluations ne changent plus.
admin-earlier-round-undecided = Le tour { $round } n’a pas encore de décisions, et le tour suivant évalue les cas qu’il retient. Décidez d’abord du tour { $round } (POST /admin/decisions).
admin-assignment-running = Ce tour est en cours d’attribution. Veuillez réessayer dans une minute.
admin-unknown-reviewer = Aucun évaluateur n’a cet identifiant.
admin-email-taken = Une personne est déjà inscrite avec cette adresse. Un évaluateur d’une année précédente se reprend avec `casebook admin reviewers carry`.
admin-unknown-organizer = Aucun organisateur n’a cet identifiant.
admin-not-an-organizer = Seul un organisateur actif peut faire cela.
admin-sign-in-revoked = Cet accès a été révoqué. Rétablissez-le expressément pour envoyer un nouveau lien.
admin-last-organizer = Le dernier organisateur actif ne peut pas être révoqué : ajoutez-en d’abord un autre.
admin-question-not-found = Aucune question n’a cet identifiant.
admin-question-answered = { $by } a déjà répondu à cette question ({ $at }) ; rien n’a été envoyé.
admin-cannot-reply = Impossible de répondre d’ici dans une conversation { $channel } : écrivez au contact indiqué, puis marquez la question comme traitée sans réponse.
admin-reply-empty = La réponse est vide : écrivez-la, ou omettez reply pour marquer la question comme traitée.
admin-reply-too-long = La réponse compte { $chars } caractères ; un message de conversation en prend au plus { $max }.
admin-reply-failed = La conversation n’a pas pris la réponse (la personne a peut-être bloqué le bot). La question reste ouverte : réessayez, ou écrivez au contact indiqué.
