"""The people side: who did the data work behind a model, where, for how much."""
