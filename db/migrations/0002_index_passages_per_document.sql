-- New passages are indexed by one statement per document, in the import's own
-- transaction (storage/documents.py: insert_document), which costs half what a
-- trigger firing once per passage does. Deletes and updates stay on triggers.
DROP TRIGGER passages_ai;
