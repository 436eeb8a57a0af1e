"""Measuring the reading against gold: an editor's checks on the seeds, PolNeAR spans, metrics."""
