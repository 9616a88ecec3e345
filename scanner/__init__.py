"""kling-posture: Kling AI integration posture scanner."""

__version__ = "0.1.0"
