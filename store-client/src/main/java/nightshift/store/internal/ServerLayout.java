package nightshift.store.internal;

import java.nio.file.Path;

/** Where the embedded store server keeps its files under one store directory. */
public record ServerLayout(Path directory) {

    public ServerLayout {
        directory = directory.toAbsolutePath().normalize();
    }

    /** The PostgreSQL cluster. */
    public Path pgdata() {
        return directory.resolve("pgdata");
    }

    /** Where initdb builds a new cluster before it is renamed to {@link #pgdata()}. */
    public Path pgdataInProgress() {
        return directory.resolve("pgdata.initdb");
    }

    /** Locked around every start, stop and attach decision. */
    public Path lockFile() {
        return directory.resolve("server.lock");
    }

    /** The port of the last successful start; removed on stop. */
    public Path portFile() {
        return directory.resolve("server.port");
    }

    /** The superuser's password, mode 0600. */
    public Path passwordFile() {
        return directory.resolve("password");
    }

    /** The password of a cluster initdb is still building. */
    public Path passwordInProgress() {
        return directory.resolve("password.initdb");
    }

    /** pg_ctl's server log; initdb's and pg_ctl's own output is appended too. */
    public Path logFile() {
        return directory.resolve("server.log");
    }

    /** PostgreSQL's own lock file, written by a running postmaster. */
    public Path postmasterPidFile() {
        return pgdata().resolve("postmaster.pid");
    }
}
