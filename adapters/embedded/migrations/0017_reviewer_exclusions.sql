-- Further organizations a reviewer must not review, besides their own (a JSON list).
ALTER TABLE reviewers ADD COLUMN excluded_organizations TEXT NOT NULL DEFAULT '[]';
