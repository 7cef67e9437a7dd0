import os

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from idesluss.accounts.models import User
from idesluss.core import demo


class Command(BaseCommand):
    help = "Build a believable demo municipality (units, people in every role, and more)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already holds people.",
        )
        parser.add_argument(
            "--password",
            default=os.environ.get("DEMO_PASSWORD", "idesluss-demo"),
            help="The password of the demo sign-ins (default: idesluss-demo).",
        )

    def handle(self, *args, if_empty: bool, password: str, **options):
        if User.objects.exists():
            if if_empty:
                self.stdout.write("The database already holds data; no demo data added.")
                self.print_existing_sign_ins(password)
                return
            raise CommandError("The database is not empty: demo data goes into an empty one only.")
        context = demo.DemoContext(password=password, log=self.stdout.write)
        with transaction.atomic():
            for builder in demo.builders():
                builder(context)
        self.stdout.write(self.style.SUCCESS("Demo data is in place. Sign in as:"))
        self.print_sign_ins(context)

    def print_sign_ins(self, context: demo.DemoContext) -> None:
        width = max(len(email) for _role, email, _where in context.sign_ins)
        for role, email, where in context.sign_ins:
            self.stdout.write(f"  {role:<22} {email:<{width}}  ({where})")
        self.stdout.write(f"  Password for all of them: {context.password}")

    def print_existing_sign_ins(self, password: str) -> None:
        from idesluss.accounts.demo import ROLE_NAMES, SIGN_INS

        emails = {f"{local}@{demo.DEMO_DOMAIN}": key for key, _n, local, *_r in SIGN_INS}
        people = User.objects.filter(email__in=emails, is_active=True).select_related("unit")
        if not people:
            return
        self.stdout.write("Demo sign-ins:")
        width = max(len(person.email) for person in people)
        for person in sorted(people, key=lambda p: list(emails).index(p.email)):
            where = f"{person.job_title}, {person.unit}"
            self.stdout.write(
                f"  {ROLE_NAMES[emails[person.email]]:<22} {person.email:<{width}}  ({where})"
            )
        # The password is said when it is still the one given (by default the demo's); one
        # sign-in is checked (a password hash takes a good part of a second to check).
        if people[0].check_password(password):
            self.stdout.write(f"  Password for all of them: {password}")
        else:
            self.stdout.write(
                "  Their password is the one given when the demo data was made "
                "(DEMO_PASSWORD or --password), unless it was changed since."
            )
