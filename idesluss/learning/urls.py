from django.urls import path

from idesluss.learning.views import follow_up, qualifications, trainings

app_name = "learning"

urlpatterns = [
    path("", trainings.training_list, name="list"),
    path("new/", trainings.training_edit, name="create"),
    path("follow-up/", follow_up.follow_up, name="follow_up"),
    path("follow-up.csv", follow_up.follow_up_csv, name="follow_up_csv"),
    path("follow-up.xlsx", follow_up.follow_up_xlsx, name="follow_up_xlsx"),
    path("qualifications/", qualifications.overview, name="qualifications"),
    path(
        "qualifications/<id:pk>/withdraw/",
        qualifications.withdraw,
        name="qualification_withdraw",
    ),
    path("<id:pk>/", trainings.training_detail, name="detail"),
    path("<id:pk>/edit/", trainings.training_edit, name="edit"),
    path("<id:pk>/calendar.ics", trainings.training_calendar, name="calendar"),
    path("<id:pk>/enrol/", trainings.enrol, name="enrol"),
    path("<id:pk>/enrol-colleagues/", trainings.enrol_people, name="enrol_people"),
    path("<id:pk>/sessions/", trainings.session_add, name="session_add"),
    path(
        "<id:pk>/sessions/<id:session_id>/delete/",
        trainings.session_delete,
        name="session_delete",
    ),
    path(
        "<id:pk>/sessions/<id:session_id>/attendance/",
        trainings.attendance,
        name="attendance",
    ),
    path(
        "<id:pk>/sessions/<id:session_id>/calendar.ics",
        trainings.session_calendar,
        name="session_calendar",
    ),
    path(
        "<id:pk>/enrolments/<id:enrolment_id>/cancel/",
        trainings.enrolment_cancel,
        name="enrolment_cancel",
    ),
    path(
        "<id:pk>/enrolments/<id:enrolment_id>/complete/",
        trainings.enrolment_complete,
        name="enrolment_complete",
    ),
    path(
        "<id:pk>/enrolments/<id:enrolment_id>/certificate/",
        trainings.certificate,
        name="certificate",
    ),
]
