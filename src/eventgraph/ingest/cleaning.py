"""Turn scraped article text into clean paragraphs, keeping an exact map back to the original.

The cleaner works on lines. It drops boilerplate lines and the article's footer, reads the header
(everything before the lede) for title, dateline and byline, drops stray headlines of other stories,
and rejoins sentences that a hard line wrap split across paragraphs. Paragraphs come out separated
by a blank line, with whitespace folded inside them; every kept character is mapped to the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from eventgraph.ingest import metadata
from eventgraph.ingest.metadata import DateMatch
from eventgraph.ingest.offsets import CleanTextBuilder, fill_removed
from eventgraph.ingest.rules import IngestRules, load_rules
from eventgraph.records import OffsetSegment, RemovedSpan

TERMINAL = ".!?…:;"
CLOSERS = "\"'”’»)]"
LEADING_MARKUP = re.compile(r"(?:#{1,6}\s+|>\s*)+")
# Invisible characters and bold/italic markers are dropped.
INVISIBLE_OR_MARKUP = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]+|\*\*+|__+")
_SPACE = r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\r\f\v]"
# What needs rewriting inside a line: dropped characters with the spaces around them, and whitespace
# other than a single plain space (folded to one space). Single spaces, the common case, are copied
# with the words around them.
SCAN = re.compile(rf"(?:{_SPACE}*(?:{INVISIBLE_OR_MARKUP.pattern}))+{_SPACE}*|{_SPACE}{{2,}}|[^\S ]")
WORD = re.compile(r"\S+")
EDGE_JUNK = "\u200b\u200c\u200d\u2060\ufeff\u00ad*"


@dataclass(slots=True)
class Line:
    """One line of the original; ``core`` is its span without surrounding space and Markdown markers."""

    index: int
    start: int
    end: int
    core_start: int
    core_end: int
    norm: str
    reason: str | None = None
    role: str = "text"  # text | title | heading
    cuts: list[RemovedSpan] = field(default_factory=list)

    @property
    def blank(self) -> bool:
        return not self.norm

    @property
    def kept(self) -> bool:
        return not self.blank and self.reason is None


@dataclass(slots=True)
class CleanResult:
    text: str
    offset_map: list[OffsetSegment]
    removed: list[RemovedSpan]
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: DateMatch | None = None


@dataclass(slots=True)
class HeaderFacts:
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    writer: str | None = None
    # Weaker outlet evidence, used only when no dateline or author block names the outlet.
    affiliation: str | None = None
    copyright_holder: str | None = None
    published: DateMatch | None = None


def clean_text(raw: str, known_title: str | None = None, rules: IngestRules | None = None) -> CleanResult:
    """Clean ``raw`` (one article) and recover what its header says about it."""
    rules = rules or load_rules()
    lines = split_lines(raw)
    mark_boilerplate(lines, rules)
    facts = HeaderFacts()
    mark_footer(lines, rules, facts)
    read_header(raw, lines, rules, facts, known_title)
    read_lede(raw, lines, rules, facts)
    facts.copyright_holder = _copyright_holder(lines, rules)
    builder = CleanTextBuilder(raw)
    explicit = [RemovedSpan(ln.start, ln.end, ln.reason, raw[ln.start : ln.end]) for ln in lines if ln.reason]
    explicit.extend(cut for ln in lines for cut in ln.cuts)
    explicit.extend(write_paragraphs(raw, [ln for ln in lines if ln.kept], rules, builder))
    author = facts.byline
    if facts.writer and (author is None or metadata.is_generic_byline(author, rules)):
        author = facts.writer
    return CleanResult(
        text=builder.text(),
        offset_map=builder.segments,
        removed=fill_removed(raw, builder.segments, explicit),
        title=facts.title,
        outlet=facts.outlet or facts.affiliation or facts.copyright_holder,
        author=author,
        published=facts.published,
    )


# ---------------------------------------------------------------------------------------------- lines


def split_lines(raw: str) -> list[Line]:
    lines = []
    position = 0
    for index, content in enumerate(raw.split("\n")):
        end = position + len(content)
        lines.append(_line(raw, index, position, end))
        position = end + 1
    return lines


def _line(raw: str, index: int, start: int, end: int) -> Line:
    core_start, core_end = start, end
    while core_start < core_end and (raw[core_start].isspace() or raw[core_start] in "\ufeff\u200b"):
        core_start += 1
    while core_end > core_start and raw[core_end - 1].isspace():
        core_end -= 1
    markup = LEADING_MARKUP.match(raw, core_start, core_end)
    if markup:
        core_start = markup.end()
    # Emphasis that wraps the whole line ("**By EU Reporter Correspondent**") is markup, not text.
    while core_end - core_start >= 2 and raw[core_start] in "*_" and raw[core_end - 1] == raw[core_start]:
        core_start, core_end = core_start + 1, core_end - 1
    norm = " ".join(INVISIBLE_OR_MARKUP.sub("", raw[core_start:core_end]).replace("*", "").split())
    return Line(index, start, end, core_start, core_end, norm)


def mark_boilerplate(lines: list[Line], rules: IngestRules) -> None:
    for line in lines:
        if not line.blank:
            line.reason = rules.line_reason(line.norm)


def mark_footer(lines: list[Line], rules: IngestRules, facts: HeaderFacts) -> None:
    """From the first footer marker that follows most of the article, drop everything."""
    body = [len(ln.norm) if ln.kept and not rules.footer_marker(ln.norm) else 0 for ln in lines]
    total = sum(body) or 1
    before = 0
    for position, line in enumerate(lines):
        marker = rules.footer_marker(line.norm) if not line.blank else None
        if marker and before / total >= rules.threshold("footer_min_body_fraction"):
            following = marker.following_reason
            for offset, later in enumerate(lines[position:]):
                later_marker = rules.footer_marker(later.norm) if not later.blank else None
                if later_marker:
                    following = later_marker.following_reason
                    later.reason = later_marker.reason
                    if later_marker.id == "about-the-author":
                        _read_author_block(lines[position + offset + 1 :], rules, facts)
                elif not later.blank:
                    later.reason = rules.line_reason(later.norm) or following
            return
        before += body[position]


def _copyright_holder(lines: list[Line], rules: IngestRules) -> str | None:
    """The outlet named by the last copyright line among the dropped lines."""
    for line in reversed(lines):
        if line.reason:
            holder = metadata.copyright_holder(line.norm, rules)
            if holder:
                return holder
    return None


def _read_author_block(following: list[Line], rules: IngestRules, facts: HeaderFacts) -> None:
    """'About the author' then a short name line: an agency ("AFP") is the outlet, else the author."""
    name_line = next((ln for ln in following if not ln.blank), None)
    if name_line is None or not is_headline_like(name_line.norm, rules):
        return
    if len(name_line.norm.split()) > rules.threshold("byline_max_words"):
        return
    outlet = rules.outlet_named(name_line.norm)
    if outlet:
        facts.outlet = facts.outlet or outlet
    elif facts.byline is None:
        facts.byline = name_line.norm


# --------------------------------------------------------------------------------------------- header


def is_headline_like(text: str, rules: IngestRules) -> bool:
    """Short, starts with a capital or digit, and ends without sentence punctuation."""
    words = text.split()
    if not words or len(words) > rules.threshold("headline_max_words"):
        return False
    first = text.lstrip("\"'“‘«")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    return text.rstrip(CLOSERS)[-1:] not in TERMINAL + ","


def is_title_case(text: str, rules: IngestRules) -> bool:
    """Every word but short function words capitalised ("The Role of Western Powers")."""
    for word in re.findall(r"[^\W\d_][\w'’-]*", text):
        if word.lower() in rules.title_case_minor_words:
            continue
        if not word[0].isupper():
            return False
    return True


def read_header(
    raw: str, lines: list[Line], rules: IngestRules, facts: HeaderFacts, known_title: str | None
) -> None:
    """Walk the lines before the lede: datelines, bylines, section labels, title and stray headlines."""
    label_line = rules.section_label_line
    title_key = _fold(known_title) if known_title else None
    kept = [ln for ln in lines if ln.kept]
    wrap_width = hard_wrap_width(kept, rules)
    header_lines = kept[: int(rules.threshold("header_max_lines"))]
    for position, line in enumerate(header_lines):
        text = line.norm
        if _read_metadata_line(line, rules, facts):
            continue
        if label_line.fullmatch(text):
            line.reason = "boilerplate:section-label"
            continue
        following = kept[position + 1] if position + 1 < len(kept) else None
        if not is_headline_like(text, rules) or _runs_on(line, following, wrap_width, rules):
            return  # the lede: the header is over
        if facts.title is None and (title_key is None or _fold(text) == title_key):
            _take_title(raw, line, rules, facts)
        elif is_title_case(text, rules) and len(text.split()) <= rules.threshold("section_heading_max_words"):
            line.role = "heading"
        else:
            line.reason = "stray-headline"


def _runs_on(line: Line, following: Line | None, wrap_width: int | None, rules: IngestRules) -> bool:
    """A headline-like line that is really the first line of a wrapped lede."""
    if following is None:
        return False
    if continues(line, following, rules):
        return True
    full_line = (
        wrap_width is not None
        and len(line.norm) >= rules.threshold("hard_wrap_full_line_fraction") * wrap_width
    )
    return (
        full_line
        and following.index == line.index + 1
        and metadata.byline_name(following.norm, rules) is None
        and metadata.header_line(following.norm, rules) is None
    )


def _read_metadata_line(line: Line, rules: IngestRules, facts: HeaderFacts) -> bool:
    """Take byline and dateline lines out of the text and into the metadata."""
    text = line.norm
    byline = metadata.byline_name(text, rules)
    if byline:
        name, affiliation = byline
        facts.byline = facts.byline or name
        outlet = rules.outlet_named(affiliation or "") or affiliation or _outlet_prefix(name, rules)
        facts.affiliation = facts.affiliation or outlet
        facts.published = facts.published or metadata.byline_date(text)
        line.reason = "byline"
        return True
    dateline = metadata.header_line(text, rules)
    if dateline:
        facts.outlet = facts.outlet or dateline.outlet
        facts.published = facts.published or dateline.published
        line.reason = "dateline" if dateline.published else "byline"
        return True
    return False


def _outlet_prefix(name: str, rules: IngestRules) -> str | None:
    """'EU Reporter Correspondent' starts with a known outlet name."""
    words = name.split()
    for size in range(len(words), 0, -1):
        outlet = rules.outlet_named(" ".join(words[:size]))
        if outlet:
            return outlet
    return None


def _take_title(raw: str, line: Line, rules: IngestRules, facts: HeaderFacts) -> None:
    """The first headline is the title; a section label glued in front of it is cut off."""
    line.role = "title"
    words = line.norm.split()
    size = _glued_label_size(words, rules)
    if size:
        cut_end = _word_starts(raw, line)[size]
        label = raw[line.core_start : cut_end]
        line.cuts.append(RemovedSpan(line.core_start, cut_end, "boilerplate:section-label", label))
        line.core_start = cut_end
        words = words[size:]
    facts.title = " ".join(words)


def _glued_label_size(words: list[str], rules: IngestRules) -> int:
    """How many leading words are a section label glued to the headline ("Europe With Russia …")."""
    for size in (2, 1):
        labelled = len(words) > size + 3 and " ".join(words[:size]).lower() in rules.section_labels
        if labelled and words[size] in rules.headline_openers:
            return size
    return 0


def _word_starts(raw: str, line: Line) -> list[int]:
    """Original offsets where the words of the line's core start (whitespace as the cleaner folds it)."""
    return [m.start() for m in WORD.finditer(raw, line.core_start, line.core_end)]


