"""Adds the Arabic, French, Russian and Spanish names of every country and region to
core/data/countries.tsv, from the iso-codes translations pycountry carries.

Usage: python3 scripts/countries.py (with pycountry 26.2.16 installed). Columns 1-4 (the
codes, the English and Chinese names with their aliases) are kept as they are; columns
5-8 (ar, fr, ru, es) are written anew: for each language the usual name, then the
iso-codes name and common name, and the part before the comma of a sorted form ("Russie"
of "Russie, Fédération de"), each once.
"""

import gettext
import pathlib

import pycountry

TSV = pathlib.Path(__file__).resolve().parent.parent / "core" / "data" / "countries.tsv"
LANGS = ["ar", "fr", "ru", "es"]
# The names people use where iso-codes gives only the formal one; shown first.
USUAL = {
    "RU": {"ar": "روسيا", "fr": "Russie", "ru": "Россия", "es": "Rusia"},
    "KR": {"ar": "كوريا الجنوبية", "fr": "Corée du Sud", "ru": "Южная Корея", "es": "Corea del Sur"},
    "KP": {"ar": "كوريا الشمالية", "fr": "Corée du Nord", "ru": "Северная Корея", "es": "Corea del Norte"},
    "IR": {"ar": "إيران", "fr": "Iran", "ru": "Иран", "es": "Irán"},
    "SY": {"ar": "سوريا", "fr": "Syrie", "ru": "Сирия", "es": "Siria"},
}
HEADER = ("# ISO 3166-1: alpha-2, alpha-3, then the names (first = display, | between "
          "aliases) in English, Chinese, Arabic, French, Russian and Spanish. Generated from "
          "the iso-codes data (pycountry 26.2.16; scripts/countries.py), with common English "
          "and Chinese aliases added.")


def names(country, translate, lang):
    out = []
    # Not the official names ("République du Kenya"): nobody types them, and every
    # function that reads countries carries the table (the telegram function is within
    # 20 KB of its 10 MB).
    for attr in ("name", "common_name"):
        english = getattr(country, attr, None)
        if not english:
            continue
        name = translate(english).strip()
        # An untranslated name comes back in English: not an Arabic or Russian name.
        if lang in ("ar", "ru") and name.isascii():
            continue
        if name and name not in out and "|" not in name and "\t" not in name:
            out.append(name)
    # Shown first: the shortest name as said ("Bolivie"), not as sorted ("Bolivie, état
    # plurinational de") or in full.
    return sorted(out, key=lambda n: (", " in n or "، " in n, len(n)))


def main():
    translations = {
        lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]).gettext
        for lang in LANGS
    }
    table = []
    for line in TSV.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cols = line.split("\t")[:4]
        country = pycountry.countries.get(alpha_2=cols[0])
        found = {lang: (names(country, translations[lang], lang) if country else []) for lang in LANGS}
        for lang, usual in USUAL.get(cols[0], {}).items():
            found[lang] = [usual] + [n for n in found[lang] if n != usual]
        table.append((cols, found))
    # "Russie, Fédération de" is also typed "Russie": the part before the comma, where it
    # names one country only.
    heads = {}
    for cols, found in table:
        for lang in LANGS:
            for name in found[lang]:
                for comma in (", ", "، "):
                    if comma in name:
                        heads.setdefault((lang, name.split(comma)[0]), set()).add(cols[0])
    # A head that is some country's whole name ("Congo") is that country's, not another's.
    whole = {n.casefold() for cols, found in table
             for n in cols[2].split("|") + cols[3].split("|") + [x for l in LANGS for x in found[l]]}
    heads = {key: codes for key, codes in heads.items() if key[1].casefold() not in whole}
    rows = []
    for cols, found in table:
        for lang in LANGS:
            extra = [head for (l, head), codes in heads.items()
                     if l == lang and codes == {cols[0]} and head not in found[lang]
                     and any(n.startswith(head + ", ") or n.startswith(head + "، ")
                             for n in found[lang])]
            cols.append("|".join(found[lang] + sorted(extra)))
        rows.append("\t".join(cols))
    TSV.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
