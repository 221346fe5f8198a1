"""Build a cleaned text piece by piece while recording where every character came from."""

from __future__ import annotations

from eventgraph.records import Document, OffsetSegment, RemovedSpan


def original_span(document: Document, start: int, end: int) -> tuple[int, int]:
    """The original-text span of the cleaned-text span ``[start, end)``.

    The end is mapped through the span's last character, so a span ending where cleaning joined two
    distant stretches of the original still ends where its last word ends.
    """
    if end <= start:
        position = document.original_offset(start)
        return position, position
    return document.original_offset(start), document.original_offset(end - 1) + 1


class CleanTextBuilder:
    """Appends stretches of the original text (mapped) or made-up separators (unmapped).

    A made-up character that replaces one original character (a tab turned into a space, the space
    that rejoins a wrapped line) stays outside the segments: ``Document.original_offset`` then maps
    it to the end of the previous segment, which is exactly where the replaced character sat.
    """

    def __init__(self, original: str):
        self.original = original
        self.parts: list[str] = []
        self.length = 0
        self.segments: list[OffsetSegment] = []

    def copy(self, orig_start: int, orig_end: int) -> None:
        """Append ``original[orig_start:orig_end]`` verbatim, extending the last segment if contiguous."""
        if orig_end <= orig_start:
            return
        last = self.segments[-1] if self.segments else None
        if (
            last is not None
            and last.orig_start + last.length == orig_start
            and last.clean_start + last.length == self.length
        ):
            last.length += orig_end - orig_start
        else:
            self.segments.append(OffsetSegment(self.length, orig_start, orig_end - orig_start))
        self.parts.append(self.original[orig_start:orig_end])
        self.length += orig_end - orig_start

    def add(self, text: str) -> None:
        """Append characters that have no verbatim source in the original."""
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts)


def fill_removed(
    original: str, segments: list[OffsetSegment], explicit: list[RemovedSpan]
) -> list[RemovedSpan]:
    """Every original stretch not copied into the cleaned text, with a reason.

    Stretches the cleaner dropped on purpose keep their reason; what is left over is labelled
    ``whitespace`` (folded spaces, blank lines) or ``markup`` (Markdown markers, stray symbols).
    """
    explained = [span for span in explicit if span.end > span.start]
    taken = sorted(
        [(seg.orig_start, seg.orig_start + seg.length) for seg in segments]
        + [(span.start, span.end) for span in explained]
    )
    leftovers: list[RemovedSpan] = []
    position = 0
    for start, end in [*taken, (len(original), len(original))]:
        if start > position:
            stretch = original[position:start]
            reason = "whitespace" if stretch.isspace() else "markup"
            leftovers.append(RemovedSpan(position, start, reason, stretch))
        position = max(position, end)
    return sorted(explained + leftovers, key=lambda s: (s.start, s.end))
