"""Reading articles: document files (plain text, Markdown, HTML, .docx, PDF) turned into text.

:mod:`.reading` reads a file into an :class:`~.reading.ImportedDocument`; :mod:`.text` normalises
the text once, fingerprints it and holds the size limit.
"""
