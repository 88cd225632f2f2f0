-- Full-text search (FTS5) over each resource's text fields. The indexes use the tables as their
-- external content and are kept in step by triggers, so every write updates them in its own
-- transaction. (After a VACUUM, which may renumber rowids, run: INSERT INTO <t>_fts(<t>_fts) VALUES('rebuild').)
CREATE VIRTUAL TABLE `participants_fts` USING fts5(name, short_name, title, description, content='participants', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `participants_fts_insert` AFTER INSERT ON `participants` BEGIN
  INSERT INTO `participants_fts`(rowid, name, short_name, title, description) VALUES (new.rowid, new.name, new.short_name, new.title, new.description);
END;
--> statement-breakpoint
CREATE TRIGGER `participants_fts_delete` AFTER DELETE ON `participants` BEGIN
  INSERT INTO `participants_fts`(`participants_fts`, rowid, name, short_name, title, description) VALUES ('delete', old.rowid, old.name, old.short_name, old.title, old.description);
END;
--> statement-breakpoint
CREATE TRIGGER `participants_fts_update` AFTER UPDATE ON `participants` BEGIN
  INSERT INTO `participants_fts`(`participants_fts`, rowid, name, short_name, title, description) VALUES ('delete', old.rowid, old.name, old.short_name, old.title, old.description);
  INSERT INTO `participants_fts`(rowid, name, short_name, title, description) VALUES (new.rowid, new.name, new.short_name, new.title, new.description);
END;
--> statement-breakpoint
INSERT INTO `participants_fts`(`participants_fts`) VALUES ('rebuild');
--> statement-breakpoint
CREATE VIRTUAL TABLE `summits_fts` USING fts5(name, series, description, location, content='summits', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `summits_fts_insert` AFTER INSERT ON `summits` BEGIN
  INSERT INTO `summits_fts`(rowid, name, series, description, location) VALUES (new.rowid, new.name, new.series, new.description, new.location);
END;
--> statement-breakpoint
CREATE TRIGGER `summits_fts_delete` AFTER DELETE ON `summits` BEGIN
  INSERT INTO `summits_fts`(`summits_fts`, rowid, name, series, description, location) VALUES ('delete', old.rowid, old.name, old.series, old.description, old.location);
END;
--> statement-breakpoint
CREATE TRIGGER `summits_fts_update` AFTER UPDATE ON `summits` BEGIN
  INSERT INTO `summits_fts`(`summits_fts`, rowid, name, series, description, location) VALUES ('delete', old.rowid, old.name, old.series, old.description, old.location);
  INSERT INTO `summits_fts`(rowid, name, series, description, location) VALUES (new.rowid, new.name, new.series, new.description, new.location);
END;
--> statement-breakpoint
INSERT INTO `summits_fts`(`summits_fts`) VALUES ('rebuild');
--> statement-breakpoint
CREATE VIRTUAL TABLE `agreements_fts` USING fts5(title, summary, text, content='agreements', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `agreements_fts_insert` AFTER INSERT ON `agreements` BEGIN
  INSERT INTO `agreements_fts`(rowid, title, summary, text) VALUES (new.rowid, new.title, new.summary, new.text);
END;
--> statement-breakpoint
CREATE TRIGGER `agreements_fts_delete` AFTER DELETE ON `agreements` BEGIN
  INSERT INTO `agreements_fts`(`agreements_fts`, rowid, title, summary, text) VALUES ('delete', old.rowid, old.title, old.summary, old.text);
END;
--> statement-breakpoint
CREATE TRIGGER `agreements_fts_update` AFTER UPDATE ON `agreements` BEGIN
  INSERT INTO `agreements_fts`(`agreements_fts`, rowid, title, summary, text) VALUES ('delete', old.rowid, old.title, old.summary, old.text);
  INSERT INTO `agreements_fts`(rowid, title, summary, text) VALUES (new.rowid, new.title, new.summary, new.text);
END;
--> statement-breakpoint
INSERT INTO `agreements_fts`(`agreements_fts`) VALUES ('rebuild');
--> statement-breakpoint
CREATE VIRTUAL TABLE `commitments_fts` USING fts5(text, summary, code, content='commitments', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `commitments_fts_insert` AFTER INSERT ON `commitments` BEGIN
  INSERT INTO `commitments_fts`(rowid, text, summary, code) VALUES (new.rowid, new.text, new.summary, new.code);
END;
--> statement-breakpoint
CREATE TRIGGER `commitments_fts_delete` AFTER DELETE ON `commitments` BEGIN
  INSERT INTO `commitments_fts`(`commitments_fts`, rowid, text, summary, code) VALUES ('delete', old.rowid, old.text, old.summary, old.code);
END;
--> statement-breakpoint
CREATE TRIGGER `commitments_fts_update` AFTER UPDATE ON `commitments` BEGIN
  INSERT INTO `commitments_fts`(`commitments_fts`, rowid, text, summary, code) VALUES ('delete', old.rowid, old.text, old.summary, old.code);
  INSERT INTO `commitments_fts`(rowid, text, summary, code) VALUES (new.rowid, new.text, new.summary, new.code);
END;
--> statement-breakpoint
INSERT INTO `commitments_fts`(`commitments_fts`) VALUES ('rebuild');
