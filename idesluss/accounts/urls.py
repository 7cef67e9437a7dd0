from django.urls import path

from idesluss.accounts import views

app_name = "accounts"

urlpatterns = [
    path("organisation/", views.unit_list, name="unit_list"),
    path("organisation/<id:pk>/", views.unit_detail, name="unit_detail"),
    path("people/<id:pk>/", views.person_detail, name="person_detail"),
    path("profile/", views.profile, name="profile"),
    path("people/pick/", views.pick_people, name="pick_people"),
    path("language/", views.language_switch, name="language_switch"),
]
