"""Hot-topic pages: the scoped ranking of a run's clusters and one cluster's page (thin views over selectors)."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from petitions.panels import decorate_rows
from topics import selectors
from topics.forms import ClusterFilterForm

PAGE_SIZE = 20


def _require(user) -> None:
    if not selectors.can_view_topics(user):
        raise Http404


@login_required
def cluster_list(request):
    _require(request.user)
    data = {k: v for k, v in request.GET.items() if k in ("run", "order") and v}
    form = ClusterFilterForm(data or None)
    run, order, status = selectors.latest_run(), "size", 200
    if form.is_bound:
        if form.is_valid():
            run = form.cleaned_data["run"] or run
            order = form.cleaned_data["order"] or "size"
        else:
            run, status = None, 400
    # one aggregate query ranks every cluster the user sees (a run holds hundreds to a few thousand): the page
    # and its count come from that list rather than from a second aggregate
    rows = selectors.ranking(request.user, run, order)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.decorate(request.user, page.object_list, visible=rows.visible)
    context = {
        "form": form,
        "run": run,
        "order": order,
        "page": page,
        "query": urlencode(data),
        "first_rank": page.start_index(),
    }
    return render(request, "topics/list.html", context, status=status)


@login_required
def cluster_detail(request, pk):
    _require(request.user)
    view = selectors.get_visible_cluster(request.user, pk)
    page = Paginator(selectors.cluster_petitions(request.user, view), 25).get_page(request.GET.get("page"))
    page.object_list = decorate_rows(page.object_list)
    context = {
        "c": view,
        "run": view.cluster.run,
        "page": page,
        "list_url": f"{reverse('petitions:list')}?{urlencode({'cluster': view.pk})}",
    }
    return render(request, "topics/detail.html", context)
