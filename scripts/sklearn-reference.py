#!/usr/bin/python3
"""Extra scikit-learn reference values: K-Means with sklearn's *default* tol (1e-4) from the
given initial rows of each shared fixture (the shared references run to full convergence).
Run with Debian's python3-sklearn:
  /usr/bin/python3 scripts/sklearn-reference.py > tests/fixtures/default_tol.reference.json
  /usr/bin/python3 scripts/sklearn-reference.py --extra > tests/fixtures/extra.reference.json"""
import csv
import json
import sys

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler

def default_tol_references():
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
  return out


def extra_references():
    """Scalers, adjusted Rand index and best inertia with n_init=4, for tests/unit/ml/sweep.test.ts."""
    from sklearn.metrics import adjusted_rand_score
    from sklearn.preprocessing import MinMaxScaler, RobustScaler

    result = {"generator": f"scikit-learn {sklearn.__version__}", "fixtures": {}}
    for name in ["blobs_300", "overlap_2000"]:
        ref = json.load(open(f"tests/fixtures/{name}.reference.json"))
        rows = list(csv.DictReader(open(f"tests/fixtures/{ref['csv']}")))
        raw = np.array([[float(r[f]) for f in ref["features"]] for r in rows])
        X = StandardScaler().fit_transform(raw)
        robust = RobustScaler().fit(raw)
        minmax = MinMaxScaler().fit(raw)
        labels = [np.array(km["labels"]) for km in ref["kmeans"]]
        best = {}
        singles = {}
        for k in range(2, 9):
            singles[k] = [float(KMeans(k, n_init=1, random_state=s).fit(X).inertia_) for s in range(4)]
            best[k] = min(singles[k])
        from sklearn.cluster import DBSCAN, AgglomerativeClustering

        head = X[:600]
        ward = {str(k): AgglomerativeClustering(n_clusters=k, linkage="ward").fit(head).labels_.tolist() for k in (3, 4, 6)}
        dbscan = DBSCAN(eps=0.6, min_samples=8).fit(head).labels_.tolist()
        result["fixtures"][name] = {
            "ward_first600": ward,
            "dbscan_first600_eps0_6_min8": dbscan,
            "robust_center": robust.center_.tolist(),
            "robust_scale": robust.scale_.tolist(),
            "minmax_min": minmax.data_min_.tolist(),
            "minmax_range": minmax.data_range_.tolist(),
            "ari_first_second": float(adjusted_rand_score(labels[0], labels[1])),
            "ari_second_last": float(adjusted_rand_score(labels[1], labels[-1])),
            "best_inertia_n_init_4": {str(k): v for k, v in best.items()},
            "single_start_inertias": {str(k): v for k, v in singles.items()},
        }
    return result


if __name__ == "__main__":
    extra = len(sys.argv) > 1 and sys.argv[1] == "--extra"
    json.dump(extra_references() if extra else default_tol_references(), sys.stdout)
