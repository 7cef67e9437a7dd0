from django.urls import path

from idesluss.challenges.views import challenges

app_name = "challenges"

urlpatterns = [
    path("", challenges.challenge_list, name="list"),
    path("new/", challenges.challenge_create, name="create"),
    path("<id:pk>/", challenges.challenge_detail, name="detail"),
    path("<id:pk>/edit/", challenges.challenge_edit, name="edit"),
    path("<id:pk>/image/", challenges.challenge_image, name="image"),
]
