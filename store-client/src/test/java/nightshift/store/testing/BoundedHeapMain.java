package nightshift.store.testing;

import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;

/**
 * Child process, run with a small -Xmx: stages COUNT documents in one folder in one session and commits them,
 * then walks the folder in a new session reading every title. Prints counts, timings and the peak heap.
 * Args: url user passwordFile count
 */
public final class BoundedHeapMain {
    private BoundedHeapMain() {
    }

    public static void main(String[] args) {
        int count = Integer.parseInt(args[3]);
        try (Store store = Store.open(ChildJvm.config(args[0], args[1], args[2]).build())) {
            long t0 = System.nanoTime();
            try (Session s = store.openSession("bulk")) {
                Node folder = s.create(s.root(), "million", Folder.titled("a big folder"));
                for (int i = 0; i < count; i++) {
                    s.create(folder, String.format("doc-%07d", i), Document.of("Document " + i, "body " + i));
                }
                s.commit(TxInfo.of("bulk"));
            }
            long t1 = System.nanoTime();
            long walked = 0;
            long titleChars = 0;
            try (Session s = store.openSession()) {
                Node folder = s.get("/million");
                try (var children = s.children(folder)) {
                    for (Node n : (Iterable<Node>) children::iterator) {
                        titleChars += n.object(Document.class).title().length();
                        walked++;
                    }
                }
            }
            long t2 = System.nanoTime();
            System.out.printf("created=%d createMs=%d walked=%d walkMs=%d titleChars=%d %s%n",
                    count, (t1 - t0) / 1_000_000, walked, (t2 - t1) / 1_000_000, titleChars, ChildJvm.peakHeap());
        }
    }
}
