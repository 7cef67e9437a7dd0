from django.db import migrations

CRITERIA = [
    ("Nytta för invånarna", "Benefit for residents", "Hur mycket bättre blir det för dem vi är till för?"),
    ("Genomförbarhet", "Feasibility", "Kan vi genomföra idén med de resurser och den kunskap vi har?"),
    ("Kostnad", "Cost", "5 = låg kostnad i förhållande till nyttan, 1 = hög."),
    (
        "Förenlighet med vision och Agenda 2030",
        "Fit with vision and Agenda 2030",
        "Hur väl stöder idén kommunens vision och de globala målen?",
    ),
]


def add_criteria(apps, schema_editor):
    Criterion = apps.get_model("ideas", "Criterion")
    for order, (sv, en, description) in enumerate(CRITERIA):
        Criterion.objects.create(name_sv=sv, name_en=en, description=description, order=order)


class Migration(migrations.Migration):
    dependencies = [("ideas", "0004_assessment_benefits_attachments")]

    operations = [migrations.RunPython(add_criteria, migrations.RunPython.noop)]
