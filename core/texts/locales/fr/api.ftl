api-invalid-if-match = If-Match doit être un numéro de version tel que "3", pas { $given }.
api-body-too-large = Le corps de la requête dépasse { $kib } Kio. Envoyez moins de texte à la fois.
api-missing-body = Le corps manque : envoyez un objet JSON avec les champs à modifier.
api-unsupported-media-type = Le corps doit être du JSON, envoyé avec `Content-Type: application/json` (reçu : { $given }).
api-not-an-object = Le corps doit être un objet JSON : `{"{"}"champ": valeur, ...{"}"}`.
api-malformed-json = Le corps n’est pas du JSON valide ({ $detail }). Vérifiez les guillemets, les virgules et les crochets.
api-unknown-field = `{ $field }` n’est pas un champ de cette requête : { $detail }.
api-invalid-value = `{ $field }` : { $detail }.
api-internal = Un problème est survenu de notre côté. Veuillez réessayer dans un instant.
api-not-found = Aucune candidature ne correspond à cet identifiant et à ce jeton de modification. Vérifiez les deux : le jeton est celui renvoyé à la création du brouillon.
api-version-mismatch = La candidature a changé depuis la version { $version }. Relisez-la, puis refaites votre modification avec la nouvelle version dans If-Match.
api-not-editable = Cette candidature est { $status } et ne peut plus être modifiée ; seuls les brouillons le peuvent.
api-incomplete = La candidature ne peut pas encore être envoyée.
api-incomplete-one = La candidature ne peut pas encore être envoyée : { $problem }
api-incomplete-many = La candidature ne peut pas encore être envoyée : { $count } points à corriger. Le premier : { $problem }
api-withdrawn = Cette candidature a été retirée et ne peut pas être envoyée. Créez un nouveau brouillon pour candidater de nouveau.
api-not-withdrawable = Cette candidature est { $status } et ne peut plus être retirée. Veuillez contacter les organisateurs.
api-link-code-invalid = Ce code n’est pas valide : un code ne sert qu’une fois, pendant { $minutes } minutes. Envoyez /link dans la conversation pour en obtenir un nouveau.
api-busy = Trop de modifications au même moment. Veuillez réessayer.
api-too-many-mails = Cette adresse a reçu aujourd’hui tous les e-mails que nous pouvons lui envoyer. Utilisez le lien déjà envoyé, ou réessayez demain.
api-mail-unavailable = Aucun e-mail ne peut être envoyé pour le moment. Réessayez plus tard, ou poursuivez dans une conversation avec un code.
api-attachment-not-found = Aucune pièce jointe avec cet identifiant dans cette candidature.
api-not-uploaded = Le fichier n’est pas encore arrivé. Envoyez-le d’abord avec l’autorisation, puis terminez.
api-not-verified = Cette pièce jointe est { $status } : elle ne peut pas être téléchargée.
api-grant-expired = Ce lien d’envoi a expiré. Demandez-en un nouveau.
api-grant-used = Ce lien d’envoi a déjà servi. Demandez-en un nouveau.
api-unauthorized = Ce lien de connexion ou ce jeton n’est pas valide (il a peut-être expiré ou été remplacé). Demandez-en un nouveau aux organisateurs.
api-case-not-found = Aucun cas avec cet identifiant parmi ceux qui vous sont attribués.
api-version-required = Vous avez déjà enregistré cette évaluation : envoyez sa version avec `If-Match: "<version>"`, pour ne pas écraser une modification faite sur un autre appareil.
api-review-changed = Cette évaluation a été modifiée ailleurs (elle est maintenant à la version { $version }). Rechargez-la, puis enregistrez de nouveau.
api-round-closed = Le tour d’évaluation { $round } est clos : ses évaluations ne peuvent plus changer.
api-conflict-declared = Vous avez déclaré un conflit d’intérêts sur ce cas : il ne vous revient plus de l’évaluer.
api-already-submitted = Votre évaluation de ce cas est déjà envoyée ; écrivez plutôt aux organisateurs.
api-missing-token = Il faut le jeton de modification renvoyé à la création du brouillon : envoyez-le sous la forme `Authorization: Bearer <jeton>`.
api-missing-sign-in = Il faut le jeton de votre lien de connexion : envoyez-le sous la forme `Authorization: Bearer <jeton>`.
api-missing-field = `{ $field }` manque : ajoutez-le au corps JSON.
api-question-empty = La question est vide : écrivez ce que vous aimeriez savoir.
api-question-too-long = La question compte { $chars } caractères ; { $max } au plus. Veuillez la raccourcir.
api-conflict-thanks = Merci. Le cas ira à un autre évaluateur.
api-missing-if-match = Envoyez la version que vous modifiez avec `If-Match: "<version>"` (l’ETag de votre dernière lecture), pour ne pas écraser une modification faite ailleurs.
api-nothing-here = Il n’y a rien à cette adresse.
api-method-not-allowed = Cette adresse n’accepte pas cette méthode. Voyez l’API dans le README.
api-transfer-link-invalid = Ce lien n’est pas valide. Utilisez l’adresse exactement telle que casebook l’a donnée.
api-transfer-link-expired = Ce lien a expiré. Demandez-en un nouveau.
api-upload-interrupted = L’envoi a été interrompu. Veuillez réessayer.
api-file-gone = Ce fichier n’est plus conservé.
api-upload-size-mismatch = Ce lien prend exactement { $declared ->
    [one] { $declared } octet
   *[other] { $declared } octets
}, et { $got ->
    [one] { $got } a été envoyé
   *[other] { $got } ont été envoyés
}. Envoyez le fichier déclaré.
api-upload-type-mismatch = Ce lien prend { $expected }, et l’envoi indique { $sent }. Envoyez le Content-Type donné par l’autorisation.
api-link-code-how = Envoyez /link { $code } au bot dans les { $minutes } minutes. Le code ne sert qu’une fois.
