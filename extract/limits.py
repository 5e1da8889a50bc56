"""The limits that keep one hostile file from exhausting a build, in one place.

A DOCX is a ZIP archive: a few kilobytes can declare gigabytes (a zip bomb), and XML can
nest or expand without end. The ZIP limits are checked on the declared sizes before any
member is read; `zipfile` then never inflates a member past its declared size (it stops
there and fails the CRC check), so the declared sizes bound what reading can take.
"""

from __future__ import annotations

# ZIP containers (DOCX)
ZIP_MEMBERS = 10_000  # members in one archive
ZIP_MEMBER_BYTES = 64 << 20  # uncompressed bytes of one member: 64 MB (a 1,000-page
# document.xml is about 20 MB)
ZIP_TOTAL_BYTES = 256 << 20  # uncompressed bytes of all members together
ZIP_RATIO = 100  # uncompressed / compressed size of a member larger than ZIP_RATIO_FROM
ZIP_RATIO_FROM = 1 << 20  # small members (styles, settings) may compress better: not checked

# Units of text handed to spaCy: a longer paragraph (a whole report on one line) is cut at
# sentence ends into pieces of at most this many characters.
UNIT_CHARS = 20_000
