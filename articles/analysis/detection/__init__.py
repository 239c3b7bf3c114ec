"""
Discrepancy detection across the reports of a story. Plain Python, no Django:
the engine takes article texts and returns ranked candidates; commands, tasks
and the admin turn those into suggested discrepancies.

Modules, one job each:

- ``types``: the small value objects passed between the modules;
- ``sentences``: sentence splitting with exact offsets into the body;
- ``people``: person names, titles and name variants in a text;
- ``quotes``: direct quotations and who said them, on which platform;
- ``dates``: absolute and relative dates, resolved against a reference date;
- ``numbers``: numbers and quantities with their units;
- ``facts``: figures read as facts of one measure and subject, compared one
  by one across reports (a new kind of fact is added there, in one place);
- ``variants``: spelling variants, inflections and synonyms, which are no
  differences;
- ``align``: which passages of different reports speak of the same fact;
- ``engine``: the candidates, scored and ranked;
- ``checkworthy``: sentences worth turning into claims.
"""
