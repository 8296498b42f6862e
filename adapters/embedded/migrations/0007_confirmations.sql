-- The confirmation e-mail of a submission: `pending`, `sending:<until>` or `sent:<at>`,
-- written with the status change (casebook_core::confirmation).
ALTER TABLE applications ADD COLUMN confirmation TEXT;
