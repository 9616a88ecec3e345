"""The kling-posture rule catalogue: one ``KP-*.toml`` metadata file and one check module per
control. Loaded and validated by :mod:`kling_posture.catalogue`."""
