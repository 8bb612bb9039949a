"""The review desk: `efe-pipeline review OUTDIR` serves a run to several editors at once.

state.py holds the run as the desk sees it (documents with people's work, saves checked
against the revision the editor saw), publisher.py republishes the folder after a burst
of saves, access.py says who is asking and guards writes, app.py is the web application.
"""
