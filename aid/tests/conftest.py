from decimal import Decimal

import pytest

from aid.models import AidApprovalLevel, AidBudget
from organisations.models import Role
from organisations.tests.factories import make_user


@pytest.fixture
def desk(province, register):
    """凉州区人民法院's aid desk: a petition it handles, its head, a handler, an owner leader, a leader, and a
    budget of 1,000,000.00 元 for this year with a three-level chain (≥0 head, ≥50,000 owner, ≥200,000 leader)."""
    from django.utils import timezone

    from handling import services as handling

    p = province
    petition = register(p.liangzhou_clerk, p.liangzhou_center)
    handling.petition_accept(actor=p.liangzhou_clerk, petition=petition, handling_unit=p.liangzhou_court)
    petition.refresh_from_db()

    class Desk:
        court = p.liangzhou_court
        head = p.court_head
        handler = p.liangzhou_handler
        owner = make_user("lz_court_owner", p.liangzhou_court, Role.OWNER_LEADER)
        leader = make_user("lz_court_leader", p.liangzhou_court, Role.LEADER)
        year = timezone.localdate().year

    Desk.petition = petition
    Desk.budget = AidBudget.objects.create(
        unit=p.liangzhou_court, year=Desk.year, amount=Decimal("1000000.00")
    )
    for level, amount, role in [
        (1, "0", Role.UNIT_HEAD),
        (2, "50000", Role.OWNER_LEADER),
        (3, "200000", Role.LEADER),
    ]:
        AidApprovalLevel.objects.create(
            unit=p.liangzhou_court, level=level, min_amount=Decimal(amount), role=role
        )
    return Desk
