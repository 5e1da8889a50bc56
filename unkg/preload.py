"""Imported by the fork server of `unkg.parallel`: loads the pipelines once, before forking.

Every worker process is forked from the fork server, so when the server has built the
spaCy pipelines, the gazetteers and the reference data, a new pool's workers start with
them in memory (shared copy-on-write) instead of each spending a fraction of a second
building its own. Importing this module anywhere else just warms up that process.
"""

from unkg.parallel import warm_up

warm_up()
