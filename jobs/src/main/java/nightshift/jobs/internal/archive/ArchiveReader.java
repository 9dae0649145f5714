package nightshift.jobs.internal.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nightshift.jobs.BadParameterException;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.security.SecureSession;
import nightshift.store.InvalidNameException;
import nightshift.store.NameTakenException;
import nightshift.store.Node;
import nightshift.store.TypeRegistry;
import nightshift.store.UnregisteredTypeException;
import nightshift.store.content.Folder;

/**
 * Recreates an archive's subtree through a session, one line at a time: the header first (format, version, and
 * every type it names registered here), then each node after its parent, created with its recorded owner, its
 * local roles queued for the commit. Nothing is kept per line but the chain of ancestors of the current one, so a
 * million-line archive imports in bounded memory (the session spills its staged writes to the server). The first
 * bad line stops it with a {@link BadParameterException} naming the line; the caller's transaction is then aborted
 * and nothing is imported.
 */
public final class ArchiveReader {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Where the archive goes and what to do about nodes already there. */
    public record Target(String into, boolean replace) {
    }

    private record Placed(String relative, Node node) {
    }

    private final SecureSession session;
    private final PrincipalDirectory principals;
    private final LocalRoleWrites roles;
    private final Runnable step;
    private final Map<String, Class<?>> classes = new TreeMap<>();
    private final Map<String, Boolean> knownPrincipals = new HashMap<>();
    private final JsonObjects objects;
    private String file;
    private long line;

    public ArchiveReader(SecureSession session, TypeRegistry registry, PrincipalDirectory principals, LocalRoleWrites roles,
            Runnable step) {
        this.session = session;
        this.principals = principals;
        this.roles = roles;
        this.step = step;
        for (int id : registry.types().keySet()) {
            registry.classOf(id).ifPresent(c -> classes.put(c.getName(), c));
        }
        this.objects = new JsonObjects(classes::get);
    }

    /** Reads the whole archive; returns the number of nodes staged. */
    public long read(BufferedReader in, String fileName, Target target) throws IOException {
        this.file = fileName;
        JsonNode header = next(in);
        if (header == null) {
            throw bad("the file is empty; an archive starts with its header line (made by `nightshift run export`)");
        }
        header(header);
        List<Placed> chain = new ArrayList<>();
        long count = 0;
        for (JsonNode node; (node = next(in)) != null; ) {
            nodeLine(node, chain, target);
            count++;
            step.run();
        }
        if (count == 0) {
            throw bad("the archive has a header but no nodes");
        }
        return count;
    }

