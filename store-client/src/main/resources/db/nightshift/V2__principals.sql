-- Principals and node security, for the security-context module (nightshift.security). Users and groups live
-- here, not in the object tree: they are not content, and no snapshot should hide a disabled flag. Node rules are
-- keyed by node oid, which stays the same when a node is moved or renamed.

CREATE TABLE ns_principal (
    id           text    COLLATE "C" PRIMARY KEY,
    kind         text    NOT NULL CHECK (kind IN ('user', 'group')),
    display_name text    NOT NULL,
    disabled     boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK (id <> '' AND id <> 'system')
);

-- Global roles: held everywhere in the tree (local roles add to them, blocked inheritance does not remove them).
CREATE TABLE ns_principal_role (
    principal text NOT NULL REFERENCES ns_principal (id) ON DELETE CASCADE,
    role      text NOT NULL CHECK (role IN ('Manager', 'Editor', 'Contributor', 'Reader', 'Authenticated')),
    PRIMARY KEY (principal, role)
);

-- Group membership; a member may itself be a group (membership is transitive).
CREATE TABLE ns_group_member (
    group_id text NOT NULL REFERENCES ns_principal (id) ON DELETE CASCADE,
    member   text NOT NULL REFERENCES ns_principal (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, member),
    CHECK (group_id <> member)
);
CREATE INDEX ns_group_member_member ON ns_group_member (member);

-- Local roles: a role held on one node and everything below it (down to a node that blocks inheritance).
CREATE TABLE ns_local_role (
    node_oid  bigint NOT NULL,
    principal text   NOT NULL REFERENCES ns_principal (id) ON DELETE CASCADE,
    role      text   NOT NULL CHECK (role IN ('Manager', 'Editor', 'Contributor', 'Reader', 'Authenticated')),
    PRIMARY KEY (node_oid, principal, role)
);

-- Per node: whether local roles from above stop here.
CREATE TABLE ns_node_security (
    node_oid          bigint  PRIMARY KEY,
    block_inheritance boolean NOT NULL DEFAULT false
);

-- Per node: a role gains (granted) or loses (not granted) a permission here and below, over what it inherits.
CREATE TABLE ns_node_permission (
    node_oid   bigint  NOT NULL,
    role       text    NOT NULL CHECK (role IN ('Manager', 'Editor', 'Contributor', 'Reader', 'Authenticated', 'Owner')),
    permission text    NOT NULL CHECK (permission IN ('View', 'AddContent', 'Modify', 'Delete', 'ManageUsers', 'Manage')),
    granted    boolean NOT NULL,
    PRIMARY KEY (node_oid, role, permission)
);
