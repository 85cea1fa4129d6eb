"""An event's date and end date are entered through the one year / month / day widget, at their
precision, and saving an event whose date the editor did not touch keeps it exactly as stored."""

import datetime

import pytest
from django.test import Client

from documents.models import Event

from .admin_support import admin_url, change_form_data, make_editor
from .page_html import parse


@pytest.fixture
def editor_client(django_user_model):
    client = Client()
    client.force_login(make_editor(django_user_model, "ann"))
    return client


def stored(event):
    event = Event.objects.get(pk=event.pk)
    return (event.date, event.precision, event.end_date)


def widget_values(response, name):
    page = parse(response.content)
    year = page.find("input", name=f"{name}_0").get("value")
    options = page.find("select", name=f"{name}_1").find_all("option")
    month = next((o.get("value") for o in options if "selected" in o.attrs), None)
    day = page.find("input", name=f"{name}_2").get("value")
    return (year, month or None, day)


@pytest.mark.django_db
class TestEventDates:
    def test_every_curated_event_keeps_its_date_and_precision_when_saved(
        self, editor_client, collection
    ):
        odd = Event.objects.create(  # a month-precision event stored on the 15th, not the 1st
            slug="odd", title="Odd", date=datetime.date(1945, 8, 15), precision="month"
        )
        events = list(Event.objects.all())
        assert len(events) > 20
        before = {event.pk: stored(event) for event in events}
        for event in events:
            response = editor_client.get(admin_url(event))
            data = change_form_data(response)
            data["place"] = (event.place + " (checked)").strip()
            saved = editor_client.post(admin_url(event), data)
            assert saved.status_code == 302, (event.slug, saved.context["errors"])
        assert {event.pk: stored(event) for event in events} == before
        assert Event.objects.get(pk=odd.pk).place == "(checked)"

    def test_the_widget_shows_each_date_at_its_precision(self, editor_client, collection):
        month_span = Event.objects.get(slug="armistice-negotiations")  # 1951-07 to 1953-07
        year = Event.objects.get(slug="joint-commission-reconvenes")  # 1947
        day = Event.objects.get(slug="moscow-conference")  # 16–26 Dec 1945
        page = editor_client.get(admin_url(month_span))
        assert widget_values(page, "when") == ("1951", "07", None)
        assert widget_values(page, "until") == ("1953", "07", None)
        assert widget_values(editor_client.get(admin_url(year)), "when") == ("1947", None, None)
        page = editor_client.get(admin_url(day))
        assert widget_values(page, "when") == ("1945", "12", "16")
        assert widget_values(page, "until") == ("1945", "12", "26")
        assert "precision" not in change_form_data(page)  # one widget, no separate precision

    @pytest.mark.parametrize(
        "when,until,expected",
        [
            (("1946", "", ""), ("", "", ""), (datetime.date(1946, 1, 1), "year", None)),
            (
                ("1946", "03", ""),
                ("1946", "05", ""),
                (datetime.date(1946, 3, 1), "month", datetime.date(1946, 5, 1)),
            ),
            (
                ("1946", "03", "20"),
                ("1946", "05", "8"),
                (datetime.date(1946, 3, 20), "day", datetime.date(1946, 5, 8)),
            ),
        ],
        ids=["a-year", "months", "days"],
    )
    def test_a_changed_date_is_stored_at_the_precision_entered(
        self, editor_client, collection, when, until, expected
    ):
        event = Event.objects.get(slug="moscow-conference")
        data = change_form_data(editor_client.get(admin_url(event)))
        for index in range(3):
            data[f"when_{index}"], data[f"until_{index}"] = when[index], until[index]
        saved = editor_client.post(admin_url(event), data)
        assert saved.status_code == 302, saved.context["errors"]
        assert stored(event) == expected
        shown = editor_client.get(event.get_absolute_url()).content.decode()
        assert Event.objects.get(pk=event.pk).display_date in shown

    @pytest.mark.parametrize(
        "when,until,message",
        [
            (("sometime in spring", "", ""), ("", "", ""), "is not a year"),
            (("1946", "02", "30"), ("", "", ""), "There is no day 30 in February 1946"),
            (("1946", "03", ""), ("1946", "05", "08"), "must be as precise as the date"),
            (("1946", "05", ""), ("1946", "03", ""), "The end date comes before the date"),
            (("", "", ""), ("", "", ""), "This field is required"),
        ],
        ids=["words", "no-such-day", "two-precisions", "backwards", "empty"],
    )
    def test_a_bad_date_is_refused_with_a_message(
        self, editor_client, collection, when, until, message
    ):
        event = Event.objects.get(slug="moscow-conference")
        before = stored(event)
        data = change_form_data(editor_client.get(admin_url(event)))
        for index in range(3):
            data[f"when_{index}"], data[f"until_{index}"] = when[index], until[index]
        refused = editor_client.post(admin_url(event), data)
        assert refused.status_code == 200
        assert message in refused.content.decode()
        assert stored(event) == before

    def test_a_new_event_through_the_widget(self, editor_client, collection):
        response = editor_client.get("/admin/documents/event/add/")
        assert response.status_code == 200
        data = change_form_data(response)
        data.update(title="Elections in the North", slug="northern-elections", place="Pyongyang")
        data.update(when_0="1946", when_1="11", when_2="3")
        data.pop("actors")  # no actor chosen: the box posts nothing
        assert editor_client.post("/admin/documents/event/add/", data).status_code == 302
        assert stored(Event.objects.get(slug="northern-elections")) == (
            datetime.date(1946, 11, 3),
            "day",
            None,
        )
