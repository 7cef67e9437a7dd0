from django.urls import path

from idesluss.challenges import views

app_name = "challenges"

urlpatterns = [
    path("", views.challenge_list, name="list"),
    path("new/", views.challenge_create, name="create"),
    path("<id:pk>/", views.challenge_detail, name="detail"),
    path("<id:pk>/edit/", views.challenge_edit, name="edit"),
    path("<id:pk>/image/", views.challenge_image, name="image"),
]
