"""Every read of the confirmation campaigns: the list, one campaign, its progress per
department and its items (docs/campaigns.md)."""

from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, Value
from django.db.models.functions import Coalesce

from governance.models import Campaign, CampaignItem, ItemAnswer
from registry.codes import record_id
from registry.languages import reader_order, reader_picker

# How an item stands, as the progress counts it: answered by its person, settled by another
# owner's confirmation, or still waiting (silent, once the campaign has closed).
STATES = (ItemAnswer.CONFIRMED, "others", ItemAnswer.PROPOSED, ItemAnswer.DISOWNED, "waiting")


def confirmed_since_opened(items=""):
    """Q for campaign items whose duty was confirmed since their campaign opened: settled,
    whoever confirmed it. `items` is the path to the items ("items__" from a campaign)."""
    opened = "opened_at" if items else "campaign__opened_at"
    return Q(**{f"{items}duty__confirmed_at__gte": F(opened)})


def campaign_list():
    """The campaigns, newest first, each with its scope, how many items it holds and how many
    are done (answered, or settled by another owner's confirmation): one query."""
    done = ~Q(items__answer="") | confirmed_since_opened("items__")
    return (Campaign.objects.select_related("department", "process", "opened_by")
            .annotate(item_count=Count("items"), answered_count=Count("items", filter=done))
            .order_by("-opened_at", "-id"))  # a GROUP BY drops Meta.ordering


def campaigns_asking(*, user):
    """The open campaigns with items of the person of `user`'s login that wait for an answer
    (unanswered, on duties nobody confirmed since the campaign opened), soonest deadline
    first, each with `waiting`, their number: one query, none for a visitor."""
    if not user.is_authenticated:
        return []
    waiting = (Q(items__person__user=user, items__answer="")
               & ~confirmed_since_opened("items__"))
    return list(Campaign.objects.filter(closed_at__isnull=True)
                .annotate(waiting=Count("items", filter=waiting)).filter(waiting__gt=0)
                .order_by("deadline", "id"))


def campaign_read(pk, *, open_only=False):
    """The campaign of `pk` (text from a URL or a form) with its scope, or None."""
    campaigns = campaign_list()
    if open_only:
        campaigns = campaigns.filter(closed_at__isnull=True)
    pk = record_id(str(pk))
    return None if pk is None else campaigns.filter(pk=pk).first()


def _settled_by_others():
    """True for an unanswered item whose duty was confirmed since the campaign opened."""
    # Coalesce: on a duty never confirmed the comparison is NULL, and the answer is False.
    return Coalesce(ExpressionWrapper(Q(answer="") & confirmed_since_opened(),
                                      output_field=BooleanField()), Value(False))


@dataclass(frozen=True)
class Progress:
    """The items of one department (or of the whole campaign) by how they stand."""

    name: str
    counts: dict  # state (STATES) → items
    code: str = ""  # the department's; empty for the whole campaign

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def done(self):
        return self.total - self.counts["waiting"]

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 100

    def share(self, state):
        """The percentage of the items in `state`, for the bar's segments."""
        return round(100 * self.counts[state] / self.total, 1) if self.total else 0


def campaign_progress(campaign):
    """(the whole campaign's Progress, one Progress per department by name): one query."""
    pick = reader_picker()
    others = Q(answer="") & confirmed_since_opened()
    filters = {ItemAnswer.CONFIRMED: Q(answer=ItemAnswer.CONFIRMED), "others": others,
               ItemAnswer.PROPOSED: Q(answer=ItemAnswer.PROPOSED),
               ItemAnswer.DISOWNED: Q(answer=ItemAnswer.DISOWNED),
               "waiting": Q(answer="") & ~others}
    rows = (CampaignItem.objects.filter(campaign=campaign)
            .values("department_id", "department__code", "department__name_en",
                    "department__name_zh_hans")
            .annotate(**{f"n_{state}": Count("id", filter=filters[state]) for state in STATES})
            .order_by(reader_order("name", "department__"), "department_id"))
    departments = [Progress(pick(row["department__name_en"], row["department__name_zh_hans"]),
                            {state: row[f"n_{state}"] for state in STATES},
                            row["department__code"]) for row in rows]
    whole = Progress(campaign.title, {state: sum(part.counts[state] for part in departments)
                                      for state in STATES})
    return whole, departments


def campaign_items(campaign, *, person=None, user=None):
    """The campaign's items by duty (step order) then person, each with its duty (and its
    process), person, department and proposal, and `settled_by_others`: one query. `person`
    (an id) or `user` (their login) keeps one person's task."""
    items = (CampaignItem.objects.filter(campaign=campaign)
             .select_related("duty__process", "duty__confirmed_by", "person", "department",
                             "proposal")
             .annotate(settled_by_others=_settled_by_others())
             .order_by(F("duty__process__code").asc(nulls_last=True), "duty__step",
                       "duty__code", reader_order("name", "person__"), "person_id"))
    if person is not None:
        items = items.filter(person_id=person)
    if user is not None:
        items = items.filter(person__user=user) if user.is_authenticated else items.none()
    return items
