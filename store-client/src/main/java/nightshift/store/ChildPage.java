package nightshift.store;

import java.util.List;
import java.util.Optional;

/** One page of a folder's children, ordered by name, and the page after it if there may be one. */
public record ChildPage(List<Node> nodes, Optional<Page> next) {
    public ChildPage {
        nodes = List.copyOf(nodes);
    }
}
