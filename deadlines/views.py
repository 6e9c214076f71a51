"""The deadline calculator (期限计算器): a staff tool over the same calendar the lifecycle uses."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from deadlines import calendar, selectors
from deadlines.forms import CalculatorForm


@login_required
@require_http_methods(["GET", "POST"])
def calculator(request):
    form = CalculatorForm(request.POST if request.method == "POST" else (request.GET or None))
    context = {"form": form, "result": None, "days_left": None, "overdue_days": None}
    if form.is_valid():
        result = selectors.explain_due(
            form.cleaned_data["start"], form.cleaned_data["days"], form.cleaned_data["counting"]
        )
        days_left = calendar.days_left(result.due, timezone.localdate())
        context.update(result=result, days_left=days_left, overdue_days=max(0, -days_left))
    template = "deadlines/_calculator.html" if request.htmx else "deadlines/calculator.html"
    return render(request, template, context)
