# La Colección publicada: un sitio estático, una copia de sus páginas por idioma. Los casos
# se muestran tal como los escribieron sus solicitantes.

collection-title = { $call }: Colección de Casos Prácticos
collection-count = { $cases ->
    [one] Un caso.
   *[other] { $cases } casos.
}
collection-outstanding-count = { $outstanding ->
    [one] Uno de ellos es un Caso Destacado (★).
   *[other] { $outstanding } de ellos son Casos Destacados (★).
}
collection-as-written = Los casos se muestran tal como los escribieron sus solicitantes, en inglés.
collection-languages = Idiomas
collection-search-label = Buscar por nombre o país
collection-search-example = p. ej., solar, Kenia
# $shown: el número encontrado, que pone el script de la página.
collection-search-count = { $shown } de { $total ->
    [one] { $total } caso
   *[other] { $total } casos
}
collection-all-cases = ← Todos los casos
collection-outstanding = ★ Caso Destacado
collection-lead = Organización líder
collection-partners = Organizaciones participantes
collection-countries = Países y regiones participantes ({ $count })
collection-area = Área
collection-reference = Referencia
collection-none = Ninguna
collection-images = Imágenes
collection-image = { $name }: imagen { $n }
