"""Instructions per log entry of the OTLP sink's span building and encoding (issue #18).

CPU time on this shared 2-core machine moves by +-30% between identical runs at load 10-17,
which hides a 10% change; instruction counts under valgrind's callgrind do not. Run the
script twice under callgrind, ``setup`` (imports, the store, the first 3,000 entries read,
caches warm) and ``work`` (the same, then ``TraceBuilder.add_all`` + ``encode`` over them);
the difference divided by 3,000 is the cost per entry. The store is the one
``bench/export_bench.fill`` makes (copies of two sessions the real engine recorded)::

    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.setup \\
        python bench/otlp_instructions.py setup DB
    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.work \\
        python bench/otlp_instructions.py work DB

``work`` prints the request bytes, which must be equal for the two versions compared.
"""

import sys

from bastion.export.ocsf import SessionBook
from bastion.export.otel import TraceBuilder
from bastion.store import Store
from bastion.store.export_log import read_page

N = 3000
store = Store(f"sqlite:///{sys.argv[2]}")
with store.engine.connect() as conn:
    pages = [read_page(conn, 0, 1000), read_page(conn, 1000, 1000), read_page(conn, 2000, 1000)]
tb = TraceBuilder(book=SessionBook())
warm = tb.encode(tb.add_all(pages[0][:50]))  # code paths and caches warm in both modes
if sys.argv[1] == "work":
    tb = TraceBuilder(book=SessionBook())
    n = 0
    for p in pages:
        spans = tb.add_all(p)
        n += len(tb.encode(spans))
    print("bytes", n)
