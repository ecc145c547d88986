-- Who an item is addressed to, when the paper says: the responsible body of an
-- area SEND report's table row ("Local area partnership", "ICB"), or the agency
-- sub-heading of a joint (JTAI) letter's areas for improvement ("Police",
-- "Health"). Read from the paper by extraction; NULL when the paper names nobody.
-- Workspaces filled before this get it on the next `recommendations extract`.
ALTER TABLE recommendations ADD COLUMN addressed_to TEXT;
