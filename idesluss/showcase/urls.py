from django.urls import path

from idesluss.showcase import views

app_name = "showcase"

urlpatterns = [
    path("good-examples/", views.example_list, name="examples"),
    path("good-examples/new/", views.example_create, name="example_create"),
    path("good-examples/<id:pk>/", views.example_detail, name="example"),
    path("good-examples/<id:pk>/edit/", views.example_edit, name="example_edit"),
    path("good-examples/<id:pk>/publish/", views.example_publish, name="example_publish"),
    path("good-examples/<id:pk>/feature/", views.example_feature, name="example_feature"),
    path("good-examples/<id:pk>/image/", views.example_image, name="example_image"),
    path("news/", views.news_list, name="news"),
    path("news/new/", views.news_edit, name="news_create"),
    path("news/<id:pk>/", views.news_post, name="news_post"),
    path("news/<id:pk>/edit/", views.news_edit, name="news_edit"),
    path("news/<id:pk>/image/", views.news_image, name="news_image"),
    path("showcase/", views.showcase, name="showcase"),
    path("showcase/settings/", views.showcase_settings, name="settings"),
]
