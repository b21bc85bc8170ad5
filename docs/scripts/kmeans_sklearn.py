"""scikit-learn's MiniBatchKMeans on the rows `recllm bench kmeans --write-data` wrote, set up as RecLLM's run:
k-means++ on scikit-learn's default init size (3 batches of rows, or 3·k rows when that is smaller than k), a fixed
number of epochs without early stopping, labels of every row at the end. The BLAS and OpenMP pools it ran on are
recorded beside the timing.

usage: /usr/bin/python3 kmeans_sklearn.py FILE.f32 ROWS DIM K BATCH EPOCHS SEED
"""
import json
import sys
import time

import numpy as np
from sklearn import __version__ as sklearn_version
from sklearn.cluster import MiniBatchKMeans
from threadpoolctl import threadpool_info

path, rows, dim, k, batch, epochs, seed = sys.argv[1], *map(int, sys.argv[2:8])
X = np.fromfile(path, dtype="<f4").reshape(rows, dim)
model = MiniBatchKMeans(n_clusters=k, batch_size=batch, max_iter=epochs, n_init=1, max_no_improvement=None, tol=0.0,
                        init="k-means++", compute_labels=True, random_state=seed)
start = time.perf_counter()
model.fit(X)
seconds = time.perf_counter() - start
steps = model.n_steps_
print(json.dumps({"implementation": "scikit-learn " + sklearn_version, "rows": rows, "dim": dim, "k": k, "batch": batch,
                  "steps": steps, "seconds": seconds, "batch_rows_per_s": steps * batch / seconds,
                  "inertia_per_row": model.inertia_ / rows,
                  "thread_pools": [{key: pool.get(key) for key in ("user_api", "internal_api", "num_threads", "version")}
                                   for pool in threadpool_info()]}))
