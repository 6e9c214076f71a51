import pytest

from petitions.models import State
from portal import demo
from portal.models import Evaluation

pytestmark = pytest.mark.django_db


def test_demo_seeds_submissions_and_one_rated_reply_and_is_rerunnable(province):
    from organisations.models import Role
    from organisations.tests.factories import make_user

    make_user("lz_court_handler2", province.liangzhou_court, Role.HANDLER)
    assert demo.seed(log=lambda *_: None) == 3
    assert demo.seed(log=lambda *_: None) == 3
    evaluation = Evaluation.objects.get()
    assert evaluation.petition.state == State.REPLIED
    assert evaluation.petition.satisfaction == "basically"
