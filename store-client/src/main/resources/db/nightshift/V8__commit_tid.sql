-- The tid of the transaction being committed, for statements sent in the same round trip as the commit's own
-- (CommitHook.asStatements), which cannot wait for the client to learn the tid. The commit's ns_tx insert sets it for
-- its own database transaction only, so it is NULL before that insert, after the COMMIT, and in a transaction that
-- wrote nothing.
CREATE FUNCTION ns_tid() RETURNS bigint LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('nightshift.tid', true), '')::bigint $$;
