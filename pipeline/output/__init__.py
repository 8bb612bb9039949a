"""The output folder: its file names, atomic writes, the staging area of a run and its
commit, manifest.json and qa.json, merging shards, and re-checking a finished folder."""
