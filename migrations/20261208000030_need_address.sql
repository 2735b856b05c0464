-- Where a need is, as its resident typed it on the help page (sealed like the contact).
ALTER TABLE needs ADD COLUMN address TEXT;
