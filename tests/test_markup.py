"""One passage-markup rule for the reader (HTML), the TEI export and the admin's preview:
documents.markup.events gives well-nested open/close/milestone/text events; the writers only
spell them. Plain strings, no database."""

import pytest
from lxml import etree

from citations.tei.elements import TEI_NS, sub
from citations.tei.passages import write_passage
from documents import markup
from documents.markup import EMPHASIS, Milestone, Span, events
from documents.reader.rendering import mark_span, render_passage

A, B = "a", "b"  # span payloads: any object the writer understands


def spelled(text, milestones=(), spans=(), **options):
    """The events as a compact string: [a … ]a for spans, _…_ for emphasis, ^x for a milestone."""
    out = []
    for kind, value in events(text, milestones, spans, **options):
        if kind == markup.TEXT:
            out.append(value)
        elif kind == markup.MILESTONE:
            out.append(f"^{value}")
        elif value is EMPHASIS:
            out.append("_")
        else:
            out.append(f"[{value}" if kind == markup.OPEN else f"]{value}")
    return "".join(out)


def well_nested(sequence):
    stack = []
    for kind, value in sequence:
        if kind == markup.OPEN:
            stack.append(value)
        elif kind == markup.CLOSE:
            assert stack and stack.pop() is value
    return not stack


class TestEvents:
    @pytest.mark.parametrize(
        ("spans", "shown"),
        [
            # the second overlaps the first: left out, its text kept
            ([Span(0, 7, A), Span(4, 11, B)], "[aKim Il ]aSung Mao"),
            # nested inside an earlier one: overlapping too, left out
            ([Span(0, 11, A), Span(4, 6, B)], "[aKim Il Sung]a Mao"),
            # the longer of two starting together is taken
            ([Span(0, 3, B), Span(0, 11, A)], "[aKim Il Sung]a Mao"),
            # touching is not overlapping
            ([Span(0, 3, A), Span(3, 6, B)], "[aKim]a[b Il]b Sung Mao"),
        ],
    )
    def test_overlapping_spans(self, spans, shown):
        assert spelled("Kim Il Sung Mao", spans=spans) == shown

    @pytest.mark.parametrize(
        ("spans", "shown"),
        [
            (
                [Span(10, 17, A)],  # starts inside the emphasis, ends with it
                "the _sine _[a_qua non_]a of it",
            ),
            (
                [Span(0, 9, A)],  # ends inside the emphasis
                "[athe _sine_]a_ qua non_ of it",
            ),
            (
                [Span(2, 20, A)],  # holds the whole emphasis
                "th[ae _sine qua non_ o]af it",
            ),
        ],
    )
    def test_spans_crossing_emphasis_close_and_reopen_it(self, spans, shown):
        text = "the *sine qua non* of it"
        assert spelled(text, spans=spans) == shown
        assert well_nested(events(text, spans=spans))

    @pytest.mark.parametrize("span", [Span(-1, 3, A), Span(5, 99, A), Span(4, 4, A), Span(6, 2, A)])
    def test_a_span_outside_the_text_or_empty_is_left_out(self, span):
        assert spelled("Kim Il Sung", spans=[span]) == "Kim Il Sung"

    def test_milestones_outside_the_text_go_to_its_ends(self):
        shown = spelled("Kim", [Milestone(-5, "x"), Milestone(99, "y"), Milestone(1, "z")])
        assert shown == "^xK^zim^y"

    def test_a_milestone_closes_and_opens_around_it_and_an_atomic_span_refuses_it(self):
        text = "Kim Il Sung"
        assert spelled(text, [Milestone(3, 1)], [Span(0, 3, A)]) == "[aKim]a^1 Il Sung"
        assert spelled(text, [Milestone(3, 1)], [Span(0, 6, A)]) == "[aKim^1 Il]a Sung"
        atomic = Span(0, 6, A, atomic=True)
        assert spelled(text, [Milestone(3, 1)], [atomic]) == "Kim^1 Il Sung"

    def test_a_window_opens_and_closes_at_its_edges(self):
        text = "one *two three* four"
        shown = spelled(text, [Milestone(0, 0), Milestone(9, 9)], [Span(5, 8, A)], window=(7, 20))
        assert shown == "[a_o_]a_ ^9three_ four"

    def test_emphasis_off_keeps_the_asterisks(self):
        assert spelled("a *b* c", emphasis=False) == "a *b* c"


class TestWriters:
    def test_html_escapes_every_piece(self):
        text = '<b>"x"</b> *<i>*'
        shown = render_passage(
            text, [(3, "<sup>raw</sup>")], [mark_span(0, 3, title='"t"<')], emphasis=True
        )
        assert shown == (
            '<mark title="&quot;t&quot;&lt;">&lt;b&gt;</mark>&lt;sup&gt;raw&lt;/sup&gt;'
            "&quot;x&quot;&lt;/b&gt; <em>&lt;i&gt;</em>"
        )

    def test_tei_is_well_nested_where_spans_cross_emphasis(self):
        root = etree.Element(f"{{{TEI_NS}}}p", nsmap={None: TEI_NS})
        spans = [
            Span(10, 17, lambda parent: sub(parent, "persName", ref="#x")),
            Span(12, 20, lambda parent: sub(parent, "orgName", ref="#y")),  # overlaps: out
        ]
        write_passage(
            root,
            "the *sine qua non* of it",
            [(99, lambda parent: sub(parent, "note", n="1"))],
            spans,
        )
        xml = etree.tostring(root, encoding="unicode").replace(f' xmlns="{TEI_NS}"', "")
        assert xml == (
            '<p>the <hi rend="italic">sine </hi><persName ref="#x"><hi rend="italic">qua non'
            '</hi></persName> of it<note n="1"/></p>'
        )
