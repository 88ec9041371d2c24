"""Reading articles: document files (plain text, Markdown, HTML, .docx, PDF) turned into text.

:mod:`.reading` reads a file into an :class:`~.reading.ImportedDocument` (the entry point, which
also decides titles), with a reader for each kind of file: :mod:`.text_encodings` (a text file's
encoding), :mod:`.markdown_files`, :mod:`.html_pages`, :mod:`.docx_files`, :mod:`.pdf_files`.
:mod:`.text` normalises the text once, fingerprints it and holds the size limit.
"""
