from django.contrib.admin.apps import AdminConfig


class IdeslussAdminConfig(AdminConfig):
    default_site = "idesluss.core.admin_site.AdminSite"
