"""The options every output format reads (each uses the ones that apply to it)."""

from __future__ import annotations

import os

import attrs

from actionplan.reports.formatting import Language
from actionplan.reports.head import DocumentHead

__all__ = ["RenderOptions"]


@attrs.frozen
class RenderOptions:
    """How to render a report.

    - ``language``: ``"vi"`` or ``"en"``;
    - ``template``: a template file, or a folder of templates, replacing the
      built-in Markdown or HTML template (``md`` and ``html`` only);
    - ``head``: the official head (issuer, number, place, signature) replacing the
      one derived from the plan; ``subject``: the subject line;
    - ``colour``: ANSI colours in the ``terminal`` format; ``width``: its width in
      characters.
    """

    language: Language = "vi"
    template: str | os.PathLike[str] | None = None
    head: DocumentHead | None = None
    subject: str | None = None
    colour: bool = False
    width: int = 120
