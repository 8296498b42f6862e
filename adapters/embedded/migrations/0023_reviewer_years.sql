-- The calls each reviewer reviews for (a JSON list of years): the year they were added
-- in, and each year they were carried to. Reviewers kept before years are 2024's.
ALTER TABLE reviewers ADD COLUMN years TEXT NOT NULL DEFAULT '[2024]';
