"""Questions staff type, on the demo organisation: the duty that answers each must come in the
first three results, on SQLite and on PostgreSQL alike. Several words must all match, anywhere
a reader would look (what a duty does not cover, its parties, the people holding them), in
either language; Traditional Chinese is folded to Simplified; a typo in a long word is
forgiven; the words of a question that name no duty are left out."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from responsibilities.models import Duty
from responsibilities.selectors.lookup import lookup_duties, lookup_words

pytestmark = pytest.mark.django_db

QUESTIONS = [
    ("payment outage", "payment-fix"),
    ("fix payment", "payment-fix"),
    ("follow up complaints", "complaint-follow-up"),
    ("who handles user feedback", "user-feedback"),
    ("refund", "payment-fix"),  # in what the payment fix does not cover: ask Customer service
    ("He Yun", "complaint-follow-up"),  # a person, through the post she holds
    ("Customer service manager", "complaint-receive"),  # a post
    ("投訴", "complaint-receive"),  # Traditional Chinese for 投诉
    ("complaint", "complaint-receive"),
    ("payment-fix", "payment-fix"),
    ("支付 故障", "payment-detect"),
    ("支付故障", "payment-detect"),
    ("谁负责支付故障", "payment-detect"),
    ("何云", "complaint-classify"),
    ("客服经理", "complaint-receive"),
    ("退款", "payment-fix"),
    ("用户反馈", "user-feedback"),
    ("處理用戶反饋", "user-feedback"),  # Traditional Chinese
    ("paymnet", "payment-fix"),  # a typo
    ("supplir", "supplier-management"),  # a typo
    ("promotoin strategy", "promo-strategy"),  # a typo
    ("classify complaints", "complaint-classify"),
    ("server", "server-maintenance"),
    ("服务器", "server-maintenance"),
    ("data security", "data-security"),
    ("数据安全", "data-security"),
    ("supplier", "supplier-management"),
    ("供应商", "supplier-management"),
    ("ad placement", "promo-ad-placement"),
    ("广告投放", "promo-ad-placement"),
    ("post-mortem", "payment-postmortem"),
    ("复盘", "payment-postmortem"),
    ("conversion rate", "conversion-rate"),
    ("转化率", "conversion-rate"),
    ("Wang Fang", "market-research"),
    ("王芳", "market-research"),
    ("who handles contract problems", "contract-issues"),
    ("合同", "contract-issues"),
    ("品牌宣传", "brand-publicity"),
    ("security engineer", "data-security"),
    ("who is accountable for the payment fix", "payment-fix"),
    ("customer satisfaction", "customer-satisfaction"),
    ("客户满意度", "customer-satisfaction"),
    ("contingency plan", "payment-contingency"),
    ("應急預案", "payment-contingency"),  # Traditional Chinese
    ("feature requests", "user-feedback"),  # what user feedback does not cover
    ("ＰＡＹＭＥＮＴ", "payment-detect"),  # full-width letters
]


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """The demo, built once for the module in a transaction rolled back at its end (each test
    runs in a savepoint inside it)."""
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        call_command("load_demo", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def demo(demo_once, db):
    pass


def first_three(question):
    return [row.duty.code for row in lookup_duties(q=question)[:3]]


@pytest.mark.parametrize(("question", "duty"), QUESTIONS)
def test_a_question_finds_its_duty_in_the_first_three(demo, question, duty):
    assert duty in first_three(question)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_duty_is_found_by_its_title_in_either_language_whatever_the_readers(demo, language):
    with translation.override(language):
        for duty in Duty.objects.all():
            for title in (duty.title_en, duty.title_zh_hans):
                assert duty.code in first_three(title), title


def test_the_steps_of_one_process_come_together_in_step_order(demo):
    codes = [row.duty.code for row in lookup_duties(q="complaints")[:10]]
    assert codes[:4] == ["complaint-receive", "complaint-classify", "complaint-follow-up",
                         "complaint-summary"] or codes == sorted(
        codes, key=lambda code: Duty.objects.get(code=code).step)


def test_every_word_must_match(demo):
    assert first_three("payment zebra") == []


def test_the_words_of_a_question_that_name_no_duty_are_left_out():
    assert lookup_words("Who handles User Feedback?") == ["user", "feedback"]
    assert lookup_words("谁 负责 投訴") == ["投诉"]
    assert lookup_words("投诉归谁管") == ["投诉"]
    assert lookup_words("who") == ["who"], "a question of stop words only is searched as it is"
