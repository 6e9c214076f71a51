from django.urls import path

from portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("submit/", views.submit, name="submit"),
    path("submit/captcha/", views.captcha_refresh, name="captcha"),
    path("submitted/", views.submitted, name="submitted"),
    path("track/", views.track, name="track"),
    path("track/status/", views.status, name="status"),
    path("track/reply/", views.reply_download, name="reply"),
    path("track/evaluate/", views.evaluate, name="evaluate"),
    path("track/review/", views.request_review, name="review"),
    path("track/leave/", views.leave, name="leave"),
    path("screening/", views.screening, name="screening"),
]
