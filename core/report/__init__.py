"""The report: periods, statistics (one computation of each figure), prose,
annexes, outlines, saved reports, the document model and its DOCX/PDF
writers.  Reads ``core.records``; never imports safety, io or commands."""
