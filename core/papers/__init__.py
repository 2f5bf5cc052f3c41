"""Papers printed from one record (issue 14): receipts, transfer slips,
notices, and the books of a period.

A paper is a builder ``(store, record_id, issue: IssueInfo) -> ReportDoc``
(``core.papers.registry.PAPERS``) written by the report's DOCX and PDF writers,
so the Nghị định 30 layout is shared.  An issued paper is kept as issued
(``core.papers.issued``: table ``giay_to``, the document's JSON snapshot).
The books (``core.papers.books``) return rows; ``core.papers.book_writers``
writes them as landscape DOCX, PDF and XLSX.  This layer reads
``core.records`` and writes through ``core.report``; it never imports
safety, io, commands or ui.
"""
