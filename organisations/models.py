"""Regions, units and staff with roles per unit (DOMAIN §2)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel


class Region(BaseModel):
    """An administrative division by its GB/T 2260 code (6 digits: province, city, county)."""

    code = models.CharField(_("区划代码"), max_length=6, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name}（{self.code}）"

    @property
    def level(self) -> str:
        if self.code.endswith("0000"):
            return "province"
        if self.code.endswith("00"):
            return "city"
        return "county"

    def code_range(self) -> tuple[str, str]:
        """Inclusive range of the codes this region contains (itself and everything beneath it)."""
        return region_code_range(self.code)

    @property
    def full_name(self) -> str:
        names, node = [], self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return "".join(reversed(names))


def region_code_range(code: str) -> tuple[str, str]:
    if code.endswith("0000"):
        return code[:2] + "0000", code[:2] + "9999"
    if code.endswith("00"):
        return code[:4] + "00", code[:4] + "99"
    return code, code


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡镇级")


class UnitType(models.TextChoices):
    COMMITTEE = "committee", _("政法委")
    COURT = "court", _("法院")
    PROCURATORATE = "procuratorate", _("检察院")
    POLICE = "police", _("公安")
    JUSTICE = "justice", _("司法行政")
    PETITION_BUREAU = "petition_bureau", _("信访部门")
    RECEPTION_CENTER = "reception_center", _("联合接访中心")
    TOWNSHIP = "township", _("乡镇/街道")


class System(models.TextChoices):
    COURT = "court", _("法院")
    PROCURATORATE = "procuratorate", _("检察")
    POLICE = "police", _("公安")
    JUSTICE = "justice", _("司法行政")
    COMMITTEE = "committee", _("政法委")
    OTHER = "other", _("其他")


UNIT_TYPE_SYSTEM = {
    UnitType.COMMITTEE: System.COMMITTEE,
    UnitType.COURT: System.COURT,
    UnitType.PROCURATORATE: System.PROCURATORATE,
    UnitType.POLICE: System.POLICE,
    UnitType.JUSTICE: System.JUSTICE,
    UnitType.PETITION_BUREAU: System.OTHER,
    UnitType.RECEPTION_CENTER: System.COMMITTEE,
    UnitType.TOWNSHIP: System.OTHER,
}


class Unit(BaseModel):
    """A unit in the tree 省 → 市 → 县(区) → 乡镇(街道). ``path`` makes subtree queries one indexed prefix scan."""

    code = models.CharField(_("单位编码"), max_length=32, unique=True)
    name = models.CharField(_("单位名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    level = models.CharField(_("层级"), max_length=16, choices=UnitLevel.choices)
    type = models.CharField(_("类型"), max_length=24, choices=UnitType.choices)
    system = models.CharField(_("所属系统"), max_length=16, choices=System.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="units"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["path"]
        indexes = [models.Index(fields=["region", "type"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        old_path = self.path
        if self.pk is None:
            super().save(*args, **kwargs)
            kwargs.pop("force_insert", None)
        self.path = (self.parent.path if self.parent_id else "") + f"{self.pk:08d}/"
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:  # moved: carry the subtree along
            for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                child.path = self.path + child.path[len(old_path) :]
                Unit.objects.filter(pk=child.pk).update(path=child.path)

    def subtree(self):
        return Unit.objects.filter(path__startswith=self.path)

    def ancestors(self):
        ids = [int(p) for p in self.path.strip("/").split("/")[:-1]]
        return Unit.objects.filter(pk__in=ids).order_by("path")

    @property
    def is_committee(self) -> bool:
        return self.type == UnitType.COMMITTEE


class Role(models.TextChoices):
    RECEPTION = "reception", _("接访员")
    HANDLER = "handler", _("承办人")
    UNIT_HEAD = "unit_head", _("部门负责人")
    OWNER_LEADER = "owner_leader", _("包案领导")
    SUPERVISOR = "supervisor", _("督办员")
    REVIEWER = "reviewer", _("评查员")
    LEADER = "leader", _("领导")
    LAWYER = "lawyer", _("律师")
    SYSADMIN = "sysadmin", _("系统管理员")


class User(AbstractUser):
    """A staff member. Petitioners are not users: they use the public portal with a query code."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    title = models.CharField(_("职务"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username

    def get_short_name(self) -> str:
        """What greetings use (the admin's "欢迎，…"): the person's full name, as people are addressed here."""
        return self.get_full_name()


class Membership(BaseModel):
    """A user holds a role within a unit."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("岗位角色")
        verbose_name_plural = _("岗位角色")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} · {self.unit} · {self.get_role_display()}"
