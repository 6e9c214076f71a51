from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from petitions.selectors import home_summary


@login_required
def home(request):
    return render(request, "core/home.html", {"summary": home_summary(request.user)})
