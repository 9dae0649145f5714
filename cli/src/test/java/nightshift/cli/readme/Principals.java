package nightshift.cli.readme;

// tag::principals[]
import nightshift.security.Permission;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.Session;
import nightshift.store.Store;

// end::principals[]
final class Principals {
    private Principals() {
    }

    static void setUp(Store store) {
        // tag::principals[]
        PrincipalDirectory dir = PrincipalDirectory.of(store);
        dir.addUser("bob", "Bob Smith");
        dir.grant("bob", Role.CONTRIBUTOR);                  // a global role, held everywhere
        dir.addGroup("newsdesk", "News desk");
        dir.addToGroup("bob", "newsdesk");                   // groups may contain groups
        try (Session s = store.openSession()) {
            dir.grantLocal("newsdesk", Role.EDITOR, s.get("/site/news"));   // a local role: /site/news and below
            dir.blockInheritance(s.get("/site/news/embargo"), true);        // local roles from above stop here
            dir.setPermission(s.get("/site/archive"), Role.READER, Permission.VIEW, false);  // an override, inherited down
        }
        dir.disable("bob");                                  // bob can no longer act; enable("bob") undoes it
        // end::principals[]
    }
}
