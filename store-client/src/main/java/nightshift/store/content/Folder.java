package nightshift.store.content;

/** A container: its children are the content. The root of every store is a Folder. */
public record Folder(String title, String description) {
    public Folder {
        title = title == null ? "" : title;
        description = description == null ? "" : description;
    }

    public static Folder titled(String title) {
        return new Folder(title, "");
    }

    public Folder withTitle(String newTitle) {
        return new Folder(newTitle, description);
    }
}
