"""The groups' pages, by topic: the groups themselves (`groups`), their sessions
(`sessions`), actions (`actions`), joint follow-ups (`joint`), the calendar files, the
spreadsheet and the printable red thread (`exports`) and the pickers' searches
(`pickers`). Each view translates HTTP to a selector or a service call and back."""
