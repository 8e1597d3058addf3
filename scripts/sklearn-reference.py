#!/usr/bin/python3
"""Extra scikit-learn reference values: K-Means with sklearn's *default* tol (1e-4) from the
given initial rows of each shared fixture (the shared references run to full convergence).
Run with Debian's python3-sklearn: /usr/bin/python3 scripts/sklearn-reference.py"""
import csv
import json
import sys

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler

out = {"generator": f"scikit-learn {sklearn.__version__}", "tol": 1e-4, "fixtures": {}}
for name in ["blobs_300", "overlap_2000"]:
    ref = json.load(open(f"tests/fixtures/{name}.reference.json"))
    rows = list(csv.DictReader(open(f"tests/fixtures/{ref['csv']}")))
    X = StandardScaler().fit_transform(np.array([[float(r[f]) for f in ref["features"]] for r in rows]))
    fits = []
    for km in ref["kmeans"]:
        m = KMeans(km["k"], init=X[km["init_row_indices"]], n_init=1, tol=1e-4, algorithm="lloyd").fit(X)
        fits.append({"k": km["k"], "n_iter": int(m.n_iter_), "inertia": float(m.inertia_), "labels": m.labels_.tolist()})
    out["fixtures"][name] = fits
json.dump(out, sys.stdout)
