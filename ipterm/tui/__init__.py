"""The terminal UI.

Textual paints changed regions on a fixed grid of 1/TEXTUAL_FPS seconds, so a key press waits for the next
grid point before it shows: up to 16.7 ms at Textual's default of 60. ipterm draws only when something
changed, so a finer grid costs nothing while idle and keeps key-to-screen latency under one 60 Hz frame.
A TEXTUAL_FPS set in the environment wins. This must run before Textual is first imported.
"""

import os

FRAMES_PER_SECOND = "120"
os.environ.setdefault("TEXTUAL_FPS", FRAMES_PER_SECOND)
