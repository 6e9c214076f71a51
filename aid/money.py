"""Amounts in yuan with fen: exact decimals with at most two places, never floats."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

FEN = Decimal("0.01")


def amount_errors(value) -> tuple[Decimal | None, list[str]]:
    """The amount as an exact Decimal, or the reasons it is refused."""
    if value in (None, ""):
        return None, [_("请填写金额。")]
    if isinstance(value, float):
        return None, [_("金额必须以精确的十进制数填写。")]
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        return None, [_("请填写有效的金额（元），如 12000.50。")]
    if not amount.is_finite():
        return None, [_("请填写有效的金额（元），如 12000.50。")]
    if amount.as_tuple().exponent < -2 and amount != amount.quantize(FEN):
        return None, [_("金额最多保留两位小数（精确到分）。")]
    if amount <= 0:
        return None, [_("金额必须大于零。")]
    if amount >= Decimal("1000000000000"):
        return None, [_("金额过大，请核对。")]
    return amount.quantize(FEN), []


def yuan(value: Decimal | None) -> str:
    """12345.6 → "12,345.60 元"."""
    if value is None:
        return "—"
    return f"{Decimal(value):,.2f} 元"
