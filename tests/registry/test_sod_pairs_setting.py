"""RACI_SOD_PAIRS: pairs of duty codes read strictly from the environment."""

import pytest

from tests.registry.test_settings import manage

PRINT_PAIRS = "from django.conf import settings; print(settings.RACI_SOD_PAIRS)"


@pytest.mark.parametrize(("value", "pairs"), [
    ("", "()"),
    (" approve-payment : execute-payment ,approve-refund:issue-refund,",
     "(('approve-payment', 'execute-payment'), ('approve-refund', 'issue-refund'))"),
    ("a:b,b:a,a:b", "(('a', 'b'),)"),
])
def test_pairs_are_read_once_each(value, pairs):
    result = manage("shell", "-c", PRINT_PAIRS, RACI_SOD_PAIRS=value)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == pairs


@pytest.mark.parametrize(("value", "message"), [
    ("approve-payment", "RACI_SOD_PAIRS must be pairs of duty codes"),
    ("a:b:c", "not 'a:b:c'"),
    ("a:", "not 'a:'"),
    ("pay ment:refund", "not 'pay ment:refund'"),
    ("pay:pay", "RACI_SOD_PAIRS pairs 'pay' with itself."),
])
def test_a_malformed_pair_stops_the_start_naming_the_variable(value, message):
    result = manage("check", RACI_SOD_PAIRS=value)
    assert result.returncode != 0
    assert message in result.stderr
