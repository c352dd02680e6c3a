"""Optional speed-ups. Most patch another project and follow ``upstream.py``: each applies
only to the versions it was checked against; ``kb_speedups = False`` turns them all off.
"""
