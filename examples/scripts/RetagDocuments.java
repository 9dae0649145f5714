// Add a tag to every Document directly in a folder, in one transaction:
//   nightshift script examples/scripts/RetagDocuments.java --as editor -- --folder /MySite --tag reviewed
import java.util.ArrayList;
import java.util.List;
import nightshift.jobs.Job;
import nightshift.jobs.JobContext;
import nightshift.store.Node;
import nightshift.store.content.Document;
import picocli.CommandLine.Option;

public class RetagDocuments implements Job {
    @Option(names = "--folder", defaultValue = "/MySite")
    String folder;

    @Option(names = "--tag", required = true)
    String tag;

    public void run(JobContext ctx) {
        List<Node> docs = ctx.session().children(ctx.session().get(folder)).filter(n -> n.is(Document.class)).toList();
        int changed = 0;
        for (Node n : docs) {
            Document d = n.object(Document.class);
            if (!d.tags().contains(tag)) {
                List<String> tags = new ArrayList<>(d.tags());
                tags.add(tag);
                ctx.session().update(n.withObject(d.withTags(tags)));
                changed++;
            }
        }
        ctx.note("tagged " + changed + " documents in " + folder + " with " + tag);
    }
}
