// The page's words, in the language it was served in: its messages of the resource files
// (the `<meta name="casebook-texts">` the server put in), formatted here: variables, and
// plural forms by the browser's CLDR rules. Put into the page's script by HtmlPage.
const lang = document.documentElement.lang || "en";
const TEXTS = JSON.parse((document.querySelector('meta[name="casebook-texts"]') || {content: "{}"}).content);
const plural = new Intl.PluralRules(lang);
function fmt(parts, args) {
  return parts.map((p) => {
    if (typeof p === "string") return p;
    if ("v" in p) return lang === "ar" ? "\u2068" + args[p.v] + "\u2069" : String(args[p.v]);
    const n = args[p.s];
    return fmt(p.o[String(n)] || p.o[plural.select(Number(n))] || p.o[p.d], args);
  }).join("");
}
const T = {};
for (const [key, parts] of Object.entries(TEXTS)) {
  T[key] = parts.every((p) => typeof p === "string") ? parts.join("") : (args) => fmt(parts, args || {});
}
/** The locale the browser formats dates and country names in (Latin digits in Arabic). */
const LOCALE = {ar: "ar-u-nu-latn", zh: "zh-CN", en: "en-GB", fr: "fr", ru: "ru", es: "es"}[lang] || "en";
