-- A veto a commit hook sends in the COMMIT's own round trip (CommitHook.withCommit): a statement there cannot hand
-- its answer to the client before the COMMIT runs, so it refuses by raising, and the server skips the COMMIT.
-- SQLSTATE NS001 marks the refusal; the client reports its message (CommitRefusedException).
CREATE FUNCTION ns_require(ok boolean, refusal text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    IF ok IS NOT TRUE THEN
        RAISE EXCEPTION USING ERRCODE = 'NS001', MESSAGE = refusal;
    END IF;
    RETURN true;
END
$$;
