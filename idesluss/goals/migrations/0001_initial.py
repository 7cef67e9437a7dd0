"""The goals move here from ideas (issue 13, item 6). The models enter this app's state
here; ideas/0012 renames their tables, and ideas/0013 takes them out of ideas' state once
every relation points here. No data is copied: the rows stay where they are."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("ideas", "0011_co_submitter_invitations"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='GlobalGoal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name_sv', models.CharField(max_length=150, verbose_name='name (Swedish)')),
                        ('name_en', models.CharField(blank=True, max_length=150, verbose_name='name (English)')),
                        ('number', models.PositiveSmallIntegerField(unique=True, verbose_name='number')),
                        ('colour', models.CharField(max_length=7, verbose_name='colour')),
                        ('text_colour', models.CharField(help_text='Chosen so the label passes WCAG AA.', max_length=7, verbose_name='text colour')),
                    ],
                    options={
                        'verbose_name': 'Global Goal',
                        'verbose_name_plural': 'Global Goals',
                        'ordering': ['number'],
                    },
                ),
                migrations.CreateModel(
                    name='VisionGoal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name_sv', models.CharField(max_length=150, verbose_name='name (Swedish)')),
                        ('name_en', models.CharField(blank=True, max_length=150, verbose_name='name (English)')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('is_active', models.BooleanField(default=True, verbose_name='in use')),
                    ],
                    options={
                        'verbose_name': 'vision goal',
                        'verbose_name_plural': 'vision goals',
                        'ordering': ['order', 'name_sv'],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
