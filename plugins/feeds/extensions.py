"""feedgen extensions for the two things feedgen cannot write as these feeds need.

ShareCard: the share card as an enclosure plus Media RSS content. feedgen's
Atom entry links lose their rel, type and length (an enclosure would become
a second "alternate" link), and its media extension has no place for the
image's description. The card's alt text is what a screen reader says where
an auto-poster shows the card, so it goes into media:description.

ItemUpdated: an RSS item's last update as atom:updated. RSS 2.0 has only
the publication date; readers that know atom:updated show when it changed.
"""

from feedgen.ext.base import BaseEntryExtension
from feedgen.ext.media import MEDIA_NS
from feedgen.util import xml_elem

ATOM_NS = "http://www.w3.org/2005/Atom"


class ShareCard(BaseEntryExtension):
    """An entry's share card: a dict with url, length, type, width, height, alt."""

    def __init__(self):
        self.card = None

    def image(self, card):
        """Set the card."""
        self.card = card

    def extend_atom(self, entry):
        """Add the card to an Atom entry: a link rel="enclosure" and media:content."""
        if self.card:
            # Unqualified like feedgen's own: the feed's default namespace is Atom.
            xml_elem("link", entry, rel="enclosure", href=self.card["url"],
                     type=self.card["type"], length=str(self.card["length"]))
            self._media_content(entry)
        return entry

    def extend_rss(self, item):
        """Add the card to an RSS item: an enclosure and media:content."""
        if self.card:
            xml_elem("enclosure", item, url=self.card["url"], length=str(self.card["length"]),
                     type=self.card["type"])
            self._media_content(item)
        return item

    def _media_content(self, parent):
        content = xml_elem(
            f"{{{MEDIA_NS}}}content", parent,
            url=self.card["url"], fileSize=str(self.card["length"]), type=self.card["type"],
            medium="image", width=str(self.card["width"]), height=str(self.card["height"]),
        )
        if self.card.get("alt"):
            description = xml_elem(f"{{{MEDIA_NS}}}description", content, type="plain")
            description.text = self.card["alt"]


class ItemUpdated(BaseEntryExtension):
    """An RSS item's atom:updated (Atom entries have their own updated)."""

    def __init__(self):
        self.moment = None

    def set(self, moment):
        """Set the moment of the last update (an aware datetime)."""
        self.moment = moment

    def extend_rss(self, item):
        """Add atom:updated to the item."""
        if self.moment:
            xml_elem(f"{{{ATOM_NS}}}updated", item).text = self.moment.isoformat()
        return item
