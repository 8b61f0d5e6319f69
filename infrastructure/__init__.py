"""The infrastructure: how Collegia is stored and run, around the domain (governance/) and its read models
(projections/).

- `config`: the settings, from `COLLEGIA_*` environment variables;
- `system`: the composition root (`bootstrap`), wiring the application, the stores and the projector;
- `application`: the domain's application service on a real store (sealed snapshots, turns between
  threads and processes, the register's hash chain);
- `chain_store`, `register_chain`, `register_audit`: the event recorders that chain each pole's register,
  and its verification; `eventlog`: export and import;
- `snapshot_seal`, `snapshots`: how snapshots are stored (sealed, and packed for large proposals);
- `turns`: commands on one aggregate take turns across processes;
- `worker`: the projection worker of the production mode.

It imports the domain and the read models; neither imports it (tests/unit/test_layers.py).
"""
