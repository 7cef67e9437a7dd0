from django.urls import path

from idesluss.home import views

app_name = "home"

urlpatterns = [
    path("", views.start, name="start"),
]
