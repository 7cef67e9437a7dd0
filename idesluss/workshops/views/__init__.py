"""The workshops' pages, by topic: planning and sign-up (`planning`), the live board with
notes, dots and grouping (`live`), the summary and promotion to ideas (`results`), and the
files: calendar entries, CSV and the printable summary (`exports`)."""
