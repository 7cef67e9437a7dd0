from django.urls import path

from idesluss.network import views

app_name = "network"

urlpatterns = [
    path("", views.network_list, name="list"),
    path("feed.json", views.feed_json, name="feed_json"),
    path("feed.atom", views.feed_atom, name="feed_atom"),
    path("demo/<slug:name>.json", views.demo_feed, name="demo_feed"),
    path("adopted/", views.adopted, name="adopted"),
    path("items/<id:pk>/adopt/", views.item_adopt, name="adopt"),
    path("feeds/", views.subscription_list, name="subscriptions"),
    path("feeds/<id:pk>/remove/", views.subscription_remove, name="subscription_remove"),
    path("feeds/<id:pk>/fetch/", views.subscription_fetch, name="subscription_fetch"),
    path("challenges/<id:pk>/share/", views.challenge_share, name="share"),
]
