opt-out-title = Rappels
opt-out-ask = Arrêter les rappels envoyés à cette adresse ?
opt-out-button = Arrêter les rappels
opt-out-done = C’est fait : { $address } ne recevra plus de rappels de cet appel.
opt-out-bad-link = Ce lien n’est pas valide. Pour arrêter les rappels, utilisez le lien du dernier e-mail, ou écrivez aux organisateurs.
opt-out-failed = Un problème est survenu de notre côté. Veuillez réessayer dans un instant.
