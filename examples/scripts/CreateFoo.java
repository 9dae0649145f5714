// As a user, create a Document named Foo in /MySite and commit (the runner commits when run returns):
//   nightshift script examples/scripts/CreateFoo.java --as someuser
import nightshift.jobs.Job;
import nightshift.jobs.JobContext;
import nightshift.store.content.Document;

public class CreateFoo implements Job {
    public void run(JobContext ctx) {
        ctx.session().create(ctx.session().get("/MySite"), "Foo", Document.of("Foo", "made by a script as " + ctx.user()));
    }
}
