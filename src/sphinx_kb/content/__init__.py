"""The site model: which pages are articles, their front matter and head, the glossary
(walked once), claims and the certainty scale, and the registered sources.
"""
