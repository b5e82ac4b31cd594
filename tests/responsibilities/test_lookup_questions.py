"""Questions staff type, on the demo organisation: the duty that answers each must come in the
first three results. Several words must all match, anywhere a reader would look (what a duty
does not cover, its parties, the people holding them); Traditional Chinese is folded to
Simplified; the words of a question that name no duty are left out."""

from io import StringIO

import pytest
from django.core.management import call_command

from responsibilities.selectors.lookup import lookup_duties, lookup_words

pytestmark = pytest.mark.django_db

QUESTIONS = [
    ("payment outage", "payment-fix"),
    ("fix payment", "payment-fix"),
    ("follow up complaints", "complaint-follow-up"),
    ("who handles user feedback", "user-feedback"),
    ("refund", "payment-fix"),  # in what the payment fix does not cover: ask Customer service
    ("He Yun", "complaint-follow-up"),  # a person, through the role she holds
    ("Customer service manager", "complaint-receive"),  # a post
    ("投訴", "complaint-receive"),  # Traditional Chinese for 投诉
    ("complaint", "complaint-receive"),
    ("payment-fix", "payment-fix"),
]


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


@pytest.mark.parametrize(("question", "duty"), QUESTIONS)
def test_a_question_finds_its_duty_in_the_first_three(demo, question, duty):
    assert duty in list(lookup_duties(q=question).values_list("code", flat=True)[:3])


def test_the_words_of_a_question_that_name_no_duty_are_left_out():
    assert lookup_words("Who handles User Feedback") == ["user", "feedback"]
    assert lookup_words("谁 负责 投訴") == ["投诉"]
    assert lookup_words("who") == ["who"], "a question of stop words only is searched as it is"
