from django.urls import path

from portal.api import views

app_name = "portal-api"
urlpatterns = [
    path("captcha/", views.captcha_new, name="captcha"),
    path("submissions/", views.submit, name="submit"),
    path("track/", views.track, name="track"),
    path("evaluations/", views.evaluate, name="evaluate"),
    path("review-requests/", views.request_review, name="review"),
    path("screening/", views.screening, name="screening"),
]
