import pytest

from aid.models import AidApplication, AidBudget
from care.models import AgentAssignment, CounsellingSession
from mediation.models import Mediation

pytestmark = pytest.mark.django_db


def test_demo_seeds_through_the_services(desk):
    from aid.demo import seed as aid_seed
    from care.demo import seed as care_seed
    from mediation.demo import seed as mediation_seed

    AidBudget.objects.all().delete()
    from aid.models import AidApprovalLevel

    AidApprovalLevel.objects.all().delete()
    lines = []
    assert aid_seed(lines.append) == 1  # the fixture's court handles one petition
    assert AidApplication.objects.get().status == "paid"
    assert mediation_seed(lines.append) == 1
    care_seed(lines.append)
    assert CounsellingSession.objects.count() == 1 and AgentAssignment.objects.count() == 1
    assert Mediation.objects.count() == 1
    assert aid_seed(lines.append) == 0  # a second run adds nothing
    assert all(isinstance(line, str) and line for line in lines)
