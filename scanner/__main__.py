"""``python -m kling_posture``."""

from .cli import main

main()
