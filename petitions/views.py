"""Staff pages for petitions: thin views that parse input, call a selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.services import audit_download
from core.downloads import file_response
from core.errors import DomainError, InvalidInput
from organisations.selectors import staff_context
from petitions import registration_hooks, selectors, services
from petitions.filtersets import PetitionFilterSet
from petitions.forms import AttachmentForm, InstanceFormSet, PetitionerFormSet, RegistrationForm, RevealForm
from petitions.models import Petitioner
from petitions.pagination import CappedPaginator
from petitions.panels import decorate_rows, lazy_panel, render_panel, render_panels
from petitions.scope import get_visible_attachment, get_visible_petition

PAGE_SIZE = 25


@login_required
def petition_list(request):
    petitions = selectors.petition_list(request.user)
    filterset = PetitionFilterSet(request.GET or None, queryset=petitions, user=request.user)
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else petitions
    page = CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = decorate_rows(page.object_list)
    if request.GET.get("q"):  # where the keywords matched, highlighted
        from search.selectors import attach_snippets

        attach_snippets(page.object_list, request.GET["q"])
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": filterset, "page": page, "query": query.urlencode()}
    template = "petitions/_list_results.html" if request.htmx else "petitions/list.html"
    return render(request, template, context)


@login_required
def petition_detail(request, pk):
    petition = selectors.petition_detail(request.user, pk)
    return render(
        request,
        "petitions/detail.html",
        {
            "petition": petition,
            "panels": render_panels(request, petition),
            "can_reveal": services.can_reveal(request.user),
            "attachment_form": AttachmentForm(),
            "related_label": selectors.linked_petition_label(request.user, petition.related_to),
        },
    )


@login_required
@require_GET
def petition_panel(request, pk, panel):
    """A lazy panel of the petition page (htmx, after the page is shown), in the viewer's scope like the page."""
    found = lazy_panel(panel)
    if found is None:
        raise Http404
    petition = get_visible_petition(request.user, pk)
    return HttpResponse(render_panel(request, petition, found))


@login_required
def petition_register(request):
    ctx = staff_context(request.user)
    if not ctx.units_with(*services.REGISTER_ROLES):
        raise Http404
    if request.method == "POST":
        form = RegistrationForm(request.POST, request.FILES, user=request.user)
        people = PetitionerFormSet(request.POST, prefix="p")
        instances = InstanceFormSet(request.POST, prefix="i")
        if form.is_valid() and people.is_valid() and instances.is_valid():
            try:
                petition = services.petition_register(
                    actor=request.user,
                    unit=form.cleaned_data["unit"],
                    data=form.to_data(),
                    petitioners=[f.to_data() for f in people if f.cleaned_data],
                    instances=[f.to_data() for f in instances if f.cleaned_data],
                    attachments=form.cleaned_data["attachments"],
                    submission_key=form.cleaned_data["submission_key"],
                )
            except InvalidInput as exc:
                for key, errors in exc.errors.items():
                    target = key if key in form.fields and not form.fields[key].widget.is_hidden else None
                    for error in errors:
                        form.add_error(target, error)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                registration_hooks.registered(request, petition)
                messages.success(
                    request,
                    _("登记成功：编号 %(number)s，查询码 %(code)s。")
                    % {"number": petition.number, "code": petition.query_code},
                )
                return redirect("petitions:detail", pk=petition.pk)
    else:
        start = registration_hooks.initial(request)
        form = RegistrationForm(user=request.user, initial=start["form"] or None)
        people = PetitionerFormSet(prefix="p", initial=start["people"] or None)
        instances = InstanceFormSet(prefix="i")
    return render(
        request,
        "petitions/register.html",
        {"form": form, "people": people, "instances": instances},
        status=200
        if not form.errors and not people.total_error_count() and not instances.total_error_count()
        else 400,
    )


@login_required
def attachment_download(request, pk):
    attachment = get_visible_attachment(request.user, pk)
    try:
        response = file_response(
            request,
            attachment.file,
            filename=attachment.original_name,
            content_type=attachment.content_type,
            sha256=attachment.sha256,
        )
    except FileNotFoundError:
        raise Http404 from None
    audit_download(
        actor=request.user,
        obj=attachment,
        filename=attachment.original_name,
        details={"petition_id": attachment.petition_id},
    )
    return response


@login_required
@require_POST
def petition_add_attachments(request, pk):
    petition = get_visible_petition(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.petition_add_attachments(
                actor=request.user,
                petition=petition,
                uploads=form.cleaned_data["files"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            errors = getattr(exc, "errors", {}).get("attachments") or [exc.message]
            for error in errors:
                messages.error(request, error)
        else:
            messages.success(request, _("材料已补充。"))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("petitions:detail", pk=petition.pk)


@login_required
@require_POST
def petitioner_reveal(request, pk, petitioner_pk):
    petition = get_visible_petition(request.user, pk)
    try:  # the record first: another petition's petitioner is 404 whatever the input
        petitioner = petition.petitioners.get(pk=petitioner_pk)
    except Petitioner.DoesNotExist:
        raise Http404 from None
    form = RevealForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("参数错误"), status=400)
    try:
        value = services.petitioner_reveal(
            actor=request.user,
            petition=petition,
            petitioner=petitioner,
            field=form.cleaned_data["field"],
            ip=request.META.get("REMOTE_ADDR"),
        )
    except DomainError as exc:
        return HttpResponse(exc.message, status=exc.status)
    return render(request, "petitions/_revealed.html", {"value": value})
