-- The words OCR was least sure of on each scanned page (a JSON list, in reading
-- order), so the Reader can show them faintly. Pages read before this keep '[]'.
ALTER TABLE ocr_pages ADD COLUMN faint_words TEXT NOT NULL DEFAULT '[]';
