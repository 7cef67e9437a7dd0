from django.urls import path

from idesluss.ideas import views

app_name = "ideas"

urlpatterns = [
    path("", views.idea_list, name="list"),
    path("new/", views.idea_submit, name="submit"),
    path("similar/", views.similar_ideas, name="similar"),
    path("pick/", views.pick_ideas, name="pick_ideas"),
    path("board/<str:lane>/", views.idea_board, name="board"),
    path("<id:pk>/", views.idea_detail, name="detail"),
    path("<id:pk>/edit/", views.idea_submit, name="edit"),
    path("<id:pk>/invitation/", views.co_submitter_invitation, name="invitation"),
    path("<id:pk>/move/", views.idea_move, name="move"),
    path("<id:pk>/support/", views.idea_support, name="support"),
    path("<id:pk>/follow/", views.idea_follow, name="follow"),
    path("<id:pk>/comments/", views.comment_add, name="comment"),
    path("<id:pk>/assess/", views.idea_assess, name="assess"),
    path("<id:pk>/assessors/", views.assessor_add, name="assessor_add"),
    path("<id:pk>/merge/", views.idea_merge, name="merge"),
    path("<id:pk>/responsible/", views.responsible_change, name="responsible"),
    path("<id:pk>/benefits/", views.benefit_add, name="benefit_add"),
    path("<id:pk>/attachments/", views.attachments_add, name="attachments_add"),
    path("<id:pk>/attachments/<id:attachment_id>/", views.attachment_download, name="attachment"),
]
