from django.urls import path

from idesluss.ideas import views

app_name = "ideas"

urlpatterns = [
    path("", views.idea_list, name="list"),
    path("new/", views.idea_submit, name="submit"),
    path("similar/", views.similar_ideas, name="similar"),
    path("board/<str:lane>/", views.idea_board, name="board"),
    path("<int:pk>/", views.idea_detail, name="detail"),
    path("<int:pk>/edit/", views.idea_submit, name="edit"),
    path("<int:pk>/invitation/", views.co_submitter_invitation, name="invitation"),
    path("<int:pk>/move/", views.idea_move, name="move"),
    path("<int:pk>/support/", views.idea_support, name="support"),
    path("<int:pk>/follow/", views.idea_follow, name="follow"),
    path("<int:pk>/comments/", views.comment_add, name="comment"),
    path("<int:pk>/assess/", views.idea_assess, name="assess"),
    path("<int:pk>/assessors/", views.assessor_add, name="assessor_add"),
    path("<int:pk>/merge/", views.idea_merge, name="merge"),
    path("<int:pk>/responsible/", views.responsible_change, name="responsible"),
    path("<int:pk>/benefits/", views.benefit_add, name="benefit_add"),
    path("<int:pk>/attachments/", views.attachments_add, name="attachments_add"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
]