def read_lede(raw: str, lines: list[Line], rules: IngestRules, facts: HeaderFacts) -> None:
    """A wire dateline opening the lede ("MOSCOW (AFP) -") and "- writes James Wilson." bylines."""
    prose = [ln for ln in lines if ln.kept and ln.role == "text" and not is_headline_like(ln.norm, rules)]
    if not prose:
        return
    lede = prose[0]
    wire = metadata.WIRE_DATELINE.match(raw, lede.core_start, lede.core_end)
    if wire and rules.outlet_named(wire.group("outlet")):
        facts.outlet = facts.outlet or rules.outlet_named(wire.group("outlet"))
        lede.cuts.append(RemovedSpan(wire.start(), wire.end(), "dateline", wire.group(0)))
        lede.core_start = wire.end()
    for line in prose[:3]:
        writes = metadata.WRITES.search(raw, line.core_start, line.core_end)
        if writes:
            facts.writer = facts.writer or writes.group("name").rstrip(".")
            end = writes.start("name") + len(writes.group("name").rstrip("."))
            line.cuts.append(RemovedSpan(writes.start(), end, "byline", raw[writes.start() : end]))
            return


# ----------------------------------------------------------------------------------------- paragraphs


def write_paragraphs(
    raw: str, kept: list[Line], rules: IngestRules, builder: CleanTextBuilder
) -> list[RemovedSpan]:
    """Write kept lines as paragraphs; return the line-wrap gaps that were closed."""
    wrap_width = hard_wrap_width(kept, rules)
    joins: list[RemovedSpan] = []
    previous: Line | None = None
    for line in kept:
        if previous is None:
            pass
        elif continues(previous, line, rules) or wraps_onto(previous, line, wrap_width, rules):
            gap_end = _skip_space(raw, previous.core_end)
            joins.append(
                RemovedSpan(previous.core_end, gap_end, "line-wrap", raw[previous.core_end : gap_end])
            )
            builder.add(" ")
        else:
            _paragraph_break(raw, previous.core_end, line.core_start, builder)
        _write_line(raw, line, builder)
        previous = line
    return joins


