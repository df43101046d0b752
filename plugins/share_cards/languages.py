"""What a card says in each language: the words around the article's own text.

A card's title, claim and byline come from the article in its own language;
everything the card adds (the kind's badge, the verdict's name, "Reviewed
DATE", the month names, the image's alt text) would otherwise be English, and
an English phrase on an Arabic card also breaks its right-to-left flow. Each
entry of DEFAULT_LANGUAGES supplies those words for one language; anything an
entry leaves out falls back to English, where badge and verdict names come
from clinic.kinds (Kind.badge, Verdict.label) rather than from a copy here.

An entry may hold:

    locale    og:locale, as language_TERRITORY ("ar_AR")
    badges    {kind key: badge text}
    verdicts  {verdict slug: verdict text}
    months    twelve month names, January first
    date      how a date reads, from {day} {month} {year}
    alt       the alt text's opening, with {site}
    by        the alt text's byline, with {byline}
    layout    a partial card layout (see layout.py), e.g. templates:
              {"reviewed": {"template": ...}, "verdict": {"template": ...}}

A site adds or corrects languages with SHARE_CARD_LANGUAGES, merged key by
key over these.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from clinic import dates

_ENGLISH = {
    "locale": "en_US",
    "alt": "Share card from {site}",
    "by": "By {byline}",
}

DEFAULT_LANGUAGES = {
    "en": _ENGLISH,
    # Facebook knows Latin American Spanish as es_LA; there is no es_US.
    "es": {
        "locale": "es_LA",
        "badges": {"myth": "VERIFICACIÓN", "news": "NOTICIAS", "story": "HISTORIA DE UN PACIENTE",
                   "question": "PREGUNTE AL MÉDICO"},
        "verdicts": {"false": "Falso", "misleading": "Engañoso", "partly-true": "Parcialmente cierto",
                     "true": "Cierto", "unproven": "No demostrado"},
        "months": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                   "septiembre", "octubre", "noviembre", "diciembre"],
        "date": "{day} de {month} de {year}",
        "alt": "Tarjeta para compartir de {site}",
        "by": "Por {byline}",
        "layout": {"reviewed": {"template": "Revisado el {reviewed}"},
                   "verdict": {"template": "Veredicto: {verdict}"},
                   "claim": {"template": "Mito: \u201c{claim}\u201d"}},
    },
    "ar": {
        "locale": "ar_AR",
        "badges": {"myth": "تدقيق", "news": "أخبار", "story": "قصة مريض", "question": "اسأل الطبيب"},
        "verdicts": {"false": "خطأ", "misleading": "مضلل", "partly-true": "صحيح جزئيًا",
                     "true": "صحيح", "unproven": "غير مثبت"},
        "months": ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
                   "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"],
        "date": "{day} {month} {year}",
        "alt": "بطاقة مشاركة من {site}",
        "by": "بقلم {byline}",
        "layout": {"reviewed": {"template": "تمت المراجعة في {reviewed}"},
                   "verdict": {"template": "الحكم: {verdict}"},
                   "claim": {"template": "خرافة: «{claim}»"}},
    },
    "he": {
        "locale": "he_IL",
        "badges": {"myth": "בדיקת עובדות", "news": "חדשות", "story": "סיפור מטופל", "question": "שאלו את הרופא"},
        "verdicts": {"false": "לא נכון", "misleading": "מטעה", "partly-true": "נכון חלקית",
                     "true": "נכון", "unproven": "לא הוכח"},
        "months": ["ינואר", "פברואר", "מרץ", "אפריל", "מאי", "יוני", "יולי", "אוגוסט",
                   "ספטמבר", "אוקטובר", "נובמבר", "דצמבר"],
        "date": "{day} ב{month} {year}",
        "alt": "כרטיס שיתוף של {site}",
        "by": "מאת {byline}",
        "layout": {"reviewed": {"template": "נבדק בתאריך {reviewed}"},
                   "verdict": {"template": "הקביעה: {verdict}"},
                   "claim": {"template": "מיתוס: \"{claim}\""}},
    },
    # Only the locale so far: these cards keep the English words around the
    # article's own text until the clinic supplies them.
    "zh": {"locale": "zh_CN"},
    "zh-hant": {"locale": "zh_TW"},
    "zh-tw": {"locale": "zh_TW"},
    "ja": {"locale": "ja_JP"},
    "ko": {"locale": "ko_KR"},
    "vi": {"locale": "vi_VN"},
    "fr": {"locale": "fr_FR"},
}


def _merged(base: dict, extra: dict) -> dict:
    """base with extra laid over it, mappings merged key by key at every depth."""
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merged(out[key], value)
        else:
            out[key] = value
    return out


def _tags(lang: str | None) -> list[str]:
    """The entry keys that may describe `lang`, most general first: "zh", then "zh-hant"."""
    tag = (lang or "en").strip().lower().replace("_", "-")
    primary = tag.split("-", 1)[0]
    return [primary] if primary == tag else [primary, tag]


@dataclass(frozen=True)
class Language:
    """The words a card adds around an article's text, in one language."""

    tag: str
    locale: str
    badges: dict = field(default_factory=dict)
    verdicts: dict = field(default_factory=dict)
    months: tuple = ()
    date_format: str = ""
    alt: str = _ENGLISH["alt"]
    by: str = _ENGLISH["by"]
    layout: dict = field(default_factory=dict)

    def badge(self, kind) -> str:
        """The badge text for a clinic.kinds.Kind (empty for None: a page)."""
        if kind is None:
            return ""
        return self.badges.get(kind.key) or kind.badge

    def verdict(self, verdict) -> str | None:
        """The name of a clinic.kinds.Verdict in this language, or None."""
        if verdict is None:
            return None
        return self.verdicts.get(verdict.slug) or verdict.label

    def day(self, moment) -> str:
        """A date as this language writes it ("14 March 2026" in English)."""
        if len(self.months) != 12 or not self.date_format:
            return dates.day(moment)
        return self.date_format.format(day=moment.day, month=self.months[moment.month - 1], year=moment.year)

    def card_layout(self, site_layout: dict) -> dict:
        """This language's layout overrides, plus verdict colours for its verdict names.

        The renderer colours a verdict pill by the verdict's text, so each
        translated name gets the colour of the verdict it translates.
        """
        colors = site_layout.get("verdict", {}).get("colors", {})
        translated = {
            _colour_key(name): colors[slug] for slug, name in self.verdicts.items() if slug in colors
        }
        return _merged(self.layout, {"verdict": {"colors": translated}} if translated else {})


