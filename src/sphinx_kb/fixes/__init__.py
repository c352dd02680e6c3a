"""Workarounds for other projects' bugs, each naming the upstream issue it works around;
those that patch follow ``upstream.py``.
"""
