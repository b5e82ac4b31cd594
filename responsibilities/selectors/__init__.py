"""Every read of the responsibilities app, one module per subject:

- `records`: processes, duties and assignments for the API and the admin; editable duties.
- `assignments`: what the pages share: held memberships, letters with their parties, holders.
- `current_matrix` and `past_matrix`: the matrix today, as of a moment, and what changed.
- `changes`: the change feed from the history tables.
- `duties`: the duty page and one matrix cell.
- `manuals`: what a department or a role answers for.
- `swimlanes`: a process as steps × departments.
- `indexes`: every department and every process with their counts.
- `lookup`: "who owns this?".
"""
