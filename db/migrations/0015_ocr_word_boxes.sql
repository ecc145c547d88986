-- Where each word read by OCR sits on its page, so the page view can mark and select
-- words on scanned pages as it does on pages with a text layer: a JSON list of lines,
-- each a list of [word, left, top, right, bottom] in points from the page's top left
-- (as drawn: rotation applied). Pages read before this keep '[]' until read again.
ALTER TABLE ocr_pages ADD COLUMN word_boxes TEXT NOT NULL DEFAULT '[]';
