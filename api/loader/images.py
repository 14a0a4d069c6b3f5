"""Image captions and photo credits."""
from __future__ import annotations

import re

# "(AFP Photo)", "(Photo: Reuters)", "Photo by Jane Doe/AP", "(Getty Images)" at the end of a caption.
CREDIT = re.compile(
    r"\s*[(\[]?\s*(?:"
    r"(?:photo|image|picture|foto)s?\s*(?:by|:|credit:?|©)\s*(?P<a>[^()\[\]]+?)"
    r"|(?P<b>[^()\[\]]+?)\s+(?:photo|photos|images|file photo)"
    r"|(?P<c>AFP|AP|Reuters|Getty Images|EPA|Yonhap|Xinhua|AAP|Bloomberg)"
    r")\s*[)\]]?\s*$",
    re.I,
)


def split_credit(caption: str) -> tuple[str, str | None]:
    """Split a trailing photo credit off a caption: ("... in April 2019.", "AFP")."""
    m = CREDIT.search(caption)
    if not m or m.start() == 0:
        return caption.strip(), None
    credit = (m.group("a") or m.group("b") or m.group("c")).strip(" /")
    return caption[: m.start()].strip(), credit