    private JsonNode next(BufferedReader in) throws IOException {
        for (String text; (text = in.readLine()) != null; ) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(text);
                if (!node.isObject()) {
                    throw bad("not a JSON object");
                }
                return node;
            } catch (JsonProcessingException e) {
                throw bad("not valid JSON (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
            }
        }
        return null;
    }

    private void header(JsonNode h) {
        if (!ArchiveFormat.FORMAT.equals(h.path(ArchiveFormat.K_FORMAT).asText(null))) {
            throw bad("not a nightshift archive header (it needs \"format\":\"" + ArchiveFormat.FORMAT + "\");"
                    + " is this a file made by `nightshift run export`?");
        }
        JsonNode version = h.get(ArchiveFormat.K_VERSION);
        if (version == null || !version.isInt() || version.intValue() != ArchiveFormat.VERSION) {
            throw bad("archive format version " + version + " is not one this nightshift reads (it reads "
                    + ArchiveFormat.VERSION + "); import it with the nightshift version that exported it");
        }
        JsonNode types = h.get(ArchiveFormat.K_TYPES);
        if (types == null || !types.isArray()) {
            throw bad("the header has no \"types\" array");
        }
        for (JsonNode t : types) {
            String name = t.path(ArchiveFormat.K_CLASS).asText("");
            if (!classes.containsKey(name)) {
                throw bad("the archive holds type " + name + ", which is not registered in this store" + registerHint());
            }
        }
    }

    private void nodeLine(JsonNode n, List<Placed> chain, Target target) {
        String path = text(n, ArchiveFormat.K_PATH);
        String typeName = text(n, ArchiveFormat.K_TYPE);
        String owner = text(n, ArchiveFormat.K_OWNER);
        if (owner.isBlank()) {
            throw bad("\"owner\" is empty");
        }
        Class<?> type = classes.get(typeName);
        if (type == null) {
            throw bad("type " + typeName + " is not registered in this store" + registerHint());
        }
        Object object;
        try {
            object = objects.build(type, n.get(ArchiveFormat.K_FIELDS));
        } catch (BadParameterException e) {
            throw bad(path(path) + ": " + e.getMessage());
        }
        try {
            Node created;
            if (chain.isEmpty()) {
                if (!path.isEmpty()) {
                    throw bad("the first node must be the export root (\"path\":\"\"), not '" + path + "'");
                }
                created = placeRoot(target, object, owner);
            } else {
                if (path.isEmpty()) {
                    throw bad("a second root (\"path\":\"\"); the archive has one root, on the line after the header");
                }
                int slash = path.lastIndexOf('/');
                String parentRel = slash < 0 ? "" : path.substring(0, slash);
                String name = path.substring(slash + 1);
                while (!chain.isEmpty() && !chain.get(chain.size() - 1).relative().equals(parentRel)) {
                    chain.remove(chain.size() - 1);
                }
                if (chain.isEmpty()) {
                    throw bad("the parent of '" + path + "' does not come before it; every node must follow its parent"
                            + " (depth first, as export writes them)");
                }
                Node parent = chain.get(chain.size() - 1).node();
                if (parent.oid() == Node.ROOT_OID) {
                    clearClash(parent, name, target);
                }
                created = session.create(parent, name, object, owner);
            }
            chain.add(new Placed(path, created));
            localRoles(n, created);
        } catch (InvalidNameException | NameTakenException | UnregisteredTypeException | IllegalArgumentException e) {
            throw bad(path(path) + ": " + e.getMessage());
        }
    }

    private Node placeRoot(Target target, Object object, String owner) {
        if (target.into().equals("/")) {
            if (!(object instanceof Folder)) {
                throw bad("the root of a store is a Folder and this archive's root is a " + object.getClass().getSimpleName()
                        + "; import it into a path below / (--into /NAME)");
            }
            // The store's root always exists and keeps its owner; it takes the archive root's object.
            return session.update(session.root().withObject(object));
        }
        int slash = target.into().lastIndexOf('/');
        Node parent = session.get(slash == 0 ? "/" : target.into().substring(0, slash));
        String name = target.into().substring(slash + 1);
        clearClash(parent, name, target);
        return session.create(parent, name, object, owner);
    }

    /** A node already at that name: deleted (with its subtree) under --replace, else the import is refused. */
    private void clearClash(Node parent, String name, Target target) {
        String path = parent.path().equals("/") ? "/" + name : parent.path() + "/" + name;
        if (!session.exists(path)) {
            return;
        }
        if (!target.replace()) {
            throw bad("'" + path + "' already exists; import into another path, or pass --replace to delete it"
                    + " (and everything below it) and import the archive's");
        }
        session.delete(session.get(path));
    }

    private void localRoles(JsonNode n, Node created) {
        JsonNode lr = n.get(ArchiveFormat.K_LOCAL_ROLES);
        if (lr == null || lr.isNull()) {
            return;
        }
        if (!lr.isObject()) {
            throw bad("\"localRoles\" must be an object: principal to an array of roles");
        }
        for (Map.Entry<String, JsonNode> e : lr.properties()) {
            String principal = e.getKey();
            if (!knownPrincipals.computeIfAbsent(principal, p -> principals.find(p).isPresent())) {
                throw bad("local role for '" + principal + "', who is not a user or group in this store; add it first"
                        + " (`nightshift users add " + principal + "`) or remove the role from the line");
            }
            if (!e.getValue().isArray()) {
                throw bad("the local roles of '" + principal + "' must be an array of role names");
            }
            for (JsonNode r : e.getValue()) {
                Role role;
                try {
                    role = Role.parse(r.asText());
                } catch (IllegalArgumentException ex) {
                    throw bad(ex.getMessage());
                }
                if (!role.grantable()) {
                    throw bad("role " + role + " cannot be given as a local role");
                }
                roles.add(created.oid(), principal, role.label());
            }
        }
    }

    private String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.isTextual()) {
            throw bad("no \"" + key + "\" string");
        }
        return v.textValue();
    }

    private static String path(String relative) {
        return "'" + relative + "'";
    }

    private String registerHint() {
        return " (registered: " + String.join(", ", classes.keySet().stream().limit(12).toList())
                + (classes.size() > 12 ? ", ..." : "") + "); register it here (a TypeProvider, with --lib) or leave its lines out";
    }

    private BadParameterException bad(String what) {
        return new BadParameterException(file + ":" + line, file + " line " + line + ": " + what
                + "; nothing was imported");
    }
}