def continues(previous: Line, line: Line, rules: IngestRules) -> bool:
    """A paragraph cut without final punctuation whose next part starts lowercase (or dangles)."""
    if previous.role != "text" or line.role != "text":
        return False
    before = previous.norm.rstrip(CLOSERS)
    if not before or before[-1] in TERMINAL:
        return False
    first = line.norm.lstrip("\"'“‘«(")[:1]
    if first.islower():
        return True
    last_word = before.split()[-1].lower()
    return before[-1] in ",-–—" or last_word in rules.continuation_words


def hard_wrap_width(kept: list[Line], rules: IngestRules) -> int | None:
    """The column a hard-wrapped text breaks at, or None when its lines are whole paragraphs.

    A text is hard-wrapped when most lines that run straight into the next line stop mid-sentence.
    """
    adjacent = [(a, b) for a, b in zip(kept, kept[1:], strict=False) if b.index == a.index + 1]
    min_chars = rules.threshold("hard_wrap_min_line_chars")
    cut = [a for a, _ in adjacent if a.norm[-1:] not in TERMINAL and len(a.norm) >= min_chars]
    if len(cut) < 3 or len(cut) < rules.threshold("hard_wrap_min_fraction") * len(adjacent):
        return None
    lengths = sorted(len(a.norm) for a in cut)
    return lengths[len(lengths) // 2]


def wraps_onto(previous: Line, line: Line, wrap_width: int | None, rules: IngestRules) -> bool:
    """In a hard-wrapped text, a line runs on into the next unless it is a short heading."""
    if wrap_width is None or line.index != previous.index + 1:
        return False
    if previous.role != "text" or line.role != "text":
        return False
    heading_width = rules.threshold("hard_wrap_heading_fraction") * wrap_width
    short_heading = is_headline_like(previous.norm, rules) and len(previous.norm) < heading_width
    return not (short_heading and line.norm[:1].isupper())


def _skip_space(raw: str, position: int) -> int:
    while position < len(raw) and raw[position].isspace():
        position += 1
    return position


def _paragraph_break(raw: str, after: int, before: int, builder: CleanTextBuilder) -> None:
    """Write "\\n\\n", each newline mapped to a newline of the original gap between the paragraphs."""
    first = raw.find("\n", after, before)
    if first < 0:
        builder.add("\n\n")
        return
    second = (
        first + 1
        if raw.startswith("\n", first + 1) and first + 1 < before
        else raw.rfind("\n", after, before)
    )
    builder.copy(first, first + 1)
    builder.copy(second, second + 1)


def _write_line(raw: str, line: Line, builder: CleanTextBuilder) -> None:
    """Copy the line's core, minus its cuts, folding whitespace and dropping invisible characters."""
    pieces = _pieces(raw, line)
    pending_space: int | None = None  # -1: a space with no verbatim source
    written = False
    for piece_start, piece_end in pieces:
        position = piece_start
        for match in SCAN.finditer(raw, piece_start, piece_end):
            if match.start() > position:
                if pending_space is not None and written:
                    _write_space(pending_space, builder)
                builder.copy(position, match.start())
                written, pending_space = True, None
            gap = match.group(0)
            if pending_space is None and any(ch.isspace() for ch in gap):
                space_at = gap.find(" ")
                pending_space = match.start() + space_at if space_at >= 0 else -1
            position = match.end()
        if piece_end > position:
            if pending_space is not None and written:
                _write_space(pending_space, builder)
            builder.copy(position, piece_end)
            written, pending_space = True, None


def _write_space(orig_position: int, builder: CleanTextBuilder) -> None:
    if orig_position >= 0:
        builder.copy(orig_position, orig_position + 1)
    else:
        builder.add(" ")


def _pieces(raw: str, line: Line) -> list[tuple[int, int]]:
    """The line's core minus the stretches cut out of it (title label, wire dateline, byline).

    Cuts sit at the edges of a line's text, so each piece is trimmed of the space beside a cut.
    """
    pieces = []
    position = line.core_start
    for cut in sorted(line.cuts, key=lambda c: c.start):
        if cut.start >= line.core_start:
            pieces.append((position, cut.start))
            position = max(position, cut.end)
    pieces.append((position, line.core_end))
    trimmed = [_trimmed(raw, start, end) for start, end in pieces]
    return [(start, end) for start, end in trimmed if end > start]


def _trimmed(raw: str, start: int, end: int) -> tuple[int, int]:
    """Without whitespace, invisible characters or emphasis markers at either end."""
    while start < end and (raw[start].isspace() or raw[start] in EDGE_JUNK):
        start += 1
    while end > start and (raw[end - 1].isspace() or raw[end - 1] in EDGE_JUNK):
        end -= 1
    return start, end


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()
