opt-out-title = Recordatorios
opt-out-ask = ¿Dejar de enviar recordatorios a esta dirección?
opt-out-button = Dejar de recibir recordatorios
opt-out-done = Hecho: { $address } ya no recibirá recordatorios de esta convocatoria.
opt-out-bad-link = Este enlace no es válido. Para dejar de recibir recordatorios, use el enlace del último correo o escriba a los organizadores.
opt-out-failed = Algo falló por nuestra parte. Inténtelo de nuevo en un momento.
