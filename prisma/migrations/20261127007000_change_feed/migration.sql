-- The change feed (src/db/change-feed.ts): each app process LISTENs, and learns without asking that the data
-- generation rose or that a session changed; notifications are sent at commit, in commit order.

-- Whatever raises the generation (the triggers of every data table, a restore) announces the new number.
CREATE FUNCTION "notify_data_generation"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('portal_generation', NEW."n"::text);
  RETURN NULL;
END $$;

CREATE TRIGGER data_generation_notify AFTER UPDATE ON "DataGeneration"
  FOR EACH ROW EXECUTE FUNCTION "notify_data_generation"();

-- A session written, ended or expired: every process forgets its copy ('*' for all of them).
CREATE FUNCTION "notify_session_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('portal_session', '*');
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('portal_session', OLD.sid);
  ELSE
    PERFORM pg_notify('portal_session', NEW.sid);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER session_notify AFTER INSERT OR UPDATE OR DELETE ON "session"
  FOR EACH ROW EXECUTE FUNCTION "notify_session_change"();
CREATE TRIGGER session_notify_truncate AFTER TRUNCATE ON "session"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_session_change"();
