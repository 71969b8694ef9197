"""Page furniture that is not the article: photo credits and captions, ad slots, end matter.

Each test looks at one line of text (link markup already removed) and knows nothing of any
particular site: credits are short lines naming a photo agency or labelled "Photo:"; captions
are short unpunctuated lines next to a credit; end matter starts at a line such as
"Subscribe to ..." or "Related articles".
"""

from __future__ import annotations

import re

MAX_CREDIT = 120
MAX_CAPTION = 200
MAX_MARKER = 120
MAX_MARKER_WORDS = 15

_AGENCY = re.compile(
    r"\b(?:AP(?: Images| Photos?)?|Associated Press|Reuters|AFP|Agence France-Presse"
    r"|Getty(?: Images)?|EPA(?:-EFE)?|EFE|Shutterstock|Alamy|iStock(?:photo)?|Xinhua|Yonhap"
    r"|Kyodo(?: News)?|Sputnik|TASS|Anadolu(?: Agency)?|Bloomberg|Pool|Wikimedia(?: Commons)?"
    r"|Flickr|DPA|dpa|picture alliance|NurPhoto|SOPA Images|ZUMA(?: Press| Wire)?|Imago"
    r"|Abaca(?:press)?|Sipa(?: USA)?|Handout|UPI|ANSA|Unsplash|Pexels)\b"
)
_CREDIT_LABEL = re.compile(
    r"(?:(?:photo|image|picture)\s*credits?|photo(?:graph)?s?|images?|pictures?|credits?"
    r"|courtesy)\b\s*(?:by|of|:|/|–|—|-)\s*\S.*",
    re.I,
)
_CREDIT_FILLER = re.compile(r"[/|,;:()·]|\s[-–—]\s|\b(?:via|for|and|photos?|file|images?)\b", re.I)
_TRAILING_CREDIT = re.compile(r"(?P<caption>.{1,300}?)\s*\((?P<credit>[^()]{2,100})\)")
_POSITION = re.compile(
    r"\((?:(?:second|third|far|from|top|bottom|front|back|centre|center)\s+)?"
    r"(?:left|right|centre|center|l|r|c|front|back|top|bottom|above|below)\)",
    re.I,
)
_SENTENCE_END = tuple(".!?…\"”’'»")
_FILLER_WORDS = frozenset(["and", "of", "the", "with", "in", "at", "on", "for", "to", "'s"])

# End matter: from such a line in the second half of the text through the end.
_END_MARKER = re.compile(
    r"(?:subscribe\b|sign up\b|newsletters?\b|get (?:our|the) newsletter"
    r"|related(?: articles| stories| posts| coverage| content| news| reading| topics)?\s*:?$"
    r"|share (?:this|on)\b|share\s*:?$|comments?\s*(?:\(\d+\))?\s*:?$|\d+ comments?$"
    r"|leave a (?:comment|reply)|join the (?:conversation|discussion)|more (?:from|stories)\b"
    r"|recommended(?: for you| reading| stories| articles)?\s*:?$|you (?:may|might) also like"
    r"|read (?:more|next)\b|follow us\b|tags?\s*:|topics?\s*:?$|about the author"
    r"|(?:copyright|©|\(c\))(?:\s*(?:©|\(c\)))?\s*\d{4}|.*\ball rights reserved\b)",
    re.I,
)
# Ad slots, reading prompts, share buttons and wire-service staff credits ("Reporting by
# ...; Editing by ..."): dropped where they stand, since the text may go on after them.
_AD_SLOT = re.compile(
    r"(?:advertisement|advertising|sponsored(?: content)?|story continues below(?: advertisement)?"
    r"|skip (?:to (?:main )?content|advertisement|ad)|continue reading(?: below)?"
    r"|scroll (?:down )?to continue.*|click (?:here|to (?:share|print|email))\b.*|like this\s*:"
    r"|(?:additional )?(?:reporting|editing|writing|compiled|translated) by [^.]*)\s*\.?",
    re.I,
)


def is_credit(line: str) -> bool:
    """Whether ``line`` is a photo credit such as "AP Images" or "Photo: Jane Doe/Reuters".

    >>> is_credit("AP Images"), is_credit("Ed Jones/AFP via Getty Images")
    (True, True)
    >>> is_credit("Reuters reported that talks had stalled.")
    False
    """
    text = line.strip()
    if not text or len(text) > MAX_CREDIT:
        return False
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    if _CREDIT_LABEL.fullmatch(text):
        return True
    if _AGENCY.search(text) is None:
        return False
    rest = _CREDIT_FILLER.sub(" ", _AGENCY.sub(" ", text)).split()
    return len(rest) <= 5 and all(not word[0].islower() for word in rest)


def is_captioned_credit(line: str) -> bool:
    """Whether ``line`` is a caption ending in its credit: "Kim in Moscow. (AP Photo/J. Doe)".

    >>> is_captioned_credit("Kim Jong Un inspects a warship. (KCNA via Reuters)")
    True
    >>> is_captioned_credit("The talks ended (Reuters reported) without a deal")
    False
    """
    match = _TRAILING_CREDIT.fullmatch(line.strip())
    if match is None:
        return False
    credit = match["credit"]
    marked = "/" in credit or re.search(r"\bvia\b", credit) or _CREDIT_LABEL.fullmatch(credit)
    return bool(marked) and is_credit(credit)


def is_caption(line: str, *, same_block: bool) -> bool:
    """Whether ``line``, next to a credit, is that photo's caption.

    A caption is short and does not end a sentence. Within the same block as the credit that
    is enough; across a blank line it must also mark positions ("(left)") or list names.

    >>> is_caption("Russia's Sergei Shoigu (left) and Kim Jong Un", same_block=False)
    True
    >>> is_caption("Kim met Putin on Wednesday.", same_block=True)
    False
    """
    text = line.strip()
    if not text or len(text) > MAX_CAPTION or text.endswith(_SENTENCE_END):
        return False
    if same_block or _POSITION.search(text):
        return True
    words = [w for w in re.findall(r"[^\W\d_][\w'’.-]*", text) if w.lower() not in _FILLER_WORDS]
    capitalised = sum(1 for word in words if not word[0].islower())
    return len(words) >= 2 and capitalised >= 0.8 * len(words)


def is_end_marker(line: str) -> bool:
    """Whether ``line`` starts end matter (subscription adverts, related links, comments).

    >>> is_end_marker("Subscribe to the New American"), is_end_marker("Related articles")
    (True, True)
    >>> is_end_marker("Subscribers in Seoul said the service was down.")
    False
    """
    text = line.strip()
    if not 0 < len(text) <= MAX_MARKER or len(text.split()) > MAX_MARKER_WORDS:
        return False
    return _END_MARKER.match(text) is not None


def is_ad_slot(line: str) -> bool:
    """Whether ``line`` is an ad slot, a reading prompt or a wire-service staff credit.

    >>> is_ad_slot("ADVERTISEMENT"), is_ad_slot("Advertisements for the vote ran all week.")
    (True, False)
    >>> is_ad_slot("Reporting by Jane Doe in Seoul; Editing by John Roe")
    True
    """
    text = line.strip()
    return 0 < len(text) <= MAX_MARKER and _AD_SLOT.fullmatch(text) is not None
