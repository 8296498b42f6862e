# Опубликованный Сборник: статический сайт, по копии страниц на каждый язык. Кейсы
# показаны так, как их написали заявители.

collection-title = { $call }: Сборник практических кейсов
collection-count = { $cases ->
    [one] { $cases } кейс.
    [few] { $cases } кейса.
   *[many] { $cases } кейсов.
}
collection-outstanding-count = { $outstanding ->
    [one] Из них { $outstanding } выдающийся кейс (★).
    [few] Из них { $outstanding } выдающихся кейса (★).
   *[many] Из них { $outstanding } выдающихся кейсов (★).
}
collection-as-written = Кейсы показаны так, как их написали заявители, на английском языке.
collection-languages = Языки
collection-search-label = Поиск по названию или стране
collection-search-example = например, solar, Кения
# $shown — найденное число, его подставляет скрипт страницы.
collection-search-count = Найдено { $shown } из { $total }
collection-all-cases = ← Все кейсы
collection-outstanding = ★ Выдающийся кейс
collection-lead = Ведущая организация
collection-partners = Организации-участницы
collection-countries = Страны и регионы ({ $count })
collection-area = Направление
collection-reference = Номер
collection-none = Нет
collection-images = Изображения
collection-image = { $name }: изображение { $n }