def _colour_key(label: str) -> str:
    """The key render.py looks a verdict's colour up by."""
    return label.strip().lower().replace(" ", "-")


def language_for(lang: str | None, overrides: dict | None = None) -> Language:
    """The card words for a BCP 47 tag: its primary language's entry, then its own.

    English fills whatever the entries leave out; `overrides` is the site's
    SHARE_CARD_LANGUAGES.
    """
    entry = dict(_ENGLISH)
    sources = [DEFAULT_LANGUAGES, {key.lower(): value for key, value in (overrides or {}).items()}]
    for tag in _tags(lang):
        for source in sources:
            entry = _merged(entry, source.get(tag, {}))
    tag = _tags(lang)[-1]
    return Language(
        tag=tag,
        locale=_locale(tag, sources),
        badges=dict(entry.get("badges", {})),
        verdicts=dict(entry.get("verdicts", {})),
        months=tuple(entry.get("months", ())),
        date_format=entry.get("date", ""),
        alt=entry["alt"],
        by=entry["by"],
        layout=dict(entry.get("layout", {})),
    )


def _named_locale(key: str, sources: list[dict]) -> str | None:
    """The locale an entry for `key` names, the site's entries first."""
    for source in reversed(sources):
        if source.get(key, {}).get("locale"):
            return source[key]["locale"]
    return None


def _locale(tag: str, sources: list[dict]) -> str:
    """og:locale: the tag's own entry's, else from its region, else its language's entry's.

    So "en-GB" gives en_GB although the "en" entry says en_US, "zh-Hans"
    takes the "zh" entry's zh_CN, and "pt", with no entry, stays "pt".
    """
    language = tag.split("-")[0]
    region = next((part for part in tag.split("-")[1:] if len(part) == 2 and part.isalpha()), None)
    return (_named_locale(tag, sources) or (f"{language}_{region.upper()}" if region else None)
            or _named_locale(language, sources) or language)
