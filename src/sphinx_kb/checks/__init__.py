"""What the build refuses: bad content, open fences, front matter that changes the page head,
unsafe links, files from outside the source folder, bibliography problems, copied text.
"""
