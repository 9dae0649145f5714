package nightshift.cli.readme;

import java.util.List;
import nightshift.store.content.Folder;

final class FolderTypes {
    private FolderTypes() {
    }

    static Folder news() {
        // tag::allowed-types[]
        Folder news = Folder.titled("News").withAllowedTypes(List.of("NewsItem"));   // simple or full class names
        // end::allowed-types[]
        return news;
    }
}
