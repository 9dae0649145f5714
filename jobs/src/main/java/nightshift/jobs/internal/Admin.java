package nightshift.jobs.internal;

import nightshift.jobs.JobContext;
import nightshift.security.Permission;
import nightshift.security.SecureSession;

/** The housekeeping jobs are store administration: Manage at the root, which a Manager and the system context have. */
final class Admin {
    private Admin() {
    }

    static void require(JobContext ctx) {
        SecureSession s = ctx.session();
        s.policy().check(s.context(), Permission.MANAGE, s.root());
    }
}
