"""What readers see: the notice, tags and topic pages, related articles, backlinks and term
pages, previews, search, the sidebar, metadata, review dates, the evidence map, sources.
"""
